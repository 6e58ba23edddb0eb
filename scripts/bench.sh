#!/usr/bin/env bash
# Scale benchmark: generates portfolios of 1,000, 10,000 and 50,000 accounts, times
# `run --format json` on each against ripgrep searching the same files for the same
# trigger phrases, and prints a table (wall time, peak RSS, MB/s, run/ripgrep ratio)
# and whether the targets of the scale issue hold.
#
#   scripts/bench.sh                 # all three sizes
#   SIZES="1000 10000" scripts/bench.sh
#   BENCH_DIR=/big/disk scripts/bench.sh
#
# Each timing is the median of RUNS runs (default 3), after one warm-up run so that
# both tools read from the page cache.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 50000"}
RUNS=${RUNS:-3}
BENCH_DIR=${BENCH_DIR:-target/bench}
SEED=${SEED:-1}

need() {
  if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$2" ]; then
    echo "installing $3 from Debian packages…" >&2
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq >/dev/null
    $SUDO apt-get install -y -qq "$3" >/dev/null
  fi
}
need rg /usr/bin/rg ripgrep
need /usr/bin/time /usr/bin/time time

cargo build --release --quiet
BIN=target/release/expansion-signals
mkdir -p "$BENCH_DIR"
"$BIN" phrases > "$BENCH_DIR/phrases.txt"

# median WALL_SECONDS MAX_RSS_KB of "$@" over $RUNS runs (after a warm-up).
measure() {
  "$@" >/dev/null 2>&1 || true
  local out walls=() rss=()
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %M' -o "$BENCH_DIR/time.out" "$@" >/dev/null 2>&1 || true
    out=$(tail -n 1 "$BENCH_DIR/time.out")
    walls+=("${out% *}")
    rss+=("${out#* }")
  done
  local w r
  w=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p")
  r=$(printf '%s\n' "${rss[@]}" | sort -g | tail -n 1)
  echo "$w $r"
}

declare -A PER_ACCOUNT RSS_OF RATIO_OF
rows=()
for n in $SIZES; do
  dir="$BENCH_DIR/accounts-$n"
  if [ ! -f "$dir/calls.jsonl" ]; then
    "$BIN" generate --accounts "$n" --seed "$SEED" --out "$dir" >&2
  fi
  files=("$dir"/accounts.json "$dir"/calls.jsonl "$dir"/usage_events.json "$dir"/support_tickets.json "$dir"/stakeholder_changes.jsonl)
  mb=$(du -cb "${files[@]}" | tail -n 1 | awk '{printf "%.1f", $1 / 1e6}')

  read -r run_s run_kb < <(measure "$BIN" run --data "$dir" --as-of 2026-11-23 --format json --dry-run)
  read -r rg_s rg_kb < <(measure rg -i -c -F -f "$BENCH_DIR/phrases.txt" "${files[@]}")
  ratio=$(awk -v a="$run_s" -v b="$rg_s" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  mbs=$(awk -v m="$mb" -v s="$run_s" 'BEGIN { printf "%.0f", (s > 0 ? m / s : 0) }')
  per=$(awk -v s="$run_s" -v n="$n" 'BEGIN { printf "%.1f", s / n * 1e6 }')
  PER_ACCOUNT[$n]=$per; RSS_OF[$n]=$run_kb; RATIO_OF[$n]=$ratio
  rows+=("| $n | $mb | $run_s | $(( run_kb / 1024 )) | $mbs | $per | $rg_s | $ratio |")
done

lookup=""
if [[ " $SIZES " == *" 10000 "* ]]; then
  read -r lookup _ < <(measure "$BIN" account acc-004242 --data "$BENCH_DIR/accounts-10000" --as-of 2026-11-23)
fi

echo
echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)), median of $RUNS runs:"
echo
echo "| accounts | data MB | run s | run peak RSS MB | run MB/s | µs per account | ripgrep s | run / ripgrep |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
[ -n "$lookup" ] && echo && echo "\`account <id>\` on 10,000 accounts: ${lookup} s"

