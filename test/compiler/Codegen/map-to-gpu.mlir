// Each linalg op on buffers becomes a 1-D grid of 1-D thread blocks: the
// threads of its configuration per leading parallel loop, blocks for the
// rest, one iteration per thread (ids delinearized, the last loop fastest),
// threads past a loop's end guarded off, reductions inside the thread.
// With emulate, the same code runs in loops over the block and thread ids.
// RUN: sinter-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(sinter-map-to-gpu),canonicalize,cse)' | FileCheck %s
// RUN: sinter-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(sinter-map-to-gpu{emulate}),canonicalize,cse)' | FileCheck %s --check-prefix=EMU

#target = {cpu = "x86-64", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 128 : i64}

// 3x100 elements, 2x64 threads per block: 2x2 blocks of 128 threads; both
// loops overhang (4 > 3 rows, 128 > 100 columns), so each thread checks both.
// CHECK-LABEL: func.func @elementwise
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C128:.*]] = arith.constant 128 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK: gpu.launch blocks(%[[BX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C4]], %{{.*}} = %[[C1]], %{{.*}} = %[[C1]]) threads(%[[TX:.*]], %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C128]], %{{.*}} = %[[C1]], %{{.*}} = %[[C1]])
// CHECK: %[[BCOL:.*]] = arith.remui %[[BX]], %[[C2:.*]] : index
// CHECK: %[[BROW:.*]] = arith.divui %[[BX]], %[[C2]] : index
// CHECK: %[[TCOL:.*]] = arith.remui %[[TX]], %[[C64:.*]] : index
// CHECK: %[[TROW:.*]] = arith.divui %[[TX]], %[[C64]] : index
// CHECK: %[[ROW0:.*]] = arith.muli %[[BROW]], %[[C2]] : index
// CHECK: %[[ROW:.*]] = arith.addi %[[ROW0]], %[[TROW]] : index
// CHECK: %[[INROW:.*]] = arith.cmpi ult, %[[ROW]], %{{.*}} : index
// CHECK: %[[COL0:.*]] = arith.muli %[[BCOL]], %[[C64]] : index
// CHECK: %[[COL:.*]] = arith.addi %[[COL0]], %[[TCOL]] : index
// CHECK: %[[INCOL:.*]] = arith.cmpi ult, %[[COL]], %{{.*}} : index
// CHECK: %[[IN:.*]] = arith.andi %[[INROW]], %[[INCOL]] : i1
// CHECK: scf.if %[[IN]] {
// CHECK: memref.load %{{.*}}[%{{.*}}, %{{.*}}] : memref<3x100xf32>
// CHECK: arith.addf
// CHECK: memref.store %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : memref<3x100xf32>
// CHECK: gpu.terminator
// CHECK-NOT: linalg.generic
// EMU-LABEL: func.func @elementwise
// EMU-NOT: gpu.launch
// EMU: scf.for %[[B:.*]] = %{{.*}} to %{{.*}} step
// EMU: scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step
// EMU: arith.remui %[[B]]
// EMU: arith.remui %[[T]]
// EMU: scf.if
// EMU: arith.addf
#map = affine_map<(d0, d1) -> (d0, d1)>
module attributes {sinter.target = #target} {
  func.func @elementwise(%a: memref<3x100xf32>, %b: memref<3x100xf32>, %out: memref<3x100xf32>) {
    linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel"]}
        ins(%a, %b : memref<3x100xf32>, memref<3x100xf32>) outs(%out : memref<3x100xf32>)
        attrs = {sinter.kernel = {strategy = "gpu-threads", tiles = array<i64: 2, 64>}} {
    ^bb0(%x: f32, %y: f32, %o: f32):
      %sum = arith.addf %x, %y : f32
      linalg.yield %sum : f32
    }
    return
  }
}

// -----
// A matmul without a configuration gets gpu-threads' default: 64 columns
// by 4 rows of threads (256), which divide 32x64 exactly: 8 blocks down the
// rows and no guard. The reduction over 48 runs inside each thread, the
// output element read once, carried in a register and written once.
// CHECK-LABEL: func.func @matmul
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C256:.*]] = arith.constant 256 : index
// CHECK: gpu.launch blocks({{.*}}) in (%{{.*}} = %[[C8]], {{.*}}) threads({{.*}}) in (%{{.*}} = %[[C256]],
// CHECK-NOT: scf.if
// CHECK: %[[INIT:.*]] = memref.load %[[C:.*]][%[[ROW:.*]], %[[COL:.*]]] : memref<32x64xf32>
// CHECK: %[[SUM:.*]] = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[INIT]]) -> (f32) {
// CHECK-NOT: memref.store
// CHECK: %[[PRODUCT:.*]] = arith.mulf
// CHECK: %[[NEXT:.*]] = arith.addf %[[ACC]], %[[PRODUCT]] : f32
// CHECK: scf.yield %[[NEXT]] : f32
// CHECK: memref.store %[[SUM]], %[[C]][%[[ROW]], %[[COL]]] : memref<32x64xf32>
// CHECK: gpu.terminator
#target = {cpu = "x86-64", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 128 : i64}
module attributes {sinter.target = #target} {
  func.func @matmul(%a: memref<32x48xf32>, %b: memref<48x64xf32>, %c: memref<32x64xf32>) {
    linalg.matmul ins(%a, %b : memref<32x48xf32>, memref<48x64xf32>) outs(%c : memref<32x64xf32>)
    return
  }
}

