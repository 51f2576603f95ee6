#!/usr/bin/env bash
# Checks that trybuild_verdicts.sh reads every kind of case line trybuild prints, on a
# small package made here whose trybuild suite holds one case of each outcome:
#   compile-fail: a matching .stderr (ok), a differing one (mismatch), none (wip), a file
#                 that compiles (should-not-have-compiled), a missing file (error: ...);
#   pass:         runs fine (ok), panics (run-failed), exits 3 silently
#                 (run-failed-no-output), does not compile (failed-to-build).
# With both kinds in one suite trybuild builds case by case and tags each line
# `[should pass]` / `[should fail to compile]`; the compile-fail-only corpus packages take
# the other path (one `cargo check --bins --keep-going`), whose lines are untagged.
#
#   bash scripts/trybuild_selftest.sh [--keep]
#
# Needs trybuild from crates.io (or cargo's cache). Exit status 0 when every case got the
# expected verdict and detail.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
scripts="$(dirname "$self")"
keep=""
case "${1:-}" in
    --keep) keep=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    '') ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
esac

work=$(mktemp -d)
if [ -n "$keep" ]; then echo "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi
pkg="$work/tbselftest-0.1.0"
mkdir -p "$pkg/src" "$pkg/tests/ui" "$pkg/tests/run"
cat > "$pkg/Cargo.toml" <<'EOF'
[package]
name = "tbselftest"
version = "0.1.0"
edition = "2021"

[dev-dependencies]
trybuild = "1"

[workspace]
EOF
echo 'pub fn f() {}' > "$pkg/src/lib.rs"
cat > "$pkg/tests/compiletest.rs" <<'EOF'
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/run/*.rs");
    t.compile_fail("tests/missing-file.rs");
}
EOF
printf 'fn main() {\n    let _x: i32 = "a";\n}\n' > "$pkg/tests/ui/good.rs"
printf 'fn main() {\n    let _x: u8 = "a";\n}\n' > "$pkg/tests/ui/mismatch.rs"
printf 'garbage\n' > "$pkg/tests/ui/mismatch.stderr"
printf 'fn main() {\n    let _x: u16 = "a";\n}\n' > "$pkg/tests/ui/nosnap.rs"
printf 'fn main() {}\n' > "$pkg/tests/ui/compiles.rs"
printf 'fn main() {}\n' > "$pkg/tests/run/ok.rs"
printf 'fn main() {\n    panic!("boom");\n}\n' > "$pkg/tests/run/panics.rs"
printf 'fn main() {\n    std::process::exit(3);\n}\n' > "$pkg/tests/run/silent.rs"
printf 'fn main() {\n    let _x: i32 = "a";\n}\n' > "$pkg/tests/run/nobuild.rs"

# The snapshot of good.rs: what trybuild itself writes for it (into wip/ on a first run).
echo "first run: trybuild writes the snapshot of tests/ui/good.rs ..."
bash "$scripts/trybuild_verdicts.sh" "$work" tbselftest-0.1.0 --quiet --out "$work/first.jsonl" || true
cp "$pkg/wip/good.stderr" "$pkg/tests/ui/good.stderr"

echo "second run ..."
bash "$scripts/trybuild_verdicts.sh" "$work" tbselftest-0.1.0 --out "$work/verdicts.jsonl"
python3 - "$work/verdicts.jsonl" <<'EOF'
import json, sys
want = {
    "tests/ui/good.rs": ("pass", "ok"),
    "tests/ui/mismatch.rs": ("fail", "mismatch"),
    "tests/ui/nosnap.rs": ("fail", "wip"),
    "tests/ui/compiles.rs": ("fail", "should-not-have-compiled"),
    "tests/missing-file.rs": ("fail", "error"),
    "tests/run/ok.rs": ("pass", "ok"),
    "tests/run/panics.rs": ("fail", "run-failed"),
    "tests/run/silent.rs": ("fail", "run-failed-no-output"),
    "tests/run/nobuild.rs": ("fail", "failed-to-build"),
}
got = {r["path"]: (r["verdict"], r["detail"].split(":")[0]) for r in map(json.loads, open(sys.argv[1]))}
bad = [(p, want.get(p), got.get(p)) for p in sorted(set(want) | set(got)) if want.get(p) != got.get(p)]
for p, w, g in bad:
    print(f"  {p}: expected {w}, got {g}")
print("selftest:", "FAILED" if bad else f"all {len(want)} cases read right")
sys.exit(1 if bad else 0)
EOF
