#!/usr/bin/python3
"""count_ops.py IR.mlir

Summarizes sinter IR for FileCheck: the count of each sinter op, the convs'
kernel sizes and layouts, and the transposes that touch the function's
inputs and outputs.
"""

import collections
import re
import sys

OP = re.compile(r"= (sinter\.\w+)")
CONV = re.compile(r"sinter\.conv .* layout (\w+) filter (\w+) .*: \(tensor<[0-9x]+xf32>, tensor<(\d+)x(\d+)x(\d+)x(\d+)xf32>")


def kernel(filter_layout, dims):
    if filter_layout == "FCHW":
        return dims[2], dims[3]
    if filter_layout == "HWCF":
        return dims[0], dims[1]
    return dims[1], dims[2]  # FHWC


def main():
    text = open(sys.argv[1]).read()
    ops = collections.Counter(OP.findall(text))
    for name in ["sinter.add", "sinter.batch_norm", "sinter.clip", "sinter.conv",
                 "sinter.mul", "sinter.relu", "sinter.transpose"]:
        print(f"{name}: {ops.get(name, 0)}")
    residuals = len(re.findall(r"sinter\.conv [^\n]* residual\(", text))
    clamps = len(re.findall(r"sinter\.(?:conv|gemm) [^\n]*clamp_min", text))
    print(f"fused residuals: {residuals}, fused clamps: {clamps}")
    layouts, kernels = collections.Counter(), collections.Counter()
    for match in CONV.finditer(text):
        layouts[match.group(1)] += 1
        h, w = kernel(match.group(2), [int(match.group(i)) for i in range(3, 7)])
        kernels[f"{h}x{w}"] += 1
    print("conv layouts:", ", ".join(f"{k} {v}" for k, v in sorted(layouts.items())))
    print("conv kernels:", ", ".join(f"{k} {v}" for k, v in sorted(kernels.items())))
    signature = re.search(r"func\.func @main\((.*)", text).group(1)
    arguments = set(re.findall(r"%arg\d+", signature))
    transposes = re.findall(r"(%\S+) = sinter\.transpose (%\w+) ", text)
    returned = set(re.findall(r"%[\w.]+", re.search(r"return (.*) :", text).group(1)))
    print(f"transposes of inputs: {sum(src in arguments for _, src in transposes)}")
    print(f"transposes of outputs: {sum(dst in returned for dst, _ in transposes)}")


if __name__ == "__main__":
    main()
