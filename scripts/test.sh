#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
build_dir="${SINTER_BUILD_DIR:-$root/build}"
/usr/lib/llvm-22/bin/lit -sv "$build_dir/test"
