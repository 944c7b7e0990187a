#!/usr/bin/python3
"""bad_file_sweep.py SINTER_COMPILE MODEL WORK_DIR

Feeds sinter-compile every strict truncation of MODEL (every byte offset for
small files, an even sample of 256 for larger ones) and a set of garbage
files. Each run must exit with status 1, not a signal; print exactly one
line, an error naming the file; and leave no output file. Prints a summary
line and exits 1 on the first violation.
"""

import os
import random
import subprocess
import sys

MAX_OFFSETS = 256


def check(tool, path, work_dir, what):
    output = os.path.join(work_dir, "out.mlir")
    if os.path.exists(output):
        os.remove(output)
    run = subprocess.run([tool, path, "-o", output], capture_output=True, text=True)
    lines = run.stderr.splitlines()
    problems = []
    if run.returncode != 1:
        problems.append(f"exit status {run.returncode}" if run.returncode >= 0
                        else f"killed by signal {-run.returncode}")
    if len(lines) != 1 or f"{path}: error: " not in lines[0]:
        problems.append(f"expected one error line naming the file, got {lines!r}")
    if os.path.exists(output):
        problems.append("left an output file behind")
    if problems:
        sys.exit(f"FAIL {what}: " + "; ".join(problems))


def main():
    tool, model, work_dir = sys.argv[1:4]
    os.makedirs(work_dir, exist_ok=True)
    data = open(model, "rb").read()

    offsets = list(range(len(data)))
    if len(offsets) > MAX_OFFSETS:
        step = len(data) / MAX_OFFSETS
        offsets = sorted({int(i * step) for i in range(MAX_OFFSETS)} | {len(data) - 1})
    truncated = os.path.join(work_dir, "truncated.onnx")
    for offset in offsets:
        with open(truncated, "wb") as f:
            f.write(data[:offset])
        check(tool, truncated, work_dir, f"truncated to {offset} of {len(data)} bytes")

    rng = random.Random(1234)
    garbage = {
        "text": b"this is not an ONNX model\n" * 10,
        "zeros": bytes(4096),
        "ones": b"\xff" * 4096,
        "random_small": bytes(rng.randrange(256) for _ in range(17)),
        "random_large": bytes(rng.randrange(256) for _ in range(65536)),
        "png_header": b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(100)),
        # Valid protobuf wire format, but not a model: one varint field.
        "other_message": b"\x08\x96\x01",
        # A model whose graph field claims more bytes than the file has.
        "overlong_field": b"\x08\x08\x3a\xff\xff\x03" + b"\x00" * 10,
        # Only one byte of the real model, corrupted in the middle.
        "flipped": data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 0xFF]) + data[len(data) // 2 + 1:],
    }
    count = 0
    for name, content in garbage.items():
        path = os.path.join(work_dir, name + ".onnx")
        with open(path, "wb") as f:
            f.write(content)
        run = subprocess.run([tool, path, "-o", os.path.join(work_dir, "out.mlir")],
                             capture_output=True, text=True)
        # A flipped byte may still leave a parsable model; it must not crash.
        if name == "flipped" and run.returncode in (0, 1):
            count += 1
            continue
        check(tool, path, work_dir, f"garbage '{name}'")
        count += 1
    print(f"bad-file sweep: {len(offsets)} truncations and {count} garbage files "
          f"of {os.path.basename(model)} rejected cleanly")


if __name__ == "__main__":
    main()
