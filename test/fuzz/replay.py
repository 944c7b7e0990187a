#!/usr/bin/python3
"""replay.py SINTER_COMPILE SINTER_RUN MODEL_SO WORK_DIR: replays the inputs
that fuzzing found (test/fuzz/regressions/, stored base64-encoded as .b64 so
that they stay text) through the tools built here. An import input must make
sinter-compile succeed or fail cleanly (exit 0 or 1); a tensor-file input
must make sinter-run succeed or refuse it (exit 0 or 2). Anything else — a
signal, a sanitizer report, another status — fails the test."""

import base64
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def replay(kind, extensions, command, allowed, work):
    """Runs `command(file)` on each input of `kind`, written once per
    extension; returns how many inputs it replayed."""
    inputs = sorted(glob.glob(os.path.join(HERE, "regressions", kind, "*.b64")))
    for path in inputs:
        with open(path) as encoded:
            data = base64.b64decode(encoded.read())
        for extension in extensions:
            decoded = os.path.join(work, os.path.basename(path)[:-4] + extension)
            with open(decoded, "wb") as out:
                out.write(data)
            result = subprocess.run(command(decoded), capture_output=True, text=True, timeout=120)
            if result.returncode not in allowed:
                sys.exit(f"replay.py: {decoded}: exit status {result.returncode}\n{result.stderr[-2000:]}")
    return len(inputs)


def main(compiler, runner, model, work):
    os.makedirs(work, exist_ok=True)
    imports = replay("import", [".onnx"],
                     lambda f: [compiler, f, "--stage=linalg", "-o", f + ".mlir"], (0, 1), work)
    tensors = replay("tensor-file", [".npy", ".pb"],
                     lambda f: [runner, model, "--input", f"X={f}"], (0, 2), work)
    print(f"replayed {imports} import and {tensors} tensor-file inputs cleanly")


if __name__ == "__main__":
    main(*sys.argv[1:])
