#!/usr/bin/env bash
# Benchmark of `snipcheck doc` against `rustdoc --test` on the same Markdown, in one run.
#
# The Markdown is reconstructed here, at run time, from the HTML docs of the installed
# toolchain (`rustup component add rust-docs`), and nothing of it is kept: every page of
# the error index (`error_codes/EXXXX.html`, full of `compile_fail,EXXXX` blocks) and the
# chapters of The Rust Programming Language (`book/ch*.html`). A code block's classes are
# its info string (`language-rust compile_fail E0004` -> `rust,compile_fail,E0004`),
# mdBook's `boring` lines are hidden lines again, and the `#![allow(unused)] fn main() {`
# that mdBook's playground wrapped around a block is taken off.
#
# It compares, block by block, the verdict of stable rustdoc (`test FILE - (line N) ...
# ok|FAILED|ignored`) with snipcheck's JSON report (`"path": "FILE:N"`), explains every
# difference it knows (a listed error code that is not reported: stable rustdoc does not
# check codes, nightly rustdoc and snipcheck do), and times with the same parallelism, in
# R interleaved rounds (the order alternating, since this machine's speed drifts over
# minutes): rustdoc over every file and snipcheck cold (an empty cache each round); then
# snipcheck cached once. It prints the medians and the ratios of the medians and of the
# minimums.
#
#   bash scripts/bench_doc.sh [--jobs N] [--rounds R] [--corpus errors|book|both] [--limit N] [--keep DIR]
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."

jobs=$(nproc)
rounds=2
corpus=both
limit=100000
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --jobs) jobs=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --corpus) corpus=$2; shift 2 ;;
        --limit) limit=$2; shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument $1 (--help tells the options)" >&2; exit 2 ;;
    esac
done

cargo build --release --quiet
snipcheck="${CARGO_TARGET_DIR:-$PWD/target}/release/snipcheck"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
docs="$work/docs"
mkdir -p "$docs" "$work/rustdoc"

echo "rustc: $(rustc --version)"
html="$(rustc --print sysroot)/share/doc/rust/html"
if [ ! -d "$html/error_codes" ]; then
    echo "no HTML docs in $html: rustup component add rust-docs" >&2
    exit 2
fi
echo "reconstructing Markdown from $html ($corpus) ..."
python3 - "$html" "$docs" "$corpus" "$limit" <<'EOF'
import glob, html, os, re, sys

root, out, corpus, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
pages = []
if corpus in ("errors", "both"):
    pages += [("errors", p) for p in sorted(glob.glob(os.path.join(root, "error_codes", "E*.html")))]
if corpus in ("book", "both"):
    pages += [("book", p) for p in sorted(glob.glob(os.path.join(root, "book", "ch*.html")))]
block_re = re.compile(r'<pre[^>]*><code class="language-([^"]*)">(.*?)</code></pre>', re.S)
boring_re = re.compile(r'<span class="boring">(.*?)</span>', re.S)
WRAPPER = ["#![allow(unused)]", "fn main() {"]

def lines_of(body):
    """The block's lines, each as [hidden, text]."""
    pieces, at = [], 0
    for m in boring_re.finditer(body):
        pieces.append((False, body[at:m.start()]))
        pieces.append((True, m.group(1)))
        at = m.end()
    pieces.append((False, body[at:]))
    lines = [[False, ""]]
    fresh = True
    for hidden, text in pieces:
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
        for i, part in enumerate(text.split("\n")):
            if i > 0:
                lines.append([False, ""])
                fresh = True
            if part or fresh:
                if fresh:
                    lines[-1][0] = hidden
                    fresh = part == ""
                lines[-1][1] += part
    if lines and lines[-1] == [False, ""]:
        lines.pop()
    return lines

def markdown(lines):
    # mdBook's playground wrapper: `#![allow(unused)]` first, the block's own inner
    # attributes, then `fn main() {`; and `}` last, all hidden.
    hidden = [i for i, (h, _) in enumerate(lines) if h]
    if len(hidden) >= 3 and [lines[i][1] for i in hidden[:2]] == WRAPPER \
            and hidden[0] == 0 and lines[-1] == [True, "}"]:
        drop = {hidden[0], hidden[1], len(lines) - 1}
        lines = [l for i, l in enumerate(lines) if i not in drop]
    return "\n".join(("# " + t if t else "#") if h else t for h, t in lines)

