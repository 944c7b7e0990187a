#!/usr/bin/python3
"""make_tensors.py OUT_DIR: the .npy and .pb files of sinter-run's tests."""

import os
import sys

import numpy as np
from onnx import numpy_helper

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
x = np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5
np.save(os.path.join(out, "x.npy"), x)
np.save(os.path.join(out, "relu_x.npy"), np.maximum(x, 0))
np.save(os.path.join(out, "wrong_shape.npy"), x.reshape(3, 2))
np.save(os.path.join(out, "wrong_dtype.npy"), x.astype(np.float64))
np.save(os.path.join(out, "off_by_a_bit.npy"), np.maximum(x, 0) + 1e-3)
with open(os.path.join(out, "x.pb"), "wb") as f:
    f.write(numpy_helper.from_array(x).SerializeToString())
with open(os.path.join(out, "not_a_tensor.npy"), "w") as f:
    f.write("hello\n")
# Big-endian data (converted), Fortran order (refused), .pb files that name
# their tensor, and a header whose shape overflows 64-bit byte counts.
np.save(os.path.join(out, "x_big_endian.npy"), x.astype(">f4"))
np.save(os.path.join(out, "x_fortran.npy"), np.asfortranarray(np.arange(6, dtype=np.float32).reshape(3, 2).T))
with open(os.path.join(out, "x_named.pb"), "wb") as f:
    f.write(numpy_helper.from_array(x, "X").SerializeToString())
with open(os.path.join(out, "z_named.pb"), "wb") as f:
    f.write(numpy_helper.from_array(x, "Z").SerializeToString())
with open(os.path.join(out, "overflow.npy"), "wb") as f:
    header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"
    header += b" " * (63 - len(header) % 64) + b"\n"
    f.write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header)
os.makedirs(os.path.join(out, "a_directory.npy"), exist_ok=True)
