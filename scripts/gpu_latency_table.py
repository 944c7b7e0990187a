#!/usr/bin/python3
"""gpu_latency_table.py RESULTS

Prints scripts/gpu-check.sh's latency table: for each "MODEL DIR" line of
RESULTS, Sinter's median from DIR/run.json (sinter-run --device=cuda --bench,
CUDA events) beside torch's on the same GPU (CUDA events, same model, same
weights and inputs as make_torch_case.py builds them) when torch has CUDA.
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "test", "e2e", "Inputs"))

import torch  # noqa: E402
import make_torch_case  # noqa: E402


def torch_median_ms(case, runs=50):
    torch.manual_seed(0)
    model, inputs = make_torch_case.build(case)
    model = model.eval().cuda()
    inputs = [x.cuda() for x in inputs]
    times = []
    with torch.no_grad():
        for _ in range(10):
            model(*inputs)
        for _ in range(runs):
            start = torch.cuda.Event(enable_timing=True)
            end = torch.cuda.Event(enable_timing=True)
            start.record()
            model(*inputs)
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end))
    return sorted(times)[len(times) // 2]


def main():
    with open(sys.argv[1]) as results:
        rows = [line.split() for line in results if line.strip()]
    has_cuda = torch.cuda.is_available()
    device = torch.cuda.get_device_name(0) if has_cuda else "no CUDA in torch"
    print(f"latency, median of 50 runs, batch as in make_torch_case.py ({device})")
    print(f"{'model':<14} {'Sinter ms':>10} {'torch ms':>10} {'ratio':>7}")
    for case, directory in rows:
        with open(os.path.join(directory, "run.json")) as run:
            sinter_ms = json.load(run)["bench"]["median_ms"]
        if has_cuda:
            torch_ms = torch_median_ms(case)
            print(f"{case:<14} {sinter_ms:>10.3f} {torch_ms:>10.3f} {sinter_ms / torch_ms:>7.2f}")
        else:
            print(f"{case:<14} {sinter_ms:>10.3f} {'-':>10} {'-':>7}")


if __name__ == "__main__":
    main()
