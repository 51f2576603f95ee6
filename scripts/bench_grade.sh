#!/usr/bin/env bash
# What grading costs against bare rustc, and what confinement adds to it. Run
# `bash scripts/bench_grade.sh --help` for what it does.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: bash scripts/bench_grade.sh [--students N] [--rounds R] [--jobs J] [--baseline BIN]

Grades a generated class: N students, each submitting the reference solution of every
std-only catalog exercise (a correct class: every program is built and run, every hidden
test runs in a process of its own). In R interleaved rounds it times, with --no-cache:

  floor        what a bare grader runs (scripts/bench_commands.py grade-floor): for each
               submission alone, the same rustc command line snipcheck runs, in a fresh
               temp dir, through the real compiler, then the program or each hidden test
               in a process of its own; J at a time, unconfined
  confined     snipcheck grade, as shipped: batches, Landlock, PID and network namespaces
  unconfined   the same with SNIPCHECK_TEST_UNCONFINED=landlock,namespaces and
               --allow-unconfined: the limits and process groups only
  no-batch     snipcheck grade --no-batch: one rustc per submission, like the floor
  baseline     BIN grade (e.g. a build of an earlier version), when --baseline is given

and prints the medians, the ratios to the floor (target: confined <= 0.5 x floor), the
programs and hidden tests the run started, and what confinement adds per program run:
(confined - unconfined) / processes started. The difference is spread over the two
cores, so the per-run figure is wall time per run as the class sees it, not CPU time.

Options:
  --students N   students in the class (default 10)
  --rounds R     timed rounds, median reported (default 3)
  --jobs J       --jobs of snipcheck (default 2)
  --baseline B   also time this snipcheck binary (it must know `grade`)
  --no-build     use target/release/snipcheck as it is
  -h, --help     this text
EOF
}

students=10
rounds=3
jobs=2
baseline=""
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --students) students="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    --no-build) build=""; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
[ -n "$build" ] && cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
bin="$repo/target/release/snipcheck"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The class: exercises without [dependencies], each student's submission their solutions.
mkdir -p "$work/exercises" "$work/class"
programs=0
tests=0
for toml in "$repo"/exercises/*/*/exercise.toml; do
  dir="$(dirname "$toml")"
  grep -q '^\[dependencies\]' "$toml" && continue
  [ -f "$dir/solution.rs" ] || continue
  rel="${dir#"$repo/exercises/"}"
  mkdir -p "$work/exercises/$rel"
  cp -R "$dir/." "$work/exercises/$rel/"
  if grep -q '^tests *=' "$toml"; then
    hidden="$(grep -c '#\[test\]' "$dir/tests.rs" || true)"
    tests=$((tests + hidden))
  else
    programs=$((programs + 1))
  fi
done
for s in $(seq 1 "$students"); do
  for dir in "$work"/exercises/*/*/; do
    rel="${dir#"$work/exercises/"}"
    mkdir -p "$work/class/student$s/$rel"
    cp "$dir/solution.rs" "$work/class/student$s/$rel/main.rs"
  done
done
exercises="$(find "$work/exercises" -name exercise.toml | wc -l)"

run() { # label, then the command; prints seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/stderr" || {
    local code=$?
    if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
      cat "$work/stderr" >&2
      echo "bench_grade: the grade run failed ($code)" >&2
      exit 1
    fi
  }
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

grade_args=(grade --exercises "$work/exercises" --submissions "$work/class" --no-cache --jobs "$jobs" --format json)
rustc_bin="$(rustc --print sysroot)/bin/rustc"
declare -A times
for r in $(seq 1 "$rounds"); do
  times[floor]+="$(python3 "$repo/scripts/bench_commands.py" grade-floor --exercises "$work/exercises" \
    --students "$students" --rustc "$rustc_bin" --jobs "$jobs" 2>"$work/floor.log") "
  times[confined]+="$(run "$bin" "${grade_args[@]}") "
  times[no_batch]+="$(run "$bin" "${grade_args[@]}" --no-batch) "
  times[unconfined]+="$(SNIPCHECK_TEST_UNCONFINED=landlock,namespaces run "$bin" "${grade_args[@]}" --allow-unconfined) "
  if [ -n "$baseline" ]; then
    times[baseline]+="$(run "$baseline" "${grade_args[@]}") "
  fi
  echo "bench_grade: round $r of $rounds done" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
floor="$(echo "${times[floor]}" | median)"
confined="$(echo "${times[confined]}" | median)"
unconfined="$(echo "${times[unconfined]}" | median)"
no_batch="$(echo "${times[no_batch]}" | median)"
runs=$(( students * (programs + tests) ))
echo "class: $students students x $exercises exercises; $((students * programs)) program runs and $((students * tests)) hidden tests"
sed 's/^bench: //' "$work/floor.log"
ratio() { echo "$1 / $floor" | bc -l; }
printf '%-12s %8.2f s\n' floor "$floor"
for row in confined unconfined no_batch; do
  printf '%-12s %8.2f s   %.3f x floor\n' "${row/_/-}" "${!row}" "$(ratio "${!row}")"
done
met="NOT MET"
[ "$(echo "$confined <= 0.5 * $floor" | bc -l)" = 1 ] && met="MET"
printf 'target confined <= 0.5 x floor: %.3f  %s\n' "$(ratio "$confined")" "$met"
if [ -n "$baseline" ]; then
  base="$(echo "${times[baseline]}" | median)"
  printf '%-12s %8.2f s   confined / baseline = %.3f\n' baseline "$base" "$(echo "$confined / $base" | bc -l)"
fi
printf 'confinement adds %.2f ms per program run or hidden test (wall time, %d jobs)\n' \
  "$(echo "($confined - $unconfined) * 1000 / $runs" | bc -l)" "$jobs"