// -----
// A copy is a kernel too; a reduction to a scalar, with no parallel loop,
// is one thread of one block.
// CHECK-LABEL: func.func @copy_and_sum
// CHECK: %[[ONE:.*]] = arith.constant 1 : index
// CHECK-NOT: memref.copy
// CHECK: gpu.launch
// CHECK: memref.load %{{.*}} : memref<4x8xf32, strided<[16, 1], offset: 3>>
// CHECK: memref.store %{{.*}} : memref<4x8xf32>
// CHECK: gpu.terminator
// CHECK: gpu.launch blocks({{.*}}) in (%{{.*}} = %[[ONE]], %{{.*}} = %[[ONE]], %{{.*}} = %[[ONE]]) threads({{.*}}) in (%{{.*}} = %[[ONE]],
// CHECK: scf.for
// CHECK: scf.for
// CHECK: arith.addf
#target = {cpu = "x86-64", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 128 : i64}
#in = affine_map<(d0, d1) -> (d0, d1)>
#out = affine_map<(d0, d1) -> ()>
module attributes {sinter.target = #target} {
  func.func @copy_and_sum(%src: memref<8x16xf32>, %copy: memref<4x8xf32>, %sum: memref<f32>) {
    %slice = memref.subview %src[0, 3] [4, 8] [1, 1] : memref<8x16xf32> to memref<4x8xf32, strided<[16, 1], offset: 3>>
    memref.copy %slice, %copy : memref<4x8xf32, strided<[16, 1], offset: 3>> to memref<4x8xf32>
    linalg.generic {indexing_maps = [#in, #out], iterator_types = ["reduction", "reduction"]}
        ins(%src : memref<8x16xf32>) outs(%sum : memref<f32>) {
    ^bb0(%x: f32, %acc: f32):
      %s = arith.addf %x, %acc : f32
      linalg.yield %s : f32
    }
    return
  }
}

// -----
// A copy of an empty tensor launches nothing: CUDA refuses a grid of no
// blocks.
// CHECK-LABEL: func.func @empty
// CHECK-NOT: gpu.launch
// CHECK-NOT: linalg.copy
// CHECK: return
#target = {cpu = "x86-64", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 128 : i64}
module attributes {sinter.target = #target} {
  func.func @empty(%src: memref<0x4xf32>, %dst: memref<0x4xf32>) {
    linalg.copy ins(%src : memref<0x4xf32>) outs(%dst : memref<0x4xf32>)
    return
  }
}

// -----
// The fill of a matmul's output, the matmul and its ReLU, over the same
// rows and columns, reading only what each wrote at the same position:
// one kernel. A transpose of the ReLU's result reads other threads'
// elements: a kernel of its own.
// CHECK-LABEL: func.func @fused
// CHECK: gpu.launch
// CHECK: memref.store %{{.*}}, %[[C:.*]][%[[ROW:.*]], %[[COL:.*]]] : memref<32x32xf32>
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[C]][%[[ROW]], %[[COL]]] : memref<32x32xf32>
// CHECK: arith.maximumf
// CHECK: memref.store %{{.*}}, %[[D:.*]][%[[ROW]], %[[COL]]] : memref<32x32xf32>
// CHECK: gpu.terminator
// CHECK: gpu.launch
// CHECK: memref.load %[[D]][%[[COL2:.*]], %[[ROW2:.*]]] : memref<32x32xf32>
// CHECK: gpu.terminator
// CHECK-NOT: gpu.launch
#target = {cpu = "x86-64", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 128 : i64}
#id = affine_map<(d0, d1) -> (d0, d1)>
#tr = affine_map<(d0, d1) -> (d1, d0)>
module attributes {sinter.target = #target} {
  func.func @fused(%a: memref<32x48xf32>, %b: memref<48x32xf32>, %c: memref<32x32xf32>, %d: memref<32x32xf32>, %e: memref<32x32xf32>) {
    %zero = arith.constant 0.0 : f32
    linalg.fill ins(%zero : f32) outs(%c : memref<32x32xf32>)
    linalg.matmul ins(%a, %b : memref<32x48xf32>, memref<48x32xf32>) outs(%c : memref<32x32xf32>)
    linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%c : memref<32x32xf32>) outs(%d : memref<32x32xf32>) {
    ^bb0(%x: f32, %o: f32):
      %r = arith.maximumf %x, %zero : f32
      linalg.yield %r : f32
    }
    linalg.generic {indexing_maps = [#tr, #id], iterator_types = ["parallel", "parallel"]}
        ins(%d : memref<32x32xf32>) outs(%e : memref<32x32xf32>) {
    ^bb0(%x: f32, %o: f32):
      linalg.yield %x : f32
    }
    return
  }
}
