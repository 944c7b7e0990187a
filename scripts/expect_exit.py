#!/usr/bin/python3
"""expect_exit.py CODE COMMAND [ARG...]

Runs COMMAND with its output passed through, and succeeds only if it exits
with status CODE. A command killed by a signal never matches, so tests that
use this tell a clean error exit from a crash.
"""

import subprocess
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    expected = int(sys.argv[1])
    status = subprocess.run(sys.argv[2:]).returncode
    if status != expected:
        what = f"signal {-status}" if status < 0 else f"exit status {status}"
        sys.stderr.write(f"expect_exit: {sys.argv[2]} ended with {what}, "
                         f"expected exit status {expected}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
