#!/usr/bin/python3
"""import_testdata.py SINTER_COMPILE TESTDATA_NODE_DIR EXPECTED_FAILURES

Imports every ONNX backend node case for the ops sinter's dialect has and
checks each outcome against EXPECTED_FAILURES, whose lines read
`case_name: text of the expected error`. A case must import, or fail with
exit status 1 and the listed error; a crash, an unlisted failure, or a
listed case that now imports all fail the run, so the list stays exact.
"""

import fnmatch
import os
import subprocess
import sys

PATTERNS = [
    "test_conv*", "test_batchnorm*", "test_relu", "test_add*", "test_sub*",
    "test_mul*", "test_div*", "test_matmul*", "test_gemm*", "test_maxpool*",
    "test_averagepool*", "test_globalaveragepool*", "test_flatten*",
    "test_reshape*", "test_transpose*", "test_softmax*", "test_concat*",
    "test_clip*",
]


def read_expected(path):
    expected = {}
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, reason = line.partition(":")
            expected[name.strip()] = reason.strip()
    return expected


def main():
    tool, node_dir, expected_path = sys.argv[1:4]
    expected = read_expected(expected_path)
    cases = sorted(d for d in os.listdir(node_dir)
                   if any(fnmatch.fnmatch(d, p) for p in PATTERNS))
    problems, imported, rejected = [], 0, 0
    for case in cases:
        run = subprocess.run([tool, os.path.join(node_dir, case, "model.onnx"), "-o", "-"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if run.returncode == 0:
            imported += 1
            if case in expected:
                problems.append(f"{case}: imports now; remove it from the expected failures")
        elif run.returncode == 1 and case in expected and expected[case] in run.stderr:
            rejected += 1
        else:
            status = (f"signal {-run.returncode}" if run.returncode < 0
                      else f"exit status {run.returncode}")
            problems.append(f"{case}: {status}: {run.stderr.strip()}")
    for name in sorted(set(expected) - set(cases)):
        problems.append(f"{name}: listed as an expected failure but not a test case")
    for problem in problems:
        print("FAIL", problem)
    print(f"onnx node cases: {len(cases)} in all, {imported} imported, "
          f"{rejected} rejected as expected, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
