#!/usr/bin/python3
"""make_einsum_cases.py OUT_DIR

Einsum models and numpy.einsum references (float64, then float32):
attention scores, a broadcast ellipsis, a diagonal, a trace, three
operands, an implicit output, an outer product and a sum with a
transpose. Each case is OUT_DIR/<name>.onnx with <name>_x<i>.npy and
<name>_y.npy; OUT_DIR/cases.txt lists the names and input counts.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

CASES = [
    ("attention", "bhqd,bhkd->bhqk", [(2, 3, 5, 4), (2, 3, 6, 4)]),
    ("ellipsis_broadcast", "...ij,...jk->...ik", [(2, 1, 3, 4), (5, 4, 2)]),
    ("diagonal", "...ii->...i", [(2, 4, 4)]),
    ("trace", "ii", [(5, 5)]),
    ("three_operands", "ij,jk,kl->il", [(3, 4), (4, 5), (5, 2)]),
    ("implicit", "ij,jk", [(3, 4), (4, 5)]),
    ("outer", "i,j->ij", [(3,), (4,)]),
    ("sum_transpose", "ijk->ki", [(2, 3, 4)]),
    ("batch_contract", "bik,bkj,b->bij", [(2, 3, 4), (2, 4, 5), (2,)]),
]


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(0)
    listing = []
    for name, equation, shapes in CASES:
        inputs = [rng.standard_normal(shape).astype(np.float32) for shape in shapes]
        y = np.array(np.einsum(equation, *[x.astype(np.float64) for x in inputs]),
                     dtype=np.float32, order="C")
        names = [f"x{i}" for i in range(len(inputs))]
        node = helper.make_node("Einsum", names, ["y"], equation=equation)
        graph = helper.make_graph(
            [node], name,
            [helper.make_tensor_value_info(n, TensorProto.FLOAT, x.shape)
             for n, x in zip(names, inputs)],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, y.shape)])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
        onnx.save(model, os.path.join(out_dir, f"{name}.onnx"))
        for n, x in zip(names, inputs):
            np.save(os.path.join(out_dir, f"{name}_{n}.npy"), x)
        np.save(os.path.join(out_dir, f"{name}_y.npy"), y)
        listing.append(f"{name} {len(inputs)}")
    with open(os.path.join(out_dir, "cases.txt"), "w") as f:
        f.write("\n".join(listing) + "\n")


if __name__ == "__main__":
    main()
