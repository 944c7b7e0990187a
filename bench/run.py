#!/usr/bin/python3
"""Sinter against ONNX Runtime on the same ONNX files, interleaved in one run.

usage: bench/run.py [--smoke] [--models a,b] [--threads 1,2] [--runs N] [--rounds R]

For each model: export it with torch (export_models.py), compile it with
sinter-compile, check Sinter's and ONNX Runtime's outputs against torch's
(rtol 1e-3, atol 1e-4), then time both in alternating rounds at each thread
count (warm-up, then the median of RUNS runs per round; the figure is the
median over the rounds) and print the ratio Sinter / ONNX Runtime.
At N threads Sinter runs on a runtime pool of N threads (sinter-run
--threads N, P_run_parallel) and ONNX Runtime with N intra-op threads.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD = os.environ.get("SINTER_BUILD_DIR", os.path.join(ROOT, "build"))
MODELS = ["resnet18", "resnet50", "mobilenet_v2", "repvgg_a0", "bert_layer", "bmm",
          "conv_bn_relu"]
# Fresh output buffers would otherwise be paid for in page faults on each run.
ENV = dict(os.environ, GLIBC_TUNABLES="glibc.malloc.mmap_threshold=33554432:"
                                      "glibc.malloc.trim_threshold=4294967296")
RTOL, ATOL = 1e-3, 1e-4


def run(command):
    return subprocess.run(command, capture_output=True, text=True, env=ENV)


def inputs_of(model_dir):
    return sorted(os.path.join(model_dir, f) for f in os.listdir(model_dir)
                  if f.startswith("input_") and f.endswith(".npy"))


def compile_model(model_dir, opt):
    library = os.path.join(model_dir, f"sinter{opt}.so")
    start = time.monotonic()
    result = run([os.path.join(BUILD, "bin", "sinter-compile"),
                  os.path.join(model_dir, "model.onnx"), opt, "-o", library])
    seconds = time.monotonic() - start
    if result.returncode != 0:
        first = (result.stderr.strip().splitlines() or ["?"])[0]
        return None, seconds, first
    return library, seconds, None


def sinter_time(library, model_dir, runs, threads=1):
    result = run([os.path.join(BUILD, "bin", "sinter-run"), library, *inputs_of(model_dir),
                  "--expect", os.path.join(model_dir, "output_0.npy"),
                  "--rtol", str(RTOL), "--atol", str(ATOL), "--bench", str(runs),
                  "--threads", str(threads), "--json"])
    report = json.loads(result.stdout)
    return report["bench"]["median_ms"], report["ok"] and result.returncode == 0


def ort_time(model_dir, threads, runs):
    result = run(["node", "--expose-gc", os.path.join(HERE, "ort_bench.js"),
                  os.path.join(model_dir, "model.onnx"), str(threads), str(runs),
                  *inputs_of(model_dir), "--expect", os.path.join(model_dir, "output_0.npy")])
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip())
    report = json.loads(result.stdout)
    return report["median_ms"], report["matches"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true",
                        help="one small model, 3 runs, 1 round, 1 thread")
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.smoke:
        args.models, args.threads, args.runs, args.rounds = "conv_bn_relu", "1", 3, 1
    models = args.models.split(",")
    threads = [int(t) for t in args.threads.split(",")]
    work = os.path.join(HERE, "work")
    subprocess.run([sys.executable, os.path.join(HERE, "export_models.py"), work, *models],
                   check=True)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{open('/proc/cpuinfo').read().split('model name')[1].split(':')[1].splitlines()[0].strip()}")
    print(f"runs per round {args.runs}, rounds {args.rounds}; tolerance vs torch "
          f"rtol {RTOL}, atol {ATOL}; both at the thread count of the row")
    header = (f"{'model':14} {'thr':>3} {'Sinter ms':>10} {'ORT ms':>9} {'ratio':>6} "
              f"{'torch: S / ORT / S-O0':>22} {'compile s':>9}")
    print(header)
    print("-" * len(header))
    failures = 0
    for model in models:
        model_dir = os.path.join(work, model)
        library, seconds, error = compile_model(model_dir, "-O2")
        if library is None:
            print(f"{model:14} not compiled yet: {error}")
            continue
        library_o0, _, error_o0 = compile_model(model_dir, "-O0")
        o0_match = "-" if library_o0 is None else \
            ("ok" if sinter_time(library_o0, model_dir, 1)[1] else "WRONG")
        for count in threads:
            sinter, ort = [], []
            for _ in range(args.rounds):
                ms, sinter_ok = sinter_time(library, model_dir, args.runs, count)
                sinter.append(ms)
                ms, ort_ok = ort_time(model_dir, count, args.runs)
                ort.append(ms)
            s, o = statistics.median(sinter), statistics.median(ort)
            verdict = f"{'ok' if sinter_ok else 'WRONG'} / {'ok' if ort_ok else 'WRONG'} / {o0_match}"
            failures += (not sinter_ok) + (o0_match == "WRONG")
            print(f"{model:14} {count:3} {s:10.3f} {o:9.3f} {s / o:6.2f} {verdict:>22} "
                  f"{seconds:9.1f}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
