#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build_dir="${SINTER_BUILD_DIR:-$root/build}"
/usr/lib/llvm-22/bin/lit -sv "$build_dir/test"
# The ONNX conformance summary, for the CI log (test/conformance/onnx-node.test).
report="$build_dir/test/conformance/Output/onnx-node.test.tmp.report"
if [[ -f "$report" ]]; then tail -n 1 "$report"; fi
