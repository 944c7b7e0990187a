// The target is resolved from a triple and a CPU and recorded on the module;
// a target already in the IR is kept unless an option is given.
// RUN: sinter-opt %s --sinter-set-target="triple=x86_64-unknown-linux-gnu cpu=x86-64" | FileCheck %s --check-prefix=SSE
// RUN: sinter-opt %s --sinter-set-target="triple=x86_64-unknown-linux-gnu cpu=x86-64-v3" | FileCheck %s --check-prefix=AVX2
// RUN: sinter-opt %s --sinter-set-target="triple=x86_64-unknown-linux-gnu cpu=skylake-avx512" | FileCheck %s --check-prefix=AVX512
// RUN: sinter-opt %s --sinter-set-target="triple=aarch64-linux-gnu cpu=generic" | FileCheck %s --check-prefix=NEON
// RUN: sinter-opt %s --sinter-set-target | FileCheck %s --check-prefix=KEPT
// RUN: not sinter-opt %s --sinter-set-target="triple=x86_64-unknown-linux-gnu cpu=pentium9" 2>&1 | FileCheck %s --check-prefix=BADCPU
// RUN: not sinter-opt %s --sinter-set-target="triple=nonsense-nowhere-none" 2>&1 | FileCheck %s --check-prefix=BADTRIPLE

// SSE: sinter.target = {cpu = "x86-64", {{.*}}triple = "x86_64-unknown-linux-gnu", vector_bits = 128 : i64}
// AVX2: sinter.target = {cpu = "x86-64-v3", {{.*}}vector_bits = 256 : i64}
// AVX512: sinter.target = {cpu = "skylake-avx512", {{.*}}vector_bits = 512 : i64}
// NEON: sinter.target = {cpu = "generic", {{.*}}triple = "aarch64-linux-gnu", vector_bits = 128 : i64}
// KEPT: sinter.target = {cpu = "by-hand", features = "", l1_bytes = 16384 : i64, l2_bytes = 262144 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 256 : i64}
// BADCPU: error: unknown CPU 'pentium9' for 'x86_64-unknown-linux-gnu'
// BADTRIPLE: error: unknown target triple 'nonsense-nowhere-none'
module attributes {sinter.target = {cpu = "by-hand", features = "", l1_bytes = 16384 : i64, l2_bytes = 262144 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 256 : i64}} {
}
