#!/usr/bin/env bash
# Installs what is missing, builds, makes the bundled example model, compiles
# it to a native object, links examples/classify.c against it and the
# runtime, and runs it.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" sinter-compile sinter_runtime
build_dir="${SINTER_BUILD_DIR:-$root/build}"
out="$build_dir/examples"
mkdir -p "$out"

echo "== exporting the example model (examples/make_tiny_resnet.py)"
/usr/bin/python3 "$root/examples/make_tiny_resnet.py" "$out/tiny_resnet.onnx"
echo "== sinter-compile tiny_resnet.onnx -o tiny_resnet.o"
"$build_dir/bin/sinter-compile" "$out/tiny_resnet.onnx" -o "$out/tiny_resnet.o"
echo "== linking examples/classify.c with tiny_resnet.o and the runtime"
clang-22 -O2 -std=c11 -I"$out" -I"$root/runtime/include" "$root/examples/classify.c" \
  "$out/tiny_resnet.o" -L"$build_dir/lib" -lsinter_runtime -ldl -lm -o "$out/classify"
echo "== running"
"$out/classify"
