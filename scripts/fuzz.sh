#!/usr/bin/env bash
# Runs Sinter's libFuzzer targets (built by scripts/build.sh --sanitize).
# Usage: scripts/fuzz.sh [--time SECONDS] [import|tensor-file]...
#   import       ONNX model bytes through the importer, the graph passes and
#                the lowering to linalg (seeds: libonnx-testdata's models)
#   tensor-file  sinter-run's .npy and .pb readers (seeds: the test data's
#                .pb tensors and .npy files of each dtype)
# Each target runs --time seconds (default 600), forked over all cores but
# one when there are more than two;
# corpora grow in build-asan/fuzz/<target>/corpus. A crashing input is
# written to build-asan/fuzz/<target>/crash-*: copy it into
# test/fuzz/regressions/<target>/, where lit replays it (fuzz-regressions.test).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${SINTER_ASAN_BUILD_DIR:-$root/build-asan}"
data=/usr/share/libonnx-testdata/data
seconds=600
targets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --time) seconds="$2"; shift 2 ;;
    import|tensor-file) targets+=("$1"); shift ;;
    *) echo "usage: scripts/fuzz.sh [--time SECONDS] [import|tensor-file]..." >&2; exit 2 ;;
  esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=(import tensor-file)

"$root/scripts/build.sh" --sanitize sinter-fuzz-import sinter-fuzz-tensor-file >/dev/null

seed() {
  local target="$1" corpus="$2"
  mkdir -p "$corpus"
  [[ -n "$(ls -A "$corpus")" ]] && return
  case "$target" in
    import)
      # Small models only: each input is imported and lowered.
      find "$data/node" "$data/simple" -name model.onnx -size -64k | while read -r model; do
        cp "$model" "$corpus/$(basename "$(dirname "$model")").onnx"
      done ;;
    tensor-file)
      # awk, not head: head would close the pipe early, and pipefail would
      # end the script on find's SIGPIPE.
      find "$data/node" -path '*test_data_set_0*' -name '*.pb' -size -16k | awk 'NR <= 400' | while read -r file; do
        cp "$file" "$corpus/$(echo "$file" | md5sum | cut -c1-16).pb"
      done
      /usr/bin/python3 - "$corpus" <<'PY'
import sys, numpy as np
for dtype in ["<f4", ">f4", "<f8", "<f2", "|i1", "|u1", "<i2", "<i4", "<i8", "<u8", "|b1"]:
    np.save(f"{sys.argv[1]}/{dtype.replace('<', 'le').replace('>', 'be').replace('|', 'na')}.npy",
            np.arange(6).reshape(2, 3).astype(dtype))
PY
      ;;
  esac
}

jobs=$(( $(nproc) > 2 ? $(nproc) - 1 : 1 ))
mode=()
[[ $jobs -gt 1 ]] && mode=(-fork="$jobs")
for target in "${targets[@]}"; do
  work="$build_dir/fuzz/$target"
  seed "$target" "$work/corpus"
  echo "fuzzing $target for ${seconds}s ($jobs workers)"
  # -rss_limit_mb: a model may ask for big tensors; the importer must refuse
  # them before allocating, so 2 GB is a real limit.
  (cd "$work" && "$build_dir/bin/sinter-fuzz-$target" corpus \
      -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
      -max_len=262144 "${mode[@]}" -print_final_stats=1 \
      -artifact_prefix="$work/" 2>&1 | tail -n 40)
  if ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* >/dev/null 2>&1; then
    echo "scripts/fuzz.sh: $target found failing inputs:" >&2
    ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null >&2
    exit 1
  fi
done