written = 0
for kind, page in pages:
    text = open(page, encoding="utf-8").read()
    blocks = block_re.findall(text)
    if not blocks:
        continue
    name = os.path.basename(page)[:-5]
    doc = [f"# {name}\n"]
    for classes, body in blocks:
        info = ",".join(classes.split())
        doc.append(f"```{info}\n{markdown(lines_of(body))}\n```\n")
    with open(os.path.join(out, f"{kind}-{name}.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(doc))
    written += 1
    if written >= limit:
        break
EOF
files=$(find "$docs" -name '*.md' | wc -l)
echo "$files files"

now() { date +%s.%N; }

time_rustdoc() {
    local start
    start=$(now)
    (cd "$docs" && ls *.md | xargs -P "$jobs" -I{} sh -c \
        'rustdoc --test --edition 2021 "{}" > "../rustdoc/{}.log" 2>&1 || true')
    rustdoc_times+=("$(echo "$(now) - $start" | bc)")
}

cache="$work/cache"
time_cold() {
    local start
    rm -rf "$cache"
    start=$(now)
    (cd "$docs" && "$snipcheck" doc --jobs "$jobs" --cache-dir "$cache" --format json . \
        > "$work/cold.json" 2> "$work/cold.err" || true)
    cold_times+=("$(echo "$(now) - $start" | bc)")
}

rustdoc_times=()
cold_times=()
for round in $(seq 1 "$rounds"); do
    echo "round $round of $rounds: rustdoc --test --edition 2021 ($jobs files at a time) and snipcheck doc --jobs $jobs, cold ..."
    if [ $((round % 2)) = 1 ]; then time_rustdoc; time_cold; else time_cold; time_rustdoc; fi
done
rustdoc_s="${rustdoc_times[*]}"
cold_s="${cold_times[*]}"
echo "snipcheck doc --jobs $jobs, cached ..."
start=$(now)
(cd "$docs" && "$snipcheck" doc --jobs "$jobs" --cache-dir "$cache" --format json . \
    > "$work/cached.json" 2> "$work/cached.err" || true)
cached_s=$(echo "$(now) - $start" | bc)

python3 - "$work" "$rustdoc_s" "$cold_s" "$cached_s" <<'EOF'
import json, os, re, statistics, sys
from collections import Counter

work = sys.argv[1]
rustdoc_all, cold_all = ([float(t) for t in arg.split()] for arg in sys.argv[2:4])
cached_s = float(sys.argv[4])
rustdoc_s, cold_s = statistics.median(rustdoc_all), statistics.median(cold_all)
line_re = re.compile(r"^test (\S+\.md) - (?:.*?)\(line (\d+)\)(?: - [^.]*)? \.\.\. (ok|FAILED|ignored)")
rustdoc = {}
for log in os.listdir(os.path.join(work, "rustdoc")):
    for line in open(os.path.join(work, "rustdoc", log), errors="replace"):
        m = line_re.match(line)
        if m:
            verdict = {"ok": "pass", "FAILED": "fail", "ignored": "skipped"}[m.group(3)]
            rustdoc[(os.path.basename(m.group(1)), int(m.group(2)))] = verdict

ours = {}
details = {}
report = json.load(open(os.path.join(work, "cold.json")))
cached = json.load(open(os.path.join(work, "cached.json")))
for block in report["exercises"]:
    path, line = block["path"].rsplit(":", 1)
    key = (os.path.basename(path), int(line))
    status = block["status"]
    ours[key] = "fail" if status == "error" else status
    details[key] = block

def reason(key):
    block = details.get(key)
    if block is None:
        return "a block only rustdoc found"
    if key not in rustdoc:
        return "a block only snipcheck found"
    mismatches = [m for c in block["checks"] for m in c.get("mismatches", [])]
    if ours[key] == "fail" and rustdoc[key] == "pass" and mismatches and all(
        "was not reported" in m and m.startswith("expected error") for m in mismatches
    ):
        return "a listed error code is not reported: stable rustdoc does not check codes (nightly rustdoc does)"
    if block.get("message", "").find("unknown attribute") >= 0:
        return "a misspelt attribute is an error (rustdoc: not a test)"
    return "unexplained: " + "; ".join(mismatches or [block.get("message", "")])

keys = sorted(set(rustdoc) | set(ours))
same = [k for k in keys if rustdoc.get(k) == ours.get(k)]
different = [k for k in keys if rustdoc.get(k) != ours.get(k)]
print()
print(f"blocks: {len(keys)} (rustdoc {len(rustdoc)}, snipcheck {len(ours)})")
print(f"same verdict: {len(same)} ({100.0 * len(same) / max(len(keys), 1):.2f}%)")
reasons = Counter(reason(k) for k in different)
for why, count in reasons.most_common():
    print(f"  {count:4} differ: {why}")
for k in different:
    print(f"       {k[0]}:{k[1]}: rustdoc {rustdoc.get(k, '-')}, snipcheck {ours.get(k, '-')}: {reason(k)}")
verdicts = Counter(ours.values())
print(f"snipcheck verdicts: {dict(verdicts)}")
all_cached = all(c["cached"] for b in cached["exercises"] for c in b["checks"])
print(f"second run fully cached: {all_cached}")
print()
rounds = lambda ts: ", ".join(f"{t:.2f}" for t in ts)
print(f"rustdoc --test:      {rustdoc_s:7.2f} s  (median; rounds {rounds(rustdoc_all)})")
print(f"snipcheck cold:      {cold_s:7.2f} s  ({cold_s / rustdoc_s:.3f}x rustdoc; rounds {rounds(cold_all)};"
      f" ratio of the minimums {min(cold_all) / min(rustdoc_all):.3f})")
print(f"snipcheck cached:    {cached_s:7.2f} s  ({cached_s / rustdoc_s:.3f}x rustdoc)")
EOF

if [ -n "$keep" ]; then
    mkdir -p "$keep" && cp -r "$work"/* "$keep"/
fi
