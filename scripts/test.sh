#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the lit suite on the
# release build, then on the sanitizer build (ASan + UBSan), then a 60-second
# smoke run of each fuzz target. SINTER_SKIP_SANITIZE=1 stops after the
# first.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build_dir="${SINTER_BUILD_DIR:-$root/build}"
/usr/lib/llvm-22/bin/lit -sv "$build_dir/test"
# The ONNX conformance summary per suite, for the CI log
# (test/conformance/onnx-conformance.test).
report="$build_dir/test/conformance/Output/onnx-conformance.test.tmp.report"
if [[ -f "$report" ]]; then tail -n 5 "$report"; fi

[[ "${SINTER_SKIP_SANITIZE:-0}" == 1 ]] && exit 0
echo "== sanitizer build (ASan + UBSan): the whole lit suite"
"$root/scripts/build.sh" --sanitize
/usr/lib/llvm-22/bin/lit -sv "${SINTER_ASAN_BUILD_DIR:-$root/build-asan}/test"
echo "== fuzz smoke run"
"$root/scripts/fuzz.sh" --time 60
