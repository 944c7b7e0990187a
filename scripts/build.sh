#!/usr/bin/env bash
# Configures (once) and builds Sinter in build/ with clang-22, lld, Ninja and
# ccache. Usage: scripts/build.sh [ninja targets...]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${SINTER_BUILD_DIR:-$root/build}"
jobs="${SINTER_JOBS:-2}"

if [[ ! -f "$build_dir/build.ninja" ]]; then
  cmake -G Ninja -S "$root" -B "$build_dir" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_DIR=/usr/lib/llvm-22/lib/cmake/llvm >/dev/null
fi
ninja -C "$build_dir" -j "$jobs" "$@"
