#!/usr/bin/python3
"""npy_raw.py to-raw IN.npy OUT.raw | compare OUT.raw EXPECTED.npy RTOL ATOL

Converts .npy to raw bytes for run_object.c, and compares a raw output with
a reference using numpy.allclose's rule, printing the largest errors.
"""

import sys

import numpy as np


def main():
    if sys.argv[1] == "to-raw":
        np.load(sys.argv[2]).tofile(sys.argv[3])
        return
    raw, expected_path, rtol, atol = sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
    expected = np.load(expected_path)
    actual = np.fromfile(raw, dtype=expected.dtype).reshape(expected.shape)
    error = np.abs(actual.astype(np.float64) - expected)
    rel = error / np.maximum(np.abs(expected), 1e-30)
    ok = np.allclose(actual, expected, rtol=rtol, atol=atol)
    print(f"max abs error {error.max():.3g}, max rel error {rel.max():.3g}: {'ok' if ok else 'MISMATCH'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