# The embedding stage (when the model is there: scripts/get-model.sh): one cold run
# (empty vector cache) and one warm run (the same week again) per size in EMBED_SIZES.
EMBED_MODEL=${EMBED_MODEL:-models/all-MiniLM-L6-v2}
EMBED_SIZES=${EMBED_SIZES:-"10000"}
embed_rows=()
if [ -f "$EMBED_MODEL/model.safetensors" ]; then
  for n in $EMBED_SIZES; do
    dir="$BENCH_DIR/accounts-$n"
    [ -f "$dir/calls.jsonl" ] || "$BIN" generate --accounts "$n" --seed "$SEED" --out "$dir" >&2
    db="$BENCH_DIR/embed-$n.db"
    rm -f "$db"
    for pass in cold warm; do
      /usr/bin/time -f '%e %M' -o "$BENCH_DIR/time.out" "$BIN" run --data "$dir" --as-of 2026-11-23 \
        --format json --db "$db" --embeddings-model "$EMBED_MODEL" > "$BENCH_DIR/embed.json" 2>/dev/null || true
      read -r wall kb < <(tail -n 1 "$BENCH_DIR/time.out")
      stats=$(python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["diagnostics"]["embeddings"]; print(e["accounts"], e["sentences"], e["embedded"], e["cache_hits"], e["mentions"], e["seconds"], "%.0f" % (e["embedded"] / e["seconds"] if e["seconds"] else 0))' "$BENCH_DIR/embed.json")
      read -r accts sents embedded hits mentions secs rate <<< "$stats"
      embed_rows+=("| $n | $pass | $wall | $(( kb / 1024 )) | $accts | $sents | $embedded | $hits | $mentions | $secs | $rate |")
    done
  done
  echo
  echo "Embedding stage ($EMBED_MODEL):"
  echo
  echo "| accounts | cache | run s | peak RSS MB | accounts compared | sentences | embedded | cache hits | mentions | stage s | sentences/s |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${embed_rows[@]}"
else
  echo
  echo "Embedding stage: skipped (no model in $EMBED_MODEL; run scripts/get-model.sh)"
fi

echo
status=0
check() { if [ "${1:-0}" = 1 ]; then echo "PASS  $2"; else echo "FAIL  $2"; status=1; fi; }
if [ -n "${RATIO_OF[10000]:-}" ]; then
  check "$(awk -v r="${RATIO_OF[10000]}" 'BEGIN{print (r > 0 && r <= 3)}')" "10,000 accounts: run within 3x of ripgrep (${RATIO_OF[10000]}x)"
  check "$(awk -v k="${RSS_OF[10000]}" 'BEGIN{print (k > 0 && k < 256*1024)}')" "10,000 accounts: peak RSS under 256 MB ($(( RSS_OF[10000] / 1024 )) MB)"
  check "$(awk -v s="$lookup" 'BEGIN{print (s != "" && s < 1)}')" "10,000 accounts: account lookup under 1 s (${lookup} s)"
fi
if [ -n "${PER_ACCOUNT[50000]:-}" ] && [ -n "${PER_ACCOUNT[10000]:-}" ]; then
  check "$(awk -v a="${PER_ACCOUNT[50000]}" -v b="${PER_ACCOUNT[10000]}" 'BEGIN{print (b > 0 && a <= b * 1.25)}')" \
    "50,000 accounts: time per account within 25% of 10,000 (${PER_ACCOUNT[50000]} vs ${PER_ACCOUNT[10000]} µs)"
  check "$(awk -v k="${RSS_OF[50000]}" 'BEGIN{print (k > 0 && k < 512*1024)}')" "50,000 accounts: peak RSS under 512 MB ($(( RSS_OF[50000] / 1024 )) MB)"
fi
exit $status
