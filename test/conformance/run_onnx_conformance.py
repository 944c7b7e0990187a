#!/usr/bin/python3
"""run_onnx_conformance.py --compile SINTER_COMPILE --run SINTER_RUN --data DIR
                           --work WORK_DIR [--expected-pass FILE]
                           [--unsupported FILE] [--known-failures FILE]
                           [--write-lists] [--jobs N] [CASE_PATTERN...]

ONNX's backend cases from Debian's libonnx-testdata, all four suites (node,
pytorch-converted, pytorch-operator, simple): each case (model.onnx +
test_data_set_*/{input,output}_*.pb) is compiled to a shared library and run
on every data set with sinter-run --expect. Cases are named suite/case.
Prints PASS, FAIL or UNSUPPORTED per case, a summary line per suite, the
reasons for rejection by count, and a total line.

With --expected-pass, the run fails unless exactly the listed cases pass;
with --unsupported (lines `suite/case: expected error text`), every case the
compiler rejects must be listed with the error it gives. A case that
compiles but fails is a problem — a wrong answer must become a rejection —
unless --known-failures lists it with the failure it gives: cases whose
reference data contradict their own model (a shape the model does not
declare) or later ONNX releases (onnx 1.12 truncates float to bfloat16;
sinter rounds to nearest even, as ONNX Runtime does). So a regression, a newly passing case or a changed reason all
show up in CI. --write-lists rewrites both files from the run instead.
"""

import argparse
import collections
import concurrent.futures
import fnmatch
import glob
import os
import re
import subprocess
import sys

import onnx

BIND_REQUEST = re.compile(r"--bind-input (\S+)=FILE")
SUITES = ["node", "pytorch-converted", "pytorch-operator", "simple"]
RTOL, ATOL = "1e-4", "1e-5"


def read_list(path):
    entries = {}
    if not path or not os.path.exists(path):
        return entries
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, detail = line.partition(": ")
            entries[name.strip()] = detail.strip()
    return entries


def reason_of(stderr):
    """The first error of sinter-compile, without the model's path."""
    for line in stderr.splitlines():
        if ": error: " in line:
            return line.split(": error: ", 1)[1].strip()
    return stderr.strip().splitlines()[0] if stderr.strip() else "no message"


def tensor_name(path):
    """The name a .pb file gives its tensor."""
    tensor = onnx.TensorProto()
    with open(path, "rb") as f:
        tensor.ParseFromString(f.read())
    return tensor.name


def numbered(folder, prefix):
    return sorted(glob.glob(os.path.join(folder, prefix + "_*.pb")),
                  key=lambda p: int(p.rsplit("_", 1)[1].split(".")[0]))


def compile_case(args, case_dir, library, binds):
    command = [args.compile, os.path.join(case_dir, "model.onnx"), "-o", library]
    for name, path in binds.items():
        command += ["--bind-input", f"{name}={path}"]
    return subprocess.run(command, capture_output=True, text=True)


def run_case(args, case):
    """Compiles and runs one case. Inputs that determine a shape are frozen
    with --bind-input to each data set's values, as a user would (the
    compiler names them), and the case is compiled once per data set."""
    case_dir = os.path.join(args.data, case)
    library = os.path.join(args.work, case.replace("/", "__") + ".so")
    data_sets = sorted(glob.glob(os.path.join(case_dir, "test_data_set_*")))
    bound_names = []
    details = []
    for data_set in data_sets or [None]:
        inputs = numbered(data_set, "input") if data_set else []
        by_name = {tensor_name(path): path for path in inputs}
        while True:
            binds = {name: by_name[name] for name in bound_names if name in by_name}
            compiled = compile_case(args, case_dir, library, binds)
            wanted = [name for name in BIND_REQUEST.findall(compiled.stderr)
                      if name in by_name and name not in bound_names]
            if compiled.returncode != 1 or not wanted:
                break
            bound_names += wanted
        if compiled.returncode == 1:
            return case, "UNSUPPORTED", reason_of(compiled.stderr)
        if compiled.returncode != 0:
            return case, "FAIL", f"sinter-compile ended with status {compiled.returncode}: {compiled.stderr.strip()}"
        if data_set is None:
            break
        command = [args.run, library, *[p for p in inputs if tensor_name(p) not in binds],
                   "--rtol", RTOL, "--atol", ATOL]
        for output in numbered(data_set, "output"):
            command += ["--expect", output]
        ran = subprocess.run(command, capture_output=True, text=True)
        if ran.returncode != 0:
            return case, "FAIL", f"{os.path.basename(data_set)}: status {ran.returncode}: " + \
                (ran.stdout + ran.stderr).strip()
        details.append(ran.stdout.strip())
    os.remove(library)
    if bound_names:
        details.append("bound: " + ", ".join(bound_names))
    return case, "PASS", "; ".join(details)


