#!/usr/bin/python3
"""Writes the models of external-data.test: a conv whose weight lives in an
external file, once valid (mapped at an aligned offset, with a torch
reference output) and once per attack on the reader."""

import os
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

OPSET = [helper.make_opsetid("", 13)]
WEIGHT_SHAPE = (16, 8, 3, 3)
WEIGHT_BYTES = int(np.prod(WEIGHT_SHAPE)) * 4


def conv_model(location, offset=None, length=None, dims=WEIGHT_SHAPE, extra=()):
    """A conv whose weight `w` is external data at `location`; offset and
    length are written as given (strings), absent when None."""
    weight = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=list(dims))
    weight.data_location = TensorProto.EXTERNAL
    entries = [("location", location), ("offset", offset), ("length", length)] + list(extra)
    for key, value in entries:
        if value is not None:
            entry = weight.external_data.add()
            entry.key, entry.value = key, value
    graph = helper.make_graph(
        [helper.make_node("Conv", ["x", "w"], ["y"], name="conv", pads=[1, 1, 1, 1])], "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 8, 6, 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 16, 6, 6])], [weight])
    return helper.make_model(graph, opset_imports=OPSET)


def main(out_dir):
    models = os.path.join(out_dir, "models")
    outside = os.path.join(out_dir, "outside")
    os.makedirs(models, exist_ok=True)
    os.makedirs(outside, exist_ok=True)

    def save(name, m):
        with open(os.path.join(models, name + ".onnx"), "wb") as f:
            f.write(m.SerializeToString())

    rng = np.random.default_rng(3)
    w = rng.standard_normal(WEIGHT_SHAPE).astype(np.float32)
    x = rng.standard_normal((1, 8, 6, 6)).astype(np.float32)
    # 4096 bytes of something else first: the weight sits at a page-aligned
    # offset, where the importer maps the file instead of copying it.
    with open(os.path.join(models, "weights.bin"), "wb") as f:
        f.write(b"\xff" * 4096)
        f.write(w.tobytes())
    np.save(os.path.join(out_dir, "x.npy"), x)
    y = torch.nn.functional.conv2d(torch.from_numpy(x), torch.from_numpy(w), padding=1)
    np.save(os.path.join(out_dir, "y.npy"), y.numpy())
    save("valid", conv_model("weights.bin", "4096", str(WEIGHT_BYTES)))
    # The same bytes at an odd offset, read without a length: copied.
    with open(os.path.join(models, "unaligned.bin"), "wb") as f:
        f.write(b"\x00" * 3)
        f.write(w.tobytes())
    save("unaligned", conv_model("unaligned.bin", "3"))

    # A file outside the model's folder, and ways to reach it.
    secret = os.path.join(outside, "secret.bin")
    with open(secret, "wb") as f:
        f.write(w.tobytes())
    os.symlink(secret, os.path.join(models, "link.bin"))
    save("symlink", conv_model("link.bin"))
    os.symlink(outside, os.path.join(models, "linkdir"))
    save("symlink_dir", conv_model("linkdir/secret.bin"))
    save("dotdot", conv_model("../outside/secret.bin"))
    save("absolute", conv_model(secret))
    save("nul", conv_model("weights.bin\0.txt"))
    save("newline", conv_model("weights\n.bin"))
    save("empty_location", conv_model(""))
    save("directory", conv_model("."))
    save("missing", conv_model("missing.bin"))

    # Offsets and lengths that lie.
    save("offset_past_end", conv_model("weights.bin", "1000000"))
    save("offset_wraps", conv_model("weights.bin", str(2**64 - 8), str(WEIGHT_BYTES)))
    save("offset_overflows", conv_model("weights.bin", "99999999999999999999999"))
    save("negative_length", conv_model("weights.bin", "4096", "-16"))
    save("hex_offset", conv_model("weights.bin", "0x1000"))
    save("wrong_length", conv_model("weights.bin", "4096", "16"))
    save("short_file", conv_model("weights.bin", "8192", str(WEIGHT_BYTES)))
    save("repeated_key", conv_model("weights.bin", "4096", extra=[("offset", "0")]))
    with open(os.path.join(models, "tiny.bin"), "wb") as f:
        f.write(b"\x01" * 16)
    # 3 GiB of weights claimed by a 16-byte file.
    save("huge_claim", conv_model("tiny.bin", dims=(3 * 2**28 // 72, 8, 3, 3)))

    # Two initializers of one name.
    twice = conv_model("weights.bin", "4096", str(WEIGHT_BYTES))
    twice.graph.initializer.append(numpy_helper.from_array(w, "w"))
    save("duplicate_initializer", twice)


if __name__ == "__main__":
    main(sys.argv[1])
