#!/usr/bin/python3
"""make_topk_cases.py OUT_DIR

TopK models and their numpy reference outputs: ties (the lower index
first), NaN (greater than every number), both directions, float32, int32
with negative values, uint8 above 127 (an unsigned comparison) and the
opset-9 form with k as an attribute. Each case is OUT_DIR/<name>.onnx with
<name>_x.npy, <name>_values.npy and <name>_indices.npy.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def reference(x, k, axis, largest):
    wide = x.astype(np.float64)
    # Sorted ascending by key: largest first negates, and NaN leads;
    # smallest first keeps the sign, and NaN trails.
    key = np.where(np.isnan(wide), -np.inf if largest else np.inf,
                   -wide if largest else wide)
    order = np.argsort(key, axis=axis, kind="stable")
    order = np.take(order, np.arange(k), axis=axis)
    return np.take_along_axis(x, order, axis), order.astype(np.int64)


def save_case(out_dir, name, x, k, axis, largest, opset):
    element = onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[x.dtype]
    shape = list(x.shape)
    shape[axis] = k
    attrs = {"axis": axis}
    inputs, initializers = ["X"], []
    if opset < 10:
        attrs["k"] = k
    else:
        inputs.append("K")
        initializers.append(numpy_helper.from_array(np.array([k], np.int64), "K"))
        attrs["largest"] = int(largest)
    node = helper.make_node("TopK", inputs, ["V", "I"], **attrs)
    graph = helper.make_graph(
        [node], name, [helper.make_tensor_value_info("X", element, x.shape)],
        [helper.make_tensor_value_info("V", element, shape),
         helper.make_tensor_value_info("I", TensorProto.INT64, shape)],
        initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    onnx.save(model, os.path.join(out_dir, f"{name}.onnx"))
    values, indices = reference(x, k, axis, largest)
    np.save(os.path.join(out_dir, f"{name}_x.npy"), x)
    np.save(os.path.join(out_dir, f"{name}_values.npy"), values)
    np.save(os.path.join(out_dir, f"{name}_indices.npy"), indices)


def main():
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(0)
    ties = rng.integers(0, 5, size=(3, 50, 4)).astype(np.float32)
    ties[0, 7, 1] = np.nan
    ties[2, 3, 0] = np.nan
    save_case(out_dir, "float_largest", ties, 6, 1, True, 13)
    save_case(out_dir, "float_smallest", ties, 6, 1, False, 13)
    save_case(out_dir, "float_all", rng.standard_normal((2, 33)).astype(np.float32),
              33, 1, True, 13)
    save_case(out_dir, "int32_smallest",
              rng.integers(-1000, 1000, size=(5, 40)).astype(np.int32), 7, 1, False, 13)
    save_case(out_dir, "uint8_largest",
              rng.integers(0, 256, size=(40, 3)).astype(np.uint8), 5, 0, True, 13)
    save_case(out_dir, "opset9", rng.standard_normal((4, 10)).astype(np.float32),
              3, 1, True, 9)


if __name__ == "__main__":
    main()
