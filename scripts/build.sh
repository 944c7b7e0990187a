#!/usr/bin/env bash
# Configures (once) and builds Sinter with clang-22, lld, Ninja and ccache.
# Usage: scripts/build.sh [--sanitize] [ninja targets...]
#   build/       the release build (SINTER_BUILD_DIR overrides)
#   build-asan/  with --sanitize: ASan + UBSan over all of Sinter, and the
#                libFuzzer targets (SINTER_ASAN_BUILD_DIR overrides)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="${SINTER_JOBS:-2}"
build_dir="${SINTER_BUILD_DIR:-$root/build}"
extra=()
if [[ "${1:-}" == "--sanitize" ]]; then
  shift
  build_dir="${SINTER_ASAN_BUILD_DIR:-$root/build-asan}"
  # -O1 keeps the sanitized compiler fast enough for the whole lit suite.
  extra=(-DSINTER_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
         "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1"
         "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -g1")
fi

if [[ ! -f "$build_dir/build.ninja" ]]; then
  cmake -G Ninja -S "$root" -B "$build_dir" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_USE_LINKER=lld \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_DIR=/usr/lib/llvm-22/lib/cmake/llvm "${extra[@]}" >/dev/null
fi
ninja -C "$build_dir" -j "$jobs" "$@"
