#!/usr/bin/env bash
# Runs, on this one machine, the commands of the two sharded grading examples —
# examples/github-grading-sharded.yml and examples/k8s-grading-job.yaml — with N shards
# (default 3) over fixtures/grade (three students, hidden tests), then checks that the
# merged HTML and JUnit reports equal those of one unsharded run, durations aside.
#
# The commands are read out of the example files: each run block marked `# local test:
# NAME`, with the environment the file sets (the workflow's env, the containers' env). So
# what is tested is what the examples run. What this machine cannot run is stood in for:
# GitHub's checkout, cache and artifact actions and its matrix by directories and a loop;
# Kubernetes' image, volume and pod indexes by directories and JOB_COMPLETION_INDEX set by
# hand. Where python3 has its yaml module, both files are also parsed, and the shard
# counts they name are checked to agree.
#
# Usage: scripts/sharded-grading.sh [N]
#   SNIPCHECK=path/to/snipcheck uses that binary; otherwise a release build is made.
set -euo pipefail
cd "$(dirname "$0")/.."
shards=${1:-3}
github=examples/github-grading-sharded.yml
k8s=examples/k8s-grading-job.yaml

if [ -z "${SNIPCHECK:-}" ]; then
    cargo build --release --quiet
    SNIPCHECK="${CARGO_TARGET_DIR:-target}/release/snipcheck"
fi
binary=$(realpath "$SNIPCHECK")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The block of lines after the line `# local test: NAME` and its `run: |` or `- |`.
block() {
    awk -v name="$2" '
        $0 ~ ("# local test: " name "$") { armed = 1; next }
        armed == 1 {
            if ($0 !~ /\|$/) { print "no block after the marker" > "/dev/stderr"; exit 1 }
            match($0, /^ */); indent = RLENGTH; armed = 2; next
        }
        armed == 2 {
            if ($0 ~ /^ *$/) { print ""; next }
            match($0, /^ */)
            if (RLENGTH <= indent) exit
            if (!strip) strip = RLENGTH
            print substr($0, strip + 1)
        }' "$1"
}

# `block`, failing when the file has no such block.
commands() {
    local text
    text=$(block "$1" "$2")
    if [ -z "$text" ]; then
        echo "error: $1 has no block marked '# local test: $2'" >&2
        exit 2
    fi
    printf '%s\n' "$text"
}

# The workflow's top-level env, as `export` lines.
workflow_env() {
    awk '/^env:/ { on = 1; next } on && /^[^ ]/ { exit }
         on && /^  [A-Z_]+: / { sub(/^  /, ""); k = $1; sub(/:$/, "", k); $1 = ""; sub(/^ /, "");
                                 printf "export %s=%s\n", k, $0 }' "$1"
}

