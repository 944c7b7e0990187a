#!/usr/bin/python3
"""gpu_program.py LIBRARY PREFIX

Prints what a --device=cuda library's <PREFIX>_gpu_program() holds, read
through the sinter_gpu_program layout of runtime/include/sinter/sinter.h:
the compute capability, the PTX's .version and .target lines, whether the
cubin is an ELF file, and the number of kernels and launches.
"""

import ctypes
import re
import sys


class Launch(ctypes.Structure):
    _fields_ = [("kernel", ctypes.c_uint32), ("grid", ctypes.c_uint32 * 3),
                ("block", ctypes.c_uint32 * 3), ("shared_bytes", ctypes.c_uint32),
                ("num_args", ctypes.c_uint32), ("args", ctypes.c_void_p)]


class Program(ctypes.Structure):
    _fields_ = [("compute_capability", ctypes.c_uint32), ("num_kernels", ctypes.c_uint32),
                ("kernel_names", ctypes.POINTER(ctypes.c_char_p)), ("ptx", ctypes.c_char_p),
                ("cubin", ctypes.POINTER(ctypes.c_ubyte)), ("cubin_size", ctypes.c_uint64),
                ("num_inputs", ctypes.c_uint32), ("num_outputs", ctypes.c_uint32),
                ("num_launches", ctypes.c_uint32), ("reserved", ctypes.c_uint32),
                ("launches", ctypes.POINTER(Launch)), ("weights", ctypes.c_void_p),
                ("weights_size", ctypes.c_uint64), ("workspace_size", ctypes.c_uint64)]


def main():
    library, prefix = sys.argv[1:3]
    entry = getattr(ctypes.CDLL(library), prefix + "_gpu_program")
    entry.restype = ctypes.POINTER(Program)
    program = entry().contents
    ptx = program.ptx.decode()
    version = re.search(r"^\.version (\S+)", ptx, re.M).group(1)
    target = re.search(r"^\.target (\S+)", ptx, re.M).group(1)
    print(f"compute capability {program.compute_capability}")
    print(f"ptx: .version {version}, .target {target}")
    cubin = bytes(program.cubin[:4]) if program.cubin_size else b""
    print("cubin: " + ("ELF" if cubin == b"\x7fELF" else "none"))
    print(f"kernels {program.num_kernels}, launches {program.num_launches}")


if __name__ == "__main__":
    main()
