//! The whole weekly run (read, steps 1-6, guards) on a generated 1,000-account portfolio.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use expansion_signals::engine::{self, Rules};
use expansion_signals::pipeline::Params;
use expansion_signals::sources::DataDir;
use expansion_signals::store::Store;
use std::hint::black_box;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rules = Rules::load(&root.join("references")).expect("shipped references parse");
    let dir = tempfile::tempdir().unwrap();
    let opts = expansion_signals::generate::Options::new(1_000, 11);
    let r = &rules.references;
    let summary =
        expansion_signals::generate::generate(&opts, &r.taxonomy, &r.baselines, dir.path())
            .unwrap();
    let source = DataDir::new(dir.path());
    let params = Params {
        as_of: opts.as_of,
        window_days: 7,
        cap_per_csm: 3,
    };
    let store = Store::open_in_memory().unwrap();
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(summary.transcript_bytes));
    g.sample_size(10);
    g.bench_function("run_week, 1,000 accounts", |b| {
        b.iter(|| {
            black_box(
                engine::run_week(&source, &rules, &params, &store)
                    .unwrap()
                    .digests
                    .len(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
