fn main() {
    let _ = zhibiao_core::extract("stdin", "");
}
