//! Whether the tests that need PostgreSQL are built ignored: with no server named by
//! `ZHIBIAO_TEST_PG` when the tests are built, they are marked
//! `#[ignore = "needs PostgreSQL: set ZHIBIAO_TEST_PG"]` (cfg `zhibiao_no_pg`), so that
//! `cargo test` reports them as ignored instead of passing them without running.
//! `ZHIBIAO_REQUIRE_PG=1` (CI) never ignores them: a missing server fails them.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=ZHIBIAO_TEST_PG");
    println!("cargo::rerun-if-env-changed=ZHIBIAO_REQUIRE_PG");
    println!("cargo::rustc-check-cfg=cfg(zhibiao_no_pg)");
    let server = std::env::var("ZHIBIAO_TEST_PG").is_ok_and(|v| !v.trim().is_empty());
    let required = std::env::var("ZHIBIAO_REQUIRE_PG").is_ok_and(|v| v == "1");
    if !server && !required {
        println!("cargo::rustc-cfg=zhibiao_no_pg");
    }
}
