#!/usr/bin/env bash
# Benchmark and agreement of snipcheck against ui_test on annotated UI tests (rustc's own, in
# fixtures/rustc-ui by default), in interleaved rounds.
#
#   bash scripts/bench_annotations.sh [--rounds N] [--snipcheck PATH] [--results DIR] [DIR]
#
#   1. builds the peer, scripts/ui_test_peer (ui_test in rustc mode with compiletest's UI
#      defaults; see its src/main.rs), once, with cargo --release;
#   2. warm-up, untimed: each side once over DIR (default fixtures/rustc-ui);
#   3. N rounds (default 3), the order alternating (snipcheck first in odd rounds), since this
#      machine's speed drifts over minutes:
#        snipcheck: `snipcheck check --no-cache --jobs 2 --format json DIR`, with a cache
#                   directory of the benchmark's own: no result is reused, but the checks
#                   the warm-up found slow or crashing rustc compile alone (the list
#                   `--no-cache` keeps);
#        first run: the same with an empty cache directory, as a first run ever is;
#        ui_test:   `ui_test_peer --threads 2 DIR` (a fresh work directory each round);
#      all with the `rustc` on PATH;
#   4. prints the medians (and every round) and the ratios to ui_test of the medians;
#   5. prints the agreement of the last round's verdicts (scripts/annotation_agree.py): files
#      agreeing / files compared among the files whose annotations are ERROR and WARN only,
#      every disagreement with both verdicts, then the other files apart; and, for scale, what
#      ui_test says of the files as they are, without the peer's rewriting into its spelling
#      (`ui_test_peer --raw`).
#   RESULTS (default target/annotation-bench) receives bench.json, snipcheck.json,
#   ui_test.jsonl, ui_test_raw.jsonl and agreement.json.
# --snipcheck PATH: default target/release/snipcheck (not rebuilt here; copied first so that a
# concurrent build cannot swap it between rounds).
# Exit status: 0 when the benchmark ran (whatever the figures), 1 when a side gave no report,
# 2 on a usage error.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
scripts="$(dirname "$self")"

dir=fixtures/rustc-ui
rounds=3
snipcheck_src=target/release/snipcheck
results=target/annotation-bench
jobs=2
need() { [ "$2" -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }; }
dir_given=""
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) need "$1" $#; rounds=$2; shift 2 ;;
        --snipcheck) need "$1" $#; snipcheck_src=$2; shift 2 ;;
        --results) need "$1" $#; results=$2; shift 2 ;;
        --*=*) echo "write $1 as two words (--option value)" >&2; exit 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "unknown argument $1 (--help tells the options)" >&2; exit 2 ;;
        *) [ -z "$dir_given" ] || { echo "one DIR only" >&2; exit 2; }; dir=$1; dir_given=1; shift ;;
    esac
done
case "$rounds" in ''|*[!0-9]*|0*) echo "--rounds must be a positive integer" >&2; exit 2 ;; esac
[ -d "$dir" ] || { echo "no directory $dir" >&2; exit 2; }
[ -x "$snipcheck_src" ] || { echo "$snipcheck_src is not an executable (cargo build --release first)" >&2; exit 2; }
mkdir -p "$results"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
snipcheck="$work/snipcheck"
cp "$snipcheck_src" "$snipcheck"

echo "building the peer (scripts/ui_test_peer) ..."
cargo build --release --quiet --manifest-path "$scripts/ui_test_peer/Cargo.toml"
peer="$work/ui_test_peer"
cp "$scripts/ui_test_peer/target/release/ui_test_peer" "$peer"

now() { date +%s.%N; }
status=0
: > "$work/snipcheck.times"
: > "$work/first.times"
: > "$work/ui_test.times"

# Runs snipcheck over DIR with the cache directory CACHE; appends its wall time when TIMES is
# given.
run_snipcheck() {
    local out=$1 cache=$2 times=${3:-} start end
    start=$(now)
    TERM=dumb NO_COLOR=1 SNIPCHECK_CACHE_DIR="$cache" \
        "$snipcheck" check --no-cache --jobs "$jobs" --format json "$dir" > "$out" 2> "$out.stderr" || true
    end=$(now)
    [ -z "$times" ] || echo "$end - $start" | bc >> "$times"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d.get("exercises") else 1)' "$out" 2>/dev/null \
        || { echo "snipcheck gave no report: $(head -c 300 "$out.stderr")" >&2; status=1; }
}

