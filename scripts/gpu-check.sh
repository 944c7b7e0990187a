#!/usr/bin/env bash
# The GPU check, for a machine with an NVIDIA GPU and its driver (under 5
# minutes once built): compiles ResNet-18, ResNet-50, MobileNetV2, bmm,
# conv-BN-ReLU and the BERT layer with --device=cuda, runs each with
# sinter-run --device=cuda against torch's outputs (rtol 1e-3), and prints a
# latency table beside torch on the same GPU when torch has CUDA.
# Usage: scripts/gpu-check.sh [--arch sm_XX] [models...]
#   SINTER_GPU_CHECK_DIR  where models and results go (/tmp/sinter-gpu-check)
#   SINTER_BUILD_DIR      the build to use (build/; built when missing)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SINTER_BUILD_DIR:-$root/build}"
work="${SINTER_GPU_CHECK_DIR:-/tmp/sinter-gpu-check}"
arch=sm_80
if [[ "${1:-}" == "--arch" ]]; then
  arch="$2"
  shift 2
fi
models=("$@")
[[ ${#models[@]} -gt 0 ]] || models=(conv_bn_relu bmm mobilenet_v2 resnet18 resnet50 bert_layer)
python=/usr/bin/python3

[[ -x "$build/bin/sinter-compile" && -x "$build/bin/sinter-run" ]] ||
  SINTER_BUILD_DIR="$build" "$root/scripts/build.sh" sinter-compile sinter-run
mkdir -p "$work"
ptxas=()
ptxas_path="${CUDA_HOME:-/usr/local/cuda}/bin/ptxas"
[[ -x "$ptxas_path" ]] && ptxas=(--cuda-ptxas="$ptxas_path")

failed=0
results="$work/results.txt"
: > "$results"
for model in "${models[@]}"; do
  dir="$work/$model"
  mkdir -p "$dir"
  "$python" "$root/test/e2e/Inputs/make_torch_case.py" "$model" "$dir" >/dev/null
  inputs=("$dir"/input_*.npy)
  expects=()
  for output in "$dir"/output_*.npy; do expects+=(--expect "$output"); done
  if ! "$build/bin/sinter-compile" "$dir/model.onnx" -o "$dir/model.so" \
      --device=cuda --cuda-arch="$arch" "${ptxas[@]}" 2> "$dir/compile.log"; then
    echo "$model: does not compile for cuda:"; sed 's/^/  /' "$dir/compile.log"
    failed=1
    continue
  fi
  if ! "$build/bin/sinter-run" "$dir/model.so" --device=cuda "${inputs[@]}" \
      "${expects[@]}" --rtol 1e-3 --atol 1e-4 --bench 50 --json > "$dir/run.json" 2> "$dir/run.log"; then
    echo "$model: FAILED"; sed 's/^/  /' "$dir/run.log"
    failed=1
    continue
  fi
  echo "$model: matches torch (rtol 1e-3)"
  echo "$model $dir" >> "$results"
done

"$python" "$root/scripts/gpu_latency_table.py" "$results"
exit "$failed"
