// Convolutions, pooling and contractions get the output's last (contiguous)
// dimension as their innermost loop, reductions just outside it.
// RUN: sinter-opt %s --pass-pipeline='builtin.module(func.func(sinter-order-loops))' | FileCheck %s

// (n, oh, ow, f, kh, kw, c) becomes (n, oh, ow, kh, kw, c, f).
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d3, d2 + d4, d5)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>
// CHECK-DAG: #[[TIN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d1, d3)>
// CHECK-DAG: #[[TOUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3, d2)>
// CHECK-DAG: #[[NCHW_IN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3, d1)>
// CHECK-DAG: #[[IDENTITY:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @nhwc_conv
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[FILTER]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel"]}
func.func @nhwc_conv(%x: memref<1x6x6x3xf32>, %w: memref<3x3x3x8xf32>, %y: memref<1x4x4x8xf32>) {
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : memref<1x6x6x3xf32>, memref<3x3x3x8xf32>) outs(%y : memref<1x4x4x8xf32>)
  return
}

// (m, n, k) becomes (m, k, n).
// CHECK-LABEL: func.func @matmul
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "parallel"]
func.func @matmul(%a: memref<4x5xf32>, %b: memref<5x6xf32>, %c: memref<4x6xf32>) {
  linalg.matmul ins(%a, %b : memref<4x5xf32>, memref<5x6xf32>) outs(%c : memref<4x6xf32>)
  return
}

// Elementwise and reduction generics are left as they are.
// CHECK-LABEL: func.func @reduction
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
func.func @reduction(%x: memref<4x5xf32>, %y: memref<4xf32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x5xf32>) outs(%y : memref<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  }
  return
}

// A transpose to a short innermost dimension (NCHW -> NHWC with 3
// channels) iterates along the input's contiguous width instead: loops
// (n, h, c, w).
// CHECK-LABEL: func.func @to_nhwc
// CHECK: linalg.generic {indexing_maps = [#[[TIN]], #[[TOUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-LABEL: func.func @to_nchw
// CHECK: linalg.generic {indexing_maps = [#[[NCHW_IN]], #[[IDENTITY]]]
func.func @to_nhwc(%x: memref<1x3x8x16xf32>, %y: memref<1x8x16x3xf32>) {
  linalg.transpose ins(%x : memref<1x3x8x16xf32>) outs(%y : memref<1x8x16x3xf32>) permutation = [0, 2, 3, 1]
  return
}

// The output's innermost dimension is the longer one: unchanged.
func.func @to_nchw(%x: memref<1x8x16x3xf32>, %y: memref<1x3x8x16xf32>) {
  linalg.transpose ins(%x : memref<1x8x16x3xf32>) outs(%y : memref<1x3x8x16xf32>) permutation = [0, 3, 1, 2]
  return
}
