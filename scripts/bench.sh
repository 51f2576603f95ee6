#!/usr/bin/env bash
# Performance benchmark of snipcheck against the bare rustc commands it runs (SPEC §9).
# Run `bash scripts/bench.sh --help` for what it does and its options.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bash scripts/bench.sh [--count N] [--jobs J] [--rounds R] [options]

Times `snipcheck check` on N generated exercise copies against "the floor": the very same
rustc command lines (and program runs for run-pass/run-fail), one fresh temp dir per check
with the .rs files copied in, same cleared environment, same parallelism. Prints the median
wall times, the ratio snipcheck / floor (SPEC §9 target: <= 1.10), the runner overhead per
exercise (target: < 5 ms), and the peak RSS of the snipcheck process itself.

Steps:
  1. cargo build --release --quiet (in the repository holding this script; not with
     --no-build);
  2. copy N exercises into a fresh temp dir, cycling through exercises/*/*/ (those with an
     exercise.toml, except those with [dependencies]: the floor has no prebuilt crates);
     each copy is named NAME_cNNNN, unique and still a valid crate name;
  3. read every exercise.toml (python3 + tomllib) and write the command plan once
     (scripts/bench_commands.py says exactly what the floor runs);
  4. R interleaved rounds (the order rotates each round) of
       a) snipcheck check --jobs J --color never [--no-cache] COPIES   (stdout to /dev/null,
          must exit 0; --no-cache only when `snipcheck check --help` lists it), and the
          same with --no-batch when snipcheck has that flag (one rustc per snippet, like
          the floor)
       b) floor with the real compiler, $(rustc --print sysroot)/bin/rustc (what snipcheck uses)
       c) floor with the rustup proxy `rustc` on PATH (what a user types; for information)
  5. print the table of medians; all temp dirs are removed on exit.

Options:
  --count N         exercise copies to generate (default 200, or $BENCH_COUNT)
  --jobs J          parallelism of snipcheck and of the floor (default 2, or $BENCH_JOBS)
  --rounds R        timed rounds; the median is reported (default 3, or $BENCH_ROUNDS)
  --floor-runner K  how the floor runs the plan (default python, or $BENCH_FLOOR_RUNNER):
                      python  a pool of J threads in one python process: mkdtemp, copy,
                              rustc (and ./snippet-program), rmtree. Spawns exactly the
                              processes snipcheck spawns: the strictest floor.
                      shell   one `sh -c` line per check run by `xargs -P J` (mktemp, cp,
                              rustc, rm are separate processes: a slower, lenient floor).
                      both    both rows.
  --no-proxy        skip the rustup-proxy floor row
  --corpus C        catalog (default): each copy's snippet (compile-fail) and its run-pass
                    solution; compile: the same, with [solution] turned into compile-pass,
                    so the run is COUNT compile-fail + COUNT compile-pass snippets (the
                    corpus for batching; a cached-rerun row is printed either way)
                    2015: the compile corpus as doctests of an old crate: edition 2015 and
                    #![allow(unused)] on every snippet (rustdoc's defaults)
  --no-verify       skip the check that the floor runs exactly what snipcheck runs (by
                    default, when strace is installed, both are traced once, untimed, on
                    one copy of each catalog exercise and their execve argv+env compared)
  --snipcheck-arg A pass A to every `snipcheck check` as well (repeatable), e.g. --no-batch
  --no-build        skip `cargo build --release` and use the target/release/snipcheck there is
  --keep            keep the temp dir (copies, plan.json, floor-*.commands, traces) and
                    print its path
  -h, --help        this text

Exit status: 0 when the benchmark ran, whether or not the targets are met (it is a report,
not a test); non-zero when snipcheck failed (exit code other than 0), when the build
failed, or on a usage error.
EOF
}

die() {
  printf 'bench: %s\n' "$*" >&2
  exit 2
}

count="${BENCH_COUNT:-200}"
jobs="${BENCH_JOBS:-2}"
rounds="${BENCH_ROUNDS:-3}"
floor_runner="${BENCH_FLOOR_RUNNER:-python}"
no_proxy=""
corpus="${BENCH_CORPUS:-catalog}"
no_verify=""
no_build=""
keep=""
snipcheck_args=()

