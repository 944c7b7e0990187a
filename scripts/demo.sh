#!/usr/bin/env bash
# The README's first command: installs what is missing, builds Sinter,
# installs it into build/install, trains two small digit classifiers with
# torch on scikit-learn's bundled handwritten digits, builds
# examples/cmake-consumer against the installed Sinter (find_package +
# sinter_add_model compile both models into one program) and runs it on the
# 360 held-out digits: each model's accuracy beside torch's.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build_dir="${SINTER_BUILD_DIR:-$root/build}"
prefix="$build_dir/install"
out="$build_dir/examples/digits"

echo "== cmake --install $build_dir --prefix $prefix"
cmake --install "$build_dir" --prefix "$prefix" >/dev/null
echo "== training the digit classifiers (examples/cmake-consumer/train_digits.py)"
/usr/bin/python3 "$root/examples/cmake-consumer/train_digits.py" "$out"
echo "== building examples/cmake-consumer against $prefix"
cmake -S "$root/examples/cmake-consumer" -B "$out/build" -G Ninja \
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_PREFIX_PATH="$prefix" -DDIGITS_DIR="$out" >/dev/null
cmake --build "$out/build"
echo "== classifying the held-out digits with the compiled models"
"$out/build/digits" "$out"
