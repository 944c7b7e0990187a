// memref.copy becomes linalg.copy, so that no call to MLIR's memrefCopy
// runtime function is generated.
// RUN: sinter-opt %s --pass-pipeline='builtin.module(func.func(sinter-lower-copies))' | FileCheck %s

// CHECK-LABEL: func.func @strided
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%{{.*}} : memref<2x3xf32>) outs(%{{.*}} : memref<2x3xf32, strided<[5, 1], offset: 6>>)
func.func @strided(%src: memref<2x3xf32>, %dst: memref<4x5xf32>) {
  %slice = memref.subview %dst[1, 1] [2, 3] [1, 1] : memref<4x5xf32> to memref<2x3xf32, strided<[5, 1], offset: 6>>
  memref.copy %src, %slice : memref<2x3xf32> to memref<2x3xf32, strided<[5, 1], offset: 6>>
  return
}

// A copy between contiguous buffers stays a memref.copy (an llvm.memcpy).
// CHECK-LABEL: func.func @contiguous
// CHECK-NOT: linalg.copy
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<1x4xf32> to memref<1x4xf32, strided<[4, 1], offset: 8>>
func.func @contiguous(%src: memref<1x4xf32>, %dst: memref<3x4xf32>) {
  %row = memref.subview %dst[2, 0] [1, 4] [1, 1] : memref<3x4xf32> to memref<1x4xf32, strided<[4, 1], offset: 8>>
  memref.copy %src, %row : memref<1x4xf32> to memref<1x4xf32, strided<[4, 1], offset: 8>>
  return
}
