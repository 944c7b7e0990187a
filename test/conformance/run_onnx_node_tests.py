#!/usr/bin/python3
"""run_onnx_node_tests.py --compile SINTER_COMPILE --run SINTER_RUN --data DIR
                          --work WORK_DIR [--expected-pass FILE]
                          [--unsupported FILE] [--jobs N] [CASE_PATTERN...]

ONNX's backend node cases (model.onnx + test_data_set_*/{input,output}_*.pb)
for the ops sinter's dialect has: each is compiled to a shared library and
run on every data set with sinter-run --expect. Prints PASS, FAIL or
UNSUPPORTED per case and a summary line.

With --expected-pass, the run fails unless exactly the listed cases pass;
with --unsupported (lines `case: expected error text`), every case the
compiler rejects must be listed with the error it gives. So a regression, a
newly passing case or a changed reason all show up in CI.
"""

import argparse
import concurrent.futures
import fnmatch
import glob
import os
import subprocess
import sys

DEFAULT_PATTERNS = [
    "test_conv*", "test_batchnorm*", "test_relu", "test_add*", "test_sub*",
    "test_mul*", "test_div*", "test_matmul*", "test_gemm*", "test_maxpool*",
    "test_averagepool*", "test_globalaveragepool*", "test_flatten*",
    "test_reshape*", "test_transpose*", "test_softmax*", "test_concat*",
    "test_clip*", "test_constant",
]
RTOL, ATOL = "1e-4", "1e-5"


def read_list(path):
    entries = {}
    if not path:
        return entries
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, detail = line.partition(":")
            entries[name.strip()] = detail.strip()
    return entries


def run_case(args, case):
    case_dir = os.path.join(args.data, case)
    library = os.path.join(args.work, case + ".so")
    compiled = subprocess.run([args.compile, os.path.join(case_dir, "model.onnx"), "-o", library],
                              capture_output=True, text=True)
    if compiled.returncode == 1:
        return case, "UNSUPPORTED", compiled.stderr.strip()
    if compiled.returncode != 0:
        return case, "FAIL", f"sinter-compile ended with status {compiled.returncode}: {compiled.stderr.strip()}"
    details = []
    for data_set in sorted(glob.glob(os.path.join(case_dir, "test_data_set_*"))):
        inputs = sorted(glob.glob(os.path.join(data_set, "input_*.pb")),
                        key=lambda p: int(p.rsplit("_", 1)[1].split(".")[0]))
        outputs = sorted(glob.glob(os.path.join(data_set, "output_*.pb")),
                         key=lambda p: int(p.rsplit("_", 1)[1].split(".")[0]))
        command = [args.run, library, *inputs, "--rtol", RTOL, "--atol", ATOL]
        for output in outputs:
            command += ["--expect", output]
        ran = subprocess.run(command, capture_output=True, text=True)
        if ran.returncode != 0:
            return case, "FAIL", f"{os.path.basename(data_set)}: status {ran.returncode}: " + \
                (ran.stdout + ran.stderr).strip()
        details.append(ran.stdout.strip())
    return case, "PASS", "; ".join(details)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compile", required=True)
    parser.add_argument("--run", required=True)
    parser.add_argument("--data", required=True, help="libonnx-testdata's data/node folder")
    parser.add_argument("--work", required=True)
    parser.add_argument("--expected-pass")
    parser.add_argument("--unsupported")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("patterns", nargs="*")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    patterns = args.patterns or DEFAULT_PATTERNS
    cases = sorted(d for d in os.listdir(args.data)
                   if any(fnmatch.fnmatch(d, p) for p in patterns))
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda case: run_case(args, case), cases))

    expected_pass = read_list(args.expected_pass)
    unsupported = read_list(args.unsupported)
    problems = []
    counts = {"PASS": 0, "FAIL": 0, "UNSUPPORTED": 0}
    for case, outcome, detail in results:
        counts[outcome] += 1
        line = f"{outcome:<11} {case}"
        if outcome != "PASS" or args.verbose:
            line += ": " + detail.splitlines()[0] if detail else ""
        print(line)
        if args.expected_pass is not None:
            if outcome == "PASS" and case not in expected_pass:
                problems.append(f"{case} passes but is not in the expected-pass list")
            if outcome != "PASS" and case in expected_pass:
                problems.append(f"{case} is expected to pass: {outcome}")
        if args.unsupported is not None and outcome == "UNSUPPORTED":
            if case not in unsupported:
                problems.append(f"{case} is rejected but not listed as unsupported")
            elif unsupported[case] not in detail:
                problems.append(f"{case} is rejected for another reason: {detail}")
    if args.unsupported is not None:
        outcomes = {case: outcome for case, outcome, _ in results}
        for case in unsupported:
            if case in outcomes and outcomes[case] != "UNSUPPORTED":
                problems.append(f"{case} is listed as unsupported but compiles")
    for problem in problems:
        print("PROBLEM", problem)
    print(f"onnx conformance: {len(results)} cases, {counts['PASS']} pass, "
          f"{counts['FAIL']} fail, {counts['UNSUPPORTED']} unsupported, "
          f"{len(problems)} problems")
    sys.exit(1 if problems or (args.expected_pass is not None and counts["FAIL"]) else 0)


if __name__ == "__main__":
    main()
