#!/usr/bin/python3
"""Compile time against graph size: sinter-compile to a .so, wall time and
peak memory, for

  chain N     N elementwise nodes (Relu, Add, Sub, Mul in turn) on [1,64,56,56]
  chain-O0 N  the same at -O0: one kernel per node, nothing fused
  concat N    one Concat of N inputs of [1,4]

Usage: bench/compile_time.py [--sizes 100,200,...] [--concat 5000]
                             [--long 100000] [--sinter-compile PATH]
Prints one line per model and a table whose per-node column shows whether
the time grows linearly (a flat column) or faster.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def chain_model(nodes):
    graph_nodes, previous = [], "x"
    ops = ["Relu", "Add", "Sub", "Mul"]
    for index in range(nodes):
        output = "y" if index == nodes - 1 else f"t{index}"
        op = ops[index % 4]
        inputs = [previous] if op == "Relu" else [previous, previous if op == "Add" else "c"]
        graph_nodes.append(helper.make_node(op, inputs, [output], name=f"n{index}"))
        previous = output
    shape = [1, 64, 56, 56]
    graph = helper.make_graph(
        graph_nodes, "chain", [helper.make_tensor_value_info("x", TensorProto.FLOAT, shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, shape)],
        [numpy_helper.from_array(np.array([0.5], np.float32), "c")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def concat_model(inputs):
    graph = helper.make_graph(
        [helper.make_node("Concat", [f"x{i}" for i in range(inputs)], ["y"], axis=0, name="concat")],
        "concat", [helper.make_tensor_value_info(f"x{i}", TensorProto.FLOAT, [1, 4]) for i in range(inputs)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [inputs, 4])])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def compile_once(compiler, model, work, name, flags=()):
    path = os.path.join(work, name + ".onnx")
    onnx.save(model, path)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    result = subprocess.run([compiler, path, "-o", os.path.join(work, name + ".so"), *flags],
                            capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak_mb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    if result.returncode != 0:
        sys.exit(f"compile_time.py: {name} failed:\n{result.stderr}")
    os.remove(os.path.join(work, name + ".so"))
    return seconds, peak_mb


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,200,400,1000,2000,4000")
    parser.add_argument("--o0-sizes", default="100,200,400,1000")
    parser.add_argument("--concat", default="1000,5000")
    parser.add_argument("--long", type=int, default=0, help="also a chain this long (e.g. 100000)")
    parser.add_argument("--sinter-compile", default=os.path.join(HERE, "..", "build", "bin", "sinter-compile"))
    args = parser.parse_args()
    sizes = lambda text: [int(n) for n in text.split(",") if n]
    cases = [("chain", n, chain_model, ()) for n in sizes(args.sizes)]
    cases += [("chain-O0", n, chain_model, ("-O0",)) for n in sizes(args.o0_sizes)]
    cases += [("concat", n, concat_model, ()) for n in sizes(args.concat)]
    if args.long:
        cases.append(("chain", args.long, chain_model, ()))
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for kind, nodes, make, flags in cases:
            seconds, peak = compile_once(args.sinter_compile, make(nodes), work, f"{kind}{nodes}", flags)
            rows.append((kind, nodes, seconds, peak))
            print(f"{kind:9} {nodes:7d} nodes: {seconds:7.2f} s, peak RSS so far {peak:6.0f} MB", flush=True)
    print(f"\nmachine: {os.cpu_count()} cores; sinter-compile -> .so")
    print("| model | nodes | seconds | ms per node |")
    print("|---|---|---|---|")
    for kind, nodes, seconds, _ in rows:
        print(f"| {kind} | {nodes} | {seconds:.2f} | {1000 * seconds / nodes:.2f} |")


if __name__ == "__main__":
    main()
