# -*- Python -*-

import os
import shutil

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "Sinter"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtxt", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.sinter_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# Debian's python3 has onnx, numpy and torch; the first python3 on PATH may not.
system_python = "/usr/bin/python3"
scripts_dir = os.path.join(config.sinter_src_root, "scripts")
config.substitutions.append(("%python", system_python))
config.substitutions.append(
    ("%onnx-text", f"{system_python} {scripts_dir}/onnx_text.py"))
config.substitutions.append(
    ("%onnx-testdata", "/usr/share/libonnx-testdata/data"))

tools = [
    ToolSubst("sinter-run", unresolved="fatal"),
    ToolSubst("sinter-opt", unresolved="fatal"),
    ToolSubst("sinter-compile", unresolved="fatal"),
]
llvm_config.add_tool_substitutions(tools, [config.sinter_tools_dir])
config.substitutions.append(
    ("%expect-exit", f"{system_python} {scripts_dir}/expect_exit.py"))
# C programs linked with the sanitizer build's runtime library need the
# sanitizers' runtimes too.
config.substitutions.append(
    ("%clang", "clang-22 -fsanitize=address,undefined" if config.sinter_sanitize else "clang-22"))
if config.sinter_sanitize:
    config.available_features.add("sanitizers")
config.substitutions.append(
    ("%sinter-runtime-include", os.path.join(config.sinter_src_root, "runtime", "include")))
config.substitutions.append(("%sinter-lib", os.path.join(config.sinter_obj_root, "lib")))
config.substitutions.append(("%sinter-src", config.sinter_src_root))
config.substitutions.append(("%sinter-build", config.sinter_obj_root))

# ptxas, for the tests that check the GPU kernels' PTX: CUDA_HOME's, else the
# development machines' /usr/local/cuda, else one on PATH. Without it those
# tests report UNSUPPORTED.
ptxas_candidates = [
    os.path.join(os.environ.get("CUDA_HOME", "/usr/local/cuda"), "bin", "ptxas"),
    "/usr/local/cuda/bin/ptxas",
    shutil.which("ptxas") or "",
]
ptxas = next((path for path in ptxas_candidates if path and os.access(path, os.X_OK)), None)
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