def reason_group(reason):
    """Messages that differ only in names, grouped for the reasons table."""
    match = re.search(r"unsupported op '[^']*'", reason)
    if match:
        return match.group(0)
    return re.sub(r"'[^']*'", "'…'", re.sub(r"node '[^']*' \([^)]*\): ", "", reason))


def write_lists(args, results):
    with open(args.expected_pass, "w") as out:
        out.write("# ONNX backend cases (Debian's libonnx-testdata) that compile and match\n"
                  f"# their reference outputs (rtol {RTOL}, atol {ATOL}). CI fails when one of\n"
                  "# them stops passing, or when a case not listed here starts to.\n"
                  "# Written by run_onnx_conformance.py --write-lists.\n")
        for case, outcome, _ in results:
            if outcome == "PASS":
                out.write(case + "\n")
    with open(args.unsupported, "w") as out:
        out.write("# ONNX backend cases sinter-compile rejects, with the error it gives\n"
                  "# (after the model's path). Written by run_onnx_conformance.py\n"
                  "# --write-lists; docs/supported-ops.md explains the groups.\n")
        for case, outcome, detail in results:
            if outcome == "UNSUPPORTED":
                out.write(f"{case}: {detail}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compile", required=True)
    parser.add_argument("--run", required=True)
    parser.add_argument("--data", required=True, help="libonnx-testdata's data folder")
    parser.add_argument("--work", required=True)
    parser.add_argument("--expected-pass")
    parser.add_argument("--unsupported")
    parser.add_argument("--known-failures")
    parser.add_argument("--write-lists", action="store_true")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("patterns", nargs="*", help="suite/case globs (default: all)")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)

    patterns = args.patterns or ["*"]
    cases = sorted(f"{suite}/{case}" for suite in SUITES
                   for case in os.listdir(os.path.join(args.data, suite))
                   if any(fnmatch.fnmatch(f"{suite}/{case}", p) for p in patterns))
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda case: run_case(args, case), cases))
    if args.write_lists:
        write_lists(args, results)

    expected_pass = read_list(args.expected_pass)
    unsupported = read_list(args.unsupported)
    known_failures = read_list(args.known_failures)
    problems = []
    counts = collections.Counter()
    per_suite = collections.defaultdict(collections.Counter)
    reasons = collections.Counter()
    for case, outcome, detail in results:
        if outcome == "UNSUPPORTED":
            reasons[reason_group(detail)] += 1
        if outcome == "FAIL" and case in known_failures:
            if known_failures[case] in detail:
                outcome = "KNOWN-FAIL"
            else:
                problems.append(f"{case} fails in another way than listed: {detail}")
        elif outcome == "FAIL":
            problems.append(f"{case} compiles but fails")
        counts[outcome] += 1
        per_suite[case.split("/")[0]][outcome] += 1
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
    outcomes = {case: outcome for case, outcome, _ in results}
    for case in known_failures:
        if case in outcomes and outcomes[case] != "FAIL":
            problems.append(f"{case} is listed as a known failure but does not fail")
    if args.unsupported is not None:
        for case in unsupported:
            if case in outcomes and outcomes[case] != "UNSUPPORTED":
                problems.append(f"{case} is listed as unsupported but compiles")
    print("reasons for rejection, by count:")
    for reason, count in reasons.most_common():
        print(f"  {count:4} {reason}")
    for problem in problems:
        print("PROBLEM", problem)
    for suite in SUITES:
        if per_suite[suite]:
            tally = per_suite[suite]
            print(f"onnx conformance {suite}: {sum(tally.values())} cases, {tally['PASS']} pass, "
                  f"{tally['FAIL']} fail, {tally['KNOWN-FAIL']} known failures, "
                  f"{tally['UNSUPPORTED']} unsupported")
    print(f"onnx conformance: {len(results)} cases, {counts['PASS']} pass, "
          f"{counts['FAIL']} fail, {counts['KNOWN-FAIL']} known failures, "
          f"{counts['UNSUPPORTED']} unsupported, "
          f"{len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