while [ $# -gt 0 ]; do
  case "$1" in
    --count) [ $# -ge 2 ] || die "--count needs a value"; count="$2"; shift 2 ;;
    --count=*) count="${1#*=}"; shift ;;
    --jobs | -j) [ $# -ge 2 ] || die "--jobs needs a value"; jobs="$2"; shift 2 ;;
    --jobs=*) jobs="${1#*=}"; shift ;;
    --rounds) [ $# -ge 2 ] || die "--rounds needs a value"; rounds="$2"; shift 2 ;;
    --rounds=*) rounds="${1#*=}"; shift ;;
    --floor-runner) [ $# -ge 2 ] || die "--floor-runner needs a value"; floor_runner="$2"; shift 2 ;;
    --floor-runner=*) floor_runner="${1#*=}"; shift ;;
    --no-proxy) no_proxy=1; shift ;;
    --corpus) [ $# -ge 2 ] || die "--corpus needs a value"; corpus="$2"; shift 2 ;;
    --corpus=*) corpus="${1#*=}"; shift ;;
    --no-verify) no_verify=1; shift ;;
    --no-build) no_build=1; shift ;;
    --snipcheck-arg) [ $# -ge 2 ] || die "--snipcheck-arg needs a value"; snipcheck_args+=(--snipcheck-arg "$2"); shift 2 ;;
    --snipcheck-arg=*) snipcheck_args+=(--snipcheck-arg "${1#*=}"); shift ;;
    --keep) keep=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

for pair in "count:$count" "jobs:$jobs" "rounds:$rounds"; do
  name="${pair%%:*}"
  value="${pair#*:}"
  case "$value" in
    '' | *[!0-9]* | 0*) die "--$name must be a positive integer, not '$value'" ;;
  esac
done
case "$floor_runner" in
  python | shell | both) ;;
  *) die "--floor-runner must be python, shell or both, not '$floor_runner'" ;;
esac

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$script_dir/.." && pwd)"
[ -f "$repo/Cargo.toml" ] || die "no Cargo.toml in $repo"
[ -d "$repo/exercises" ] || die "no exercises/ in $repo"
command -v python3 >/dev/null || die "python3 is required"
python3 -c 'import tomllib' 2>/dev/null || die "python3 >= 3.11 (tomllib) is required"
command -v rustc >/dev/null || die "rustc is not on PATH"

work=""
cleanup() {
  if [ -n "$work" ] && [ -d "$work" ]; then
    if [ -n "$keep" ]; then
      printf 'bench: kept %s\n' "$work" >&2
    else
      rm -rf -- "$work"
    fi
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "$no_build" ]; then
  printf 'bench: building snipcheck (cargo build --release)\n' >&2
  status=0
  (cd "$repo" && cargo build --release --quiet) || status=$?
  [ "$status" -eq 0 ] || die "cargo build --release failed (exit $status)"
fi
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
case "$target_dir" in /*) ;; *) target_dir="$repo/$target_dir" ;; esac
[ -x "$target_dir/release/snipcheck" ] || die "$target_dir/release/snipcheck was not built"

work="$(mktemp -d "${TMPDIR:-/tmp}/snipcheck-bench.XXXXXX")"
# A private copy: a concurrent `cargo build` must not swap the binary between rounds.
snipcheck="$work/snipcheck"
cp "$target_dir/release/snipcheck" "$snipcheck"

args=(
  bench
  --repo "$repo"
  --snipcheck "$snipcheck"
  --work "$work"
  --count "$count"
  --jobs "$jobs"
  --rounds "$rounds"
  --floor-runner "$floor_runner"
  --corpus "$corpus"
)
[ -z "$no_proxy" ] || args+=(--no-proxy)
[ -z "$no_verify" ] || args+=(--no-verify)
args+=("${snipcheck_args[@]}")

python3 "$script_dir/bench_commands.py" "${args[@]}"