# Runs the peer over DIR in a fresh work directory; appends its wall time when TIMES is given.
run_peer() {
    local out=$1 times=${2:-} start end
    rm -rf "$work/peer"
    start=$(now)
    "$peer" --threads "$jobs" --work "$work/peer" "$dir" > "$out" 2> "$out.stderr" || true
    end=$(now)
    [ -z "$times" ] || echo "$end - $start" | bc >> "$times"
    [ -s "$out" ] || { echo "ui_test gave no verdicts: $(head -c 300 "$out.stderr")" >&2; status=1; }
}

echo "rustc: $(rustc --version); files: $(find "$dir" -name '*.rs' -not -path '*/auxiliary/*' | wc -l) in $dir"
ui_version=$(grep -A1 '^name = "ui_test"$' "$scripts/ui_test_peer/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')
echo "snipcheck: $snipcheck_src check --no-cache --jobs $jobs; ui_test $ui_version: --threads $jobs"
echo "warm-up (each side once; untimed) ..."
run_snipcheck "$work/warm.json" "$work/cache"
run_peer "$work/warm.jsonl"
# A first run ever: an empty cache directory, so no check is known slow or crashing.
run_first() {
    rm -rf "$work/first-cache"
    run_snipcheck "$work/first.json" "$work/first-cache" "$work/first.times"
}
for round in $(seq 1 "$rounds"); do
    echo "round $round of $rounds ..."
    if [ $((round % 2)) = 1 ]; then
        run_snipcheck "$results/snipcheck.json" "$work/cache" "$work/snipcheck.times"
        run_peer "$results/ui_test.jsonl" "$work/ui_test.times"
        run_first
    else
        run_first
        run_peer "$results/ui_test.jsonl" "$work/ui_test.times"
        run_snipcheck "$results/snipcheck.json" "$work/cache" "$work/snipcheck.times"
    fi
done

python3 - "$work" "$results" "$rounds" "$jobs" <<'EOF'
import json, statistics, sys
work, results, rounds, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
sc = [float(l) for l in open(f"{work}/snipcheck.times")]
first = [float(l) for l in open(f"{work}/first.times")]
ui = [float(l) for l in open(f"{work}/ui_test.times")]
fmt = lambda ts: ", ".join(f"{t:.2f}" for t in ts)
s, f1, u = statistics.median(sc), statistics.median(first), statistics.median(ui)
print()
print(f"snipcheck  median {s:6.2f} s  (rounds: {fmt(sc)})")
print(f"first run  median {f1:6.2f} s  (rounds: {fmt(first)}; no check known slow or crashing)")
print(f"ui_test    median {u:6.2f} s  (rounds: {fmt(ui)})")
print(f"ratio snipcheck/ui_test of the medians: {s / u:.3f} (of the minimums {min(sc) / min(ui):.3f})")
print(f"ratio first run/ui_test of the medians: {f1 / u:.3f} (of the minimums {min(first) / min(ui):.3f})")
with open(f"{results}/bench.json", "w") as f:
    json.dump({"rounds": rounds, "jobs": jobs, "snipcheck_s": sc, "first_run_s": first,
               "ui_test_s": ui, "snipcheck_median_s": s, "first_run_median_s": f1,
               "ui_test_median_s": u, "ratio": s / u, "first_run_ratio": f1 / u}, f, indent=1)
    f.write("\n")
EOF

echo
echo "agreement (last round):"
python3 "$scripts/annotation_agree.py" "$results/snipcheck.json" "$results/ui_test.jsonl" \
    --out "$results/agreement.json"

echo
rm -rf "$work/peer"
"$peer" --raw --threads "$jobs" --work "$work/peer" "$dir" > "$results/ui_test_raw.jsonl" 2>/dev/null || true
python3 - "$results/ui_test_raw.jsonl" <<'EOF'
import collections, json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
count = collections.Counter(r["verdict"] for r in rows)
refused = sum("InvalidComment" in r["why"] for r in rows)
print(f"ui_test on the files as they are (--raw, no rewriting): {count['pass']} pass, "
      f"{count['fail']} fail ({refused} of them for annotations or headers it cannot read), "
      f"{count['skip']} skip")
EOF
exit "$status"
