#!/usr/bin/python3
"""make_lppool_cases.py OUT_DIR

LpPool and GlobalLpPool models and numpy references (float64, then
float32): p = 1, 2 and 3, with padding (which adds 0 to the sums) and
strides, over 1 and 2 spatial dimensions. Each case is OUT_DIR/<name>.onnx
with <name>_x.npy and <name>_y.npy.
"""

import itertools
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper


def lp_pool(x, kernel, strides, pads, p):
    rank = len(kernel)
    padded = np.pad(np.abs(x.astype(np.float64)) ** p,
                    [(0, 0), (0, 0)] + [(pads[d], pads[d + rank]) for d in range(rank)])
    out_sizes = [(padded.shape[2 + d] - kernel[d]) // strides[d] + 1 for d in range(rank)]
    y = np.zeros(x.shape[:2] + tuple(out_sizes))
    for out in itertools.product(*[range(n) for n in out_sizes]):
        window = tuple(slice(o * s, o * s + k) for o, s, k in zip(out, strides, kernel))
        y[(slice(None), slice(None)) + out] = padded[(slice(None), slice(None)) + window].sum(
            axis=tuple(range(2, 2 + rank)))
    return (y ** (1.0 / p)).astype(np.float32)


def save(out_dir, name, x, y, node):
    graph = helper.make_graph(
        [node], name, [helper.make_tensor_value_info("X", TensorProto.FLOAT, x.shape)],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, y.shape)])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.save(model, os.path.join(out_dir, f"{name}.onnx"))
    np.save(os.path.join(out_dir, f"{name}_x.npy"), x)
    np.save(os.path.join(out_dir, f"{name}_y.npy"), y)


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(0)
    x2 = rng.standard_normal((2, 3, 9, 8)).astype(np.float32)
    for p in (1, 2, 3):
        kernel, strides, pads = [3, 2], [2, 1], [1, 0, 1, 1]
        save(out_dir, f"lppool2d_p{p}", x2, lp_pool(x2, kernel, strides, pads, p),
             helper.make_node("LpPool", ["X"], ["Y"], kernel_shape=kernel,
                              strides=strides, pads=pads, p=p))
        save(out_dir, f"global_p{p}", x2, lp_pool(x2, [9, 8], [1, 1], [0, 0, 0, 0], p),
             helper.make_node("GlobalLpPool", ["X"], ["Y"], p=p))
    x1 = rng.standard_normal((1, 4, 11)).astype(np.float32)
    save(out_dir, "lppool1d", x1, lp_pool(x1, [4], [3], [2, 1], 2),
         helper.make_node("LpPool", ["X"], ["Y"], kernel_shape=[4], strides=[3],
                          pads=[2, 1]))


if __name__ == "__main__":
    main()
