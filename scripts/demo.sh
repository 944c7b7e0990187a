#!/usr/bin/env bash
# Installs what is missing, builds, makes the bundled example model and
# compiles it, printing the imported IR (weights elided).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" sinter-compile
build_dir="${SINTER_BUILD_DIR:-$root/build}"
mkdir -p "$build_dir/examples"
model="$build_dir/examples/tiny_resnet.onnx"
/usr/bin/python3 "$root/examples/make_tiny_resnet.py" "$model"
echo "== sinter-compile $model"
"$build_dir/bin/sinter-compile" "$model" -o - --mlir-elide-resource-strings-if-larger=64