# The containers' env (`- name:` followed by `value:`), as `export` lines, every absolute
# path moved below $2.
container_env() {
    awk -v root="$2" '
        /^ *- name: / { name = $3; next }
        /^ *value: / && name != "" {
            value = $0; sub(/^ *value: /, "", value); gsub(/"/, "", value)
            if (value ~ /^\//) value = root value
            printf "export %s=%s\n", name, value
        }
        { name = "" }' "$1" | sort -u
}

# A report with its durations as 0.
normalise() {
    sed -E 's/"duration_ms": [0-9]+/"duration_ms": 0/g; s/ time="[0-9.]+"/ time="0"/g; s/took [0-9.]+ s/took 0 s/g' "$1"
}

# The merged report $1 equals the unsharded $2.
same() {
    if ! diff -u <(normalise "$2") <(normalise "$1") > "$work/diff"; then
        echo "FAIL: $1 differs from the unsharded $2:" >&2
        head -40 "$work/diff" >&2
        exit 1
    fi
}

# A grading workspace: the exercises and hidden tests at $2, $3, the class at $4.
layout() {
    mkdir -p "$1/$2" "$1/$3" "$1/$4"
    cp -r fixtures/grade/exercises/. "$1/$2"
    cp -r fixtures/grade/hidden/. "$1/$3"
    cp -r fixtures/grade/submissions/. "$1/$4"
}

# The unsharded run in $1, from where the shards ran, with the shards' paths.
whole() {
    local status=0
    (cd "$1" && "$binary" grade --exercises "$2" --hidden "$3" --submissions "$4" \
        --cache-dir "$work/whole-cache" --format html --output "$work/$5.html" \
        --junit "$work/$5.xml" > /dev/null) || status=$?
    [ "$status" -le 1 ]
}

check_yaml() {
    if ! python3 -c 'import yaml' 2> /dev/null; then
        echo "yaml: skipped (python3 with its yaml module is not here)"
        return
    fi
    python3 - "$github" "$k8s" << 'EOF'
import sys, yaml
workflow = yaml.safe_load(open(sys.argv[1]))
jobs = workflow["jobs"]
assert jobs["grade"]["needs"] == "build", "grade needs build"
assert "grade" in str(jobs["merge"]["needs"]), "merge needs grade"
matrix = jobs["grade"]["strategy"]["matrix"]["shard"]
assert matrix == list(range(1, len(matrix) + 1)), f"shards 1..N, not {matrix}"
docs = [d for d in yaml.safe_load_all(open(sys.argv[2])) if d]
jobs = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Job"}
grade, merge = jobs["snipcheck-grade"], jobs["snipcheck-merge"]
assert grade["spec"]["completionMode"] == "Indexed"
count = grade["spec"]["completions"]
assert grade["spec"]["parallelism"] == count
for job in (grade, merge):
    env = {e["name"]: e["value"] for e in job["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert int(env["SHARDS"]) == count, f"SHARDS {env['SHARDS']} != completions {count}"
print(f"yaml: both files parse; the workflow has {len(matrix)} shards, the Job {count}")
EOF
}

run_github() {
    local root=$work/github k
    local prepare grade merge
    prepare=$(commands "$github" prepare)
    grade=$(commands "$github" grade)
    merge=$(commands "$github" merge)
    eval "$(workflow_env "$github")"
    for k in $(seq 1 "$shards"); do
        # A fresh machine per shard: the checkouts, the binary from the build job.
        local job=$root/grade-$k
        layout "$job" "$EXERCISES" "$HIDDEN" "$SUBMISSIONS"
        mkdir -p "$job/$(dirname "$SNIPCHECK")"
        cp "$binary" "$job/$SNIPCHECK"
        chmod -x "$job/$SNIPCHECK"
        (cd "$job" && GITHUB_OUTPUT=$job/output bash --noprofile --norc -eo pipefail -c "$prepare")
        grep -q '^key=' "$job/output"
        (cd "$job" && SHARD=$k SHARDS=$shards bash --noprofile --norc -eo pipefail -c "$grade") \
            > "$work/github-grade-$k.log"
    done
    # The merge job: the binary and every shard's artifact in $REPORTS.
    local job=$root/merge
    mkdir -p "$job/$REPORTS" "$job/$(dirname "$SNIPCHECK")"
    cp "$binary" "$job/$SNIPCHECK"
    chmod -x "$job/$SNIPCHECK"
    cp "$root"/grade-*/"$REPORTS"/shard-*.json "$job/$REPORTS/"
    (cd "$job" && env -u GITHUB_STEP_SUMMARY bash --noprofile --norc -eo pipefail -c "$merge" > /dev/null)
    layout "$root/whole" "$EXERCISES" "$HIDDEN" "$SUBMISSIONS"
    whole "$root/whole" "$EXERCISES" "$HIDDEN" "$SUBMISSIONS" github-whole
    same "$job/class-report.html" "$work/github-whole.html"
    same "$job/class-junit.xml" "$work/github-whole.xml"
    echo "github: $shards grade jobs and the merge job: class-report.html and class-junit.xml equal the unsharded run's"
}

run_k8s() {
    local root=$work/k8s i grade merge
    grade=$(commands "$k8s" grade)
    merge=$(commands "$k8s" merge)
    eval "$(container_env "$k8s" "$root")"
    export SHARDS=$shards SNIPCHECK=$binary
    layout "" "$EXERCISES" "$HIDDEN" "$SUBMISSIONS"
    for i in $(seq 0 $((shards - 1))); do
        JOB_COMPLETION_INDEX=$i sh -c "$grade" > "$work/k8s-grade-$i.log"
    done
    sh -c "$merge" > /dev/null
    [ "$(find "$REPORTS/merged" -name 'shard-*.json' | wc -l)" -eq "$shards" ]
    whole / "$EXERCISES" "$HIDDEN" "$SUBMISSIONS" k8s-whole
    same "$REPORTS/class-report.html" "$work/k8s-whole.html"
    same "$REPORTS/class-junit.xml" "$work/k8s-whole.xml"
    echo "k8s: $shards indexed pods and the merge pod: class-report.html and class-junit.xml equal the unsharded run's"
}

check_yaml
(run_github)
(run_k8s)
echo "sharded grading: $shards shards merged equal the unsharded run, for both examples"
