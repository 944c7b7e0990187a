#!/usr/bin/python3
"""Writes the models of graph.test: cases the textual syntax cannot express
(raw and external tensor data, node order, domains, broken graphs)."""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = [helper.make_opsetid("", 13)]


def model(nodes, inputs, outputs, initializers=(), opset=OPSET, **kwargs):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(initializers))
    return helper.make_model(graph, opset_imports=opset, **kwargs)


def float_input(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)

    def save(name, m):
        onnx.save(m, os.path.join(out_dir, name + ".onnx"))

    rng = np.random.default_rng(7)

    # Weights stored as raw bytes (what torch writes) and as typed fields,
    # in every element type the importer maps.
    w_raw = numpy_helper.from_array(rng.standard_normal((8, 3, 3, 3)).astype(np.float32), "w_raw")
    b_typed = helper.make_tensor("b_typed", TensorProto.FLOAT, [8], [float(i) for i in range(8)])
    typed = [
        numpy_helper.from_array(np.arange(4, dtype=np.float16), "half"),
        numpy_helper.from_array(np.arange(4, dtype=np.float64), "double"),
        numpy_helper.from_array(np.array([-1, 2, -3, 4], dtype=np.int8), "int8"),
        numpy_helper.from_array(np.array([1, 2, 250, 4], dtype=np.uint8), "uint8"),
        numpy_helper.from_array(np.array([True, False, True, True]), "bool"),
        numpy_helper.from_array(np.arange(4, dtype=np.int32), "int32"),
        helper.make_tensor("int16_typed", TensorProto.INT16, [4], [-2, -1, 0, 1]),
        # make_tensor stores float16 as bit patterns in int32_data.
        helper.make_tensor("half_typed", TensorProto.FLOAT16, [2], [1.5, -2.0]),
    ]
    save("initializers", model(
        [helper.make_node("Conv", ["x", "w_raw", "b_typed"], ["y"], name="conv", pads=[1, 1, 1, 1])]
        + [helper.make_node("Identity", [t.name], [t.name + "_out"]) for t in typed],
        [float_input("x", [1, 3, 5, 5])],
        [float_input("y", [1, 8, 5, 5])]
        + [helper.make_tensor_value_info(t.name + "_out", t.data_type, list(t.dims)) for t in typed],
        [w_raw, b_typed] + typed))

    # The same conv with its weight in an external data file.
    w_ext = numpy_helper.from_array(np.arange(8 * 3 * 3 * 3, dtype=np.float32).reshape(8, 3, 3, 3), "w_ext")
    ext_model = model([helper.make_node("Conv", ["x", "w_ext"], ["y"], name="conv")],
                      [float_input("x", [1, 3, 5, 5])], [float_input("y", [1, 8, 3, 3])], [w_ext])
    onnx.save_model(ext_model, os.path.join(out_dir, "external.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="external.weights", size_threshold=0)
    # ... and with that file missing.
    missing = onnx.load(os.path.join(out_dir, "external.onnx"), load_external_data=False)
    missing.graph.initializer[0].external_data[0].value = "missing.weights"
    save("external_missing", missing)
    # ... and pointing outside the model's directory.

    # An initializer whose data is shorter than its shape.
    short = numpy_helper.from_array(np.ones((8, 3, 3, 3), dtype=np.float32), "w_short")
    short.raw_data = short.raw_data[:400]
    save("short_initializer", model(
        [helper.make_node("Conv", ["x", "w_short"], ["y"], name="conv")],
        [float_input("x", [1, 3, 5, 5])], [float_input("y", [1, 8, 3, 3])], [short]))

    # IR version 3 lists initializers among the graph inputs.
    save("ir3_initializer_inputs", model(
        [helper.make_node("Conv", ["x", "w_raw"], ["y"], name="conv", pads=[1, 1, 1, 1])],
        [float_input("x", [1, 3, 5, 5]), float_input("w_raw", [8, 3, 3, 3])],
        [float_input("y", [1, 8, 5, 5])], [w_raw], opset=[helper.make_opsetid("", 8)], ir_version=3))

    # Nodes out of topological order.
    save("unsorted", model(
        [helper.make_node("Relu", ["t"], ["y"], name="second"),
         helper.make_node("Add", ["x", "x"], ["t"], name="first")],
        [float_input("x", [4])], [float_input("y", [4])]))

    # Unsupported ops: three types, one of them twice and one in another domain.
    save("unsupported_ops", model(
        [helper.make_node("Relu", ["x"], ["a"], name="relu"),
         helper.make_node("NonZero", ["a"], ["b"], name="nonzero_1"),
         helper.make_node("LSTMish", ["b"], ["c"], name="custom", domain="com.example"),
         helper.make_node("NonZero", ["c"], ["d"], name="nonzero_2"),
         helper.make_node("Unique", ["d"], ["y"], name="unique")],
        [float_input("x", [4])], [float_input("y", [4])],
        opset=OPSET + [helper.make_opsetid("com.example", 1)]))

    # A node reading a value nothing produces.
    save("undefined_input", model(
        [helper.make_node("Add", ["x", "ghost"], ["y"], name="add")],
        [float_input("x", [4])], [float_input("y", [4])]))

    # A value produced twice.
    save("duplicate_output", model(
        [helper.make_node("Relu", ["x"], ["y"], name="relu_a"),
         helper.make_node("Relu", ["x"], ["y"], name="relu_b")],
        [float_input("x", [4])], [float_input("y", [4])]))

    # A cycle.
    save("cycle", model(
        [helper.make_node("Add", ["x", "b"], ["a"], name="add_a"),
         helper.make_node("Relu", ["a"], ["b"], name="relu_b")],
        [float_input("x", [4])], [float_input("a", [4])]))

    # A graph output nothing produces.
    save("missing_output", model(
        [helper.make_node("Relu", ["x"], ["y"], name="relu")],
        [float_input("x", [4])], [float_input("y", [4]), float_input("z", [4])]))

    # A declared output shape that disagrees with the computation.
    save("output_shape", model(
        [helper.make_node("Flatten", ["x"], ["y"], name="flatten")],
        [float_input("x", [2, 3, 4])], [float_input("y", [2, 13])]))

    # Unsupported data types: a string input, a complex weight.
    save("string_input", model(
        [helper.make_node("Identity", ["x"], ["y"], name="id")],
        [helper.make_tensor_value_info("x", TensorProto.STRING, [2])],
        [helper.make_tensor_value_info("y", TensorProto.STRING, [2])]))
    complex_weight = helper.make_tensor("c", TensorProto.COMPLEX64, [1], [1 + 2j])
    save("complex_weight", model(
        [helper.make_node("Add", ["x", "c"], ["y"], name="add")],
        [helper.make_tensor_value_info("x", TensorProto.COMPLEX64, [1])],
        [helper.make_tensor_value_info("y", TensorProto.COMPLEX64, [1])], [complex_weight]))

    # Dynamic dimensions: a named batch, an unknown one, and no shape at all.
    save("dynamic", model(
        [helper.make_node("Relu", ["x"], ["y"], name="relu")],
        [float_input("x", ["batch", 3, 224, 224])], [float_input("y", ["batch", 3, 224, 224])]))
    unknown = float_input("x", [1, 3])
    unknown.type.tensor_type.shape.dim[1].Clear()
    save("unknown_dim", model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                              [unknown], [float_input("y", None)]))
    save("no_shape", model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                           [float_input("x", None)], [float_input("y", None)]))

    # An attribute of the wrong kind.
    bad_attr = helper.make_node("Flatten", ["x"], ["y"], name="flatten")
    bad_attr.attribute.append(helper.make_attribute("axis", 1.5))
    save("attribute_kind", model([bad_attr], [float_input("x", [2, 3])], [float_input("y", [2, 3])]))

    # Opsets an op or sinter does not handle, and none at all.
    relu = [helper.make_node("Relu", ["x"], ["y"], name="relu")]
    io = ([float_input("x", [4])], [float_input("y", [4])])
    save("opset_1", model(relu, *io, opset=[helper.make_opsetid("", 1)], ir_version=3))
    gemm_io = ([float_input("x", [2, 2])], [float_input("y", [2, 2])])
    save("opset_5_gemm", model([helper.make_node("Gemm", ["x", "x", "x"], ["a"], name="gemm"),
                                helper.make_node("Gemm", ["a", "x", "x"], ["y"], name="gemm_again")],
                               *gemm_io, opset=[helper.make_opsetid("", 5)], ir_version=3))
    # Opset 6 binary ops: B broadcast from `axis` with broadcast=1.
    save("opset_6_broadcast", model(
        [helper.make_node("Add", ["a", "b"], ["y"], name="add", broadcast=1, axis=1)],
        [float_input("a", [2, 3, 4]), float_input("b", [3])], [float_input("y", [2, 3, 4])],
        opset=[helper.make_opsetid("", 6)], ir_version=3))
    save("opset_18", model(relu, *io, opset=[helper.make_opsetid("", 18)]))
    save("no_opset", model(relu, *io, opset=[helper.make_opsetid("com.example", 1)]))

    # Node names as exporters write them appear in locations and messages.
    save("named", model(
        [helper.make_node("Conv", ["x", "w"], ["y"], name="/backbone/conv1/Conv", pads=[1, 1, 1, 1], group=3)],
        [float_input("x", [1, 6, 5, 5]), float_input("w", [6, 2, 3, 3])],
        [float_input("y", [1, 6, 5, 5])]))
    save("named_bad", model(
        [helper.make_node("Conv", ["x", "w"], ["y"], name="/backbone/conv1/Conv", pads=[1, 1, 1, 1], group=3)],
        [float_input("x", [1, 6, 5, 5]), float_input("w", [4, 2, 3, 3])],
        [float_input("y", [1, 4, 5, 5])]))


    # Sizes past 64-bit byte counts, types an op does not take at the
    # model's opset, and an input declared twice.
    save("huge_input", model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                             [float_input("x", [2**40, 2**40])], [float_input("y", [2**40, 2**40])]))
    bf16 = lambda name, shape: helper.make_tensor_value_info(name, TensorProto.BFLOAT16, shape)
    save("bf16_conv_opset13", model([helper.make_node("Conv", ["x", "w"], ["y"], name="conv")],
                                    [bf16("x", [1, 2, 3, 3]), bf16("w", [2, 2, 1, 1])],
                                    [bf16("y", [1, 2, 3, 3])]))
    save("duplicate_input", model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                                  [float_input("x", [2]), float_input("x", [2])], [float_input("y", [2])]))

    # Clamps compose through epilogue fusion: Clip(0, 6) then Clip(7, 100)
    # after a conv and after a gemm is 7 everywhere.
    x = rng.standard_normal((1, 2, 4, 4)).astype(np.float32)
    w = rng.standard_normal((3, 2, 1, 1)).astype(np.float32)
    a = rng.standard_normal((2, 5)).astype(np.float32)
    m = rng.standard_normal((5, 3)).astype(np.float32)
    save("clips", model(
        [helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
         helper.make_node("Clip", ["c", "zero", "six"], ["c6"], name="clip_conv_1"),
         helper.make_node("Clip", ["c6", "seven", "hundred"], ["y"], name="clip_conv_2"),
         helper.make_node("Gemm", ["a", "m"], ["g"], name="gemm"),
         helper.make_node("Clip", ["g", "zero", "six"], ["g6"], name="clip_gemm_1"),
         helper.make_node("Clip", ["g6", "seven", "hundred"], ["z"], name="clip_gemm_2")],
        [float_input("x", [1, 2, 4, 4]), float_input("a", [2, 5])],
        [float_input("y", [1, 3, 4, 4]), float_input("z", [2, 3])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(m, "m")]
        + [numpy_helper.from_array(np.array(v, np.float32), n)
           for n, v in [("zero", 0), ("six", 6), ("seven", 7), ("hundred", 100)]]))
    conv = np.einsum("nchw,fc->nfhw", x, w[:, :, 0, 0])
    np.save(os.path.join(out_dir, "clips_x.npy"), x)
    np.save(os.path.join(out_dir, "clips_a.npy"), a)
    np.save(os.path.join(out_dir, "clips_y.npy"), np.clip(np.clip(conv, 0, 6), 7, 100).astype(np.float32))
    np.save(os.path.join(out_dir, "clips_z.npy"), np.clip(np.clip(a @ m, 0, 6), 7, 100).astype(np.float32))


if __name__ == "__main__":
    main(sys.argv[1])
