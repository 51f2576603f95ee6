#!/usr/bin/env bash
# Proves on a large corpus that batched compilation never changes a verdict: every catalog
# exercise with its mutations plus 600 generated snippets, checked batched and with
# --no-batch, must agree on every check's status and error codes. Prints the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --test batch -- --ignored --nocapture batched_verdicts_equal_solo_verdicts_large 2>&1 \
    | grep -E "^(equivalence|large corpus)|test result|panicked|differ"
