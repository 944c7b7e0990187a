#!/usr/bin/env bash
# Installs every Debian package Sinter needs. Idempotent: prints nothing when all are present.
set -euo pipefail

packages=(
  cmake ninja-build ccache pkgconf
  clang-22 lld-22 liblld-22-dev
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools libomp-22-dev
  libprotobuf-dev protobuf-compiler libonnx-dev libonnx-testdata
  python3-numpy python3-onnx python3-torch python3-torchvision python3-sklearn
)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "sinter setup: installing ${missing[*]}"
sudo_cmd=()
[[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
