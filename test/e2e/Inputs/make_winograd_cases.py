"""Writes 3x3 stride-1 conv models that Sinter computes as Winograd
F(4x4, 3x3), with float64 references.

Usage: make_winograd_cases.py OUT_DIR

Each case CASE gets OUT_DIR/CASE.onnx (Conv with bias, then a residual Add
and a Relu, as a ResNet block ends), CASE_x.npy, CASE_r.npy (the residual)
and CASE_ref.npy: the output computed in float64 from the same float32
values. The weights, bias and residual are scaled so that the largest
pre-ReLU value is 1: an absolute tolerance is then a tolerance relative to
the output's scale.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# name: (batch, height, width, in channels, out channels, pad)
CASES = {
    # Outputs no multiple of 4 (partial tiles at the bottom and the right),
    # channels no multiple of 16 (vectors of 8 and of 4), a batch of 2.
    "odd": (2, 10, 13, 24, 20, 1),
    # No padding: the tiles reach past the input's edge.
    "valid": (1, 14, 11, 16, 32, 0),
    # ResNet's first stage.
    "resnet": (1, 56, 56, 64, 64, 1),
}


def conv_nchw(x, w, pad):
    x = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    n, c, h, wd = x.shape
    f = w.shape[0]
    oh, ow = h - 2, wd - 2
    y = np.zeros((n, f, oh, ow))
    for i in range(3):
        for j in range(3):
            y += np.einsum("nchw,fc->nfhw", x[:, :, i:i + oh, j:j + ow], w[:, :, i, j])
    return y


def write_case(out_dir, name, batch, height, width, channels, filters, pad, rng):
    x = rng.uniform(-1, 1, (batch, channels, height, width)).astype(np.float32)
    w = rng.uniform(-1, 1, (filters, channels, 3, 3)) / np.sqrt(9 * channels)
    b = rng.uniform(-0.5, 0.5, filters)
    oh, ow = height + 2 * pad - 2, width + 2 * pad - 2
    r = rng.uniform(-0.5, 0.5, (batch, filters, oh, ow))
    z = conv_nchw(x.astype(np.float64), w, pad) + b[None, :, None, None] + r
    scale = 1.0 / np.abs(z).max()
    w, b, r = (w * scale).astype(np.float32), (b * scale).astype(np.float32), (r * scale).astype(np.float32)
    ref = np.maximum(conv_nchw(x.astype(np.float64), w.astype(np.float64), pad)
                     + b.astype(np.float64)[None, :, None, None] + r.astype(np.float64), 0)

    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w", "b"], ["c"], kernel_shape=[3, 3],
                          pads=[pad] * 4),
         helper.make_node("Add", ["c", "r"], ["s"]),
         helper.make_node("Relu", ["s"], ["y"])],
        name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape),
         helper.make_tensor_value_info("r", TensorProto.FLOAT, r.shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ref.shape)],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(out_dir, name + ".onnx"))
    np.save(os.path.join(out_dir, name + "_x.npy"), x)
    np.save(os.path.join(out_dir, name + "_r.npy"), r)
    np.save(os.path.join(out_dir, name + "_ref.npy"), ref.astype(np.float32))


def main():
    out_dir = sys.argv[1]
    rng = np.random.default_rng(7)
    for name, shape in CASES.items():
        write_case(out_dir, name, *shape, rng)


if __name__ == "__main__":
    main()
