//! The pipeline stage by stage, each with `Throughput::Bytes` of the report's UTF-8 text, so
//! criterion prints MB/s per stage: `cargo bench -p zhibiao-core --bench pipeline`.
//!
//! Each stage is timed alone on the output of the stages before it (prepared outside the
//! timed loop): decode (bytes → text), layout, describe (document), sentences, quantities (over
//! every sentence of the body), and the whole `extract` (layout to indicators).
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use zhibiao_core::layout::{layout, Role};

const NAME: &str = "jiangmen-2023";
const TEXT: &str = include_str!("../../../tests/data/jiangmen-2023.txt");

/// Sentence spans of the body paragraphs, as the fact stage reads them.
fn body_sentences(l: &zhibiao_core::layout::Layout) -> Vec<(usize, usize)> {
    l.paragraphs
        .iter()
        .filter(|p| p.role != Role::Other)
        .flat_map(|p| zhibiao_core::sentence::sentences(&l.folded, p.start, p.end))
        .collect()
}

fn stages(c: &mut Criterion) {
    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(TEXT.len() as u64));
    let l = layout(TEXT);
    let spans = body_sentences(&l);
    g.bench_function("decode", |b| {
        b.iter(|| zhibiao_core::decode::decode(black_box(TEXT.as_bytes())))
    });
    g.bench_function("layout", |b| b.iter(|| layout(black_box(TEXT))));
    g.bench_function("describe", |b| {
        b.iter(|| zhibiao_core::document::describe(NAME, black_box(&l)))
    });
    g.bench_function("sentences", |b| b.iter(|| body_sentences(black_box(&l))));
    g.bench_function("quantities", |b| {
        b.iter(|| {
            spans
                .iter()
                .map(|&(s, e)| zhibiao_core::quantity::quantities(&l.folded, s, e).len())
                .sum::<usize>()
        })
    });
    g.bench_function("extract", |b| {
        b.iter(|| zhibiao_core::extract(NAME, black_box(TEXT)))
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
