#!/usr/bin/env bash
# Benchmarks Sinter against ONNX Runtime (bench/run.py); installs what is
# missing first: Debian packages and the build (scripts/), and
# onnxruntime-node from npm into bench/node_modules (its CPU library ships in
# the package; ONNXRUNTIME_NODE_INSTALL=skip stops its postinstall from
# fetching GPU parts). Usage: bench/run.sh [--smoke] [run.py options]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/../scripts/setup.sh"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y -qq nodejs npm >/dev/null
fi
"$here/../scripts/build.sh" >/dev/null
if [[ ! -d "$here/node_modules/onnxruntime-node" ]]; then
  (cd "$here" && ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --silent)
fi
exec /usr/bin/python3 "$here/run.py" "$@"
