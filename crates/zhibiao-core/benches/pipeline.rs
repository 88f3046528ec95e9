use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn pipeline(c: &mut Criterion) {
    let text = include_str!("../../../tests/data/jiangmen-2023.txt");
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("extract/jiangmen-2023", |b| {
        b.iter(|| zhibiao_core::extract("jiangmen-2023", std::hint::black_box(text)))
    });
    g.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
