//! Step 3 throughput: MB/s of transcript through `extract_call` with the shipped
//! taxonomy, on generated calls. Each iteration of the first benchmark reads with a
//! fresh clone of the matcher (an empty memo), as a run does; the second keeps one
//! matcher, so after the first iteration every sentence comes from its memo.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use expansion_signals::model::Call;
use expansion_signals::pipeline::extract::{Matcher, extract_call};
use expansion_signals::references;
use std::hint::black_box;
use std::path::Path;

fn calls() -> (Vec<Call>, Matcher) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let refs = references::load_dir(&root.join("references"))
        .references
        .expect("shipped references parse");
    let dir = tempfile::tempdir().unwrap();
    let opts = expansion_signals::generate::Options::new(200, 7);
    expansion_signals::generate::generate(&opts, &refs.taxonomy, &refs.baselines, dir.path())
        .unwrap();
    let portfolio = expansion_signals::sources::DataDir::new(dir.path())
        .load_portfolio()
        .unwrap();
    (portfolio.calls, Matcher::new(&refs.taxonomy))
}

fn bench(c: &mut Criterion) {
    let (calls, matcher) = calls();
    let bytes: usize = calls
        .iter()
        .map(|c| c.transcript_text.as_deref().map_or(0, str::len))
        .sum();
    let mut g = c.benchmark_group("extraction");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    let read_all = |matcher: &Matcher| -> usize {
        calls
            .iter()
            .map(|c| extract_call(black_box(c), matcher, false).mentions.len())
            .sum()
    };
    g.bench_function("extract_call over 200 accounts' calls, empty memo", |b| {
        b.iter_batched(
            || matcher.clone(),
            |m| black_box(read_all(&m)),
            BatchSize::LargeInput,
        )
    });
    g.bench_function(
        "extract_call over the same calls, every sentence in the memo",
        |b| b.iter(|| black_box(read_all(&matcher))),
    );
    g.bench_function("anchor scan alone over the same transcripts, whole", |b| {
        b.iter(|| {
            let hits: usize = calls
                .iter()
                .filter_map(|c| c.transcript_text.as_deref())
                .map(|t| usize::from(!matcher.scan(black_box(t)).is_empty()))
                .sum();
            black_box(hits)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
