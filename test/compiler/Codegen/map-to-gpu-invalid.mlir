// What sinter-map-to-gpu refuses, with the reason on the op.
// RUN: sinter-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(sinter-map-to-gpu))' -verify-diagnostics

#target = {cpu = "x86-64", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 128 : i64}
module attributes {sinter.target = #target} {
  func.func @dynamic(%a: memref<?xf32>, %out: memref<?xf32>) {
    // expected-error @+1 {{a GPU kernel needs static loop bounds}}
    linalg.copy ins(%a : memref<?xf32>) outs(%out : memref<?xf32>)
    return
  }
}

// -----
#target = {cpu = "x86-64", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 128 : i64}
module attributes {sinter.target = #target} {
  func.func @too_many_threads(%a: memref<64x64xf32>, %out: memref<64x64xf32>) {
    // expected-error @+1 {{the kernel configuration asks for 2048 threads per block; CUDA allows 1024}}
    linalg.copy {sinter.kernel = {strategy = "gpu-threads", tiles = array<i64: 32, 64>}}
        ins(%a : memref<64x64xf32>) outs(%out : memref<64x64xf32>)
    return
  }
}

// -----
#target = {cpu = "x86-64", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 128 : i64}
module attributes {sinter.target = #target} {
  func.func @cpu_strategy(%a: memref<64xf32>, %out: memref<64xf32>) {
    // expected-error @+1 {{kernel strategy 'loops' is for CPUs; a GPU kernel needs a GPU one}}
    linalg.copy {sinter.kernel = {strategy = "loops"}}
        ins(%a : memref<64xf32>) outs(%out : memref<64xf32>)
    return
  }
}
