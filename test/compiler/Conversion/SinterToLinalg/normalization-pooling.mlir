// batch_norm is one generic; pooling pads with -inf (max) or zero (sum),
// ceil mode adds trailing padding, and average pooling divides by divisors
// computed at compile time.
// RUN: sinter-opt %s --convert-sinter-to-linalg --split-input-file | FileCheck %s

// CHECK-DAG: #[[CHANNEL:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-LABEL: func.func @batch_norm
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[CHANNEL]], #[[CHANNEL]], #[[CHANNEL]], #[[CHANNEL]], #{{.*}}]
// CHECK: ^bb0(%[[X:.*]]: f32, %[[SCALE:.*]]: f32, %[[BIAS:.*]]: f32, %[[MEAN:.*]]: f32, %[[VAR:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[EPS:.*]] = arith.constant 9.99999974E-6 : f32
// CHECK: %[[SUM:.*]] = arith.addf %[[VAR]], %[[EPS]]
// CHECK: %[[INV:.*]] = math.rsqrt %[[SUM]]
// CHECK: %[[FACTOR:.*]] = arith.mulf %[[SCALE]], %[[INV]]
// CHECK: %[[CENTERED:.*]] = arith.subf %[[X]], %[[MEAN]]
// CHECK: %[[SCALED:.*]] = arith.mulf %[[CENTERED]], %[[FACTOR]]
// CHECK: arith.addf %[[SCALED]], %[[BIAS]]
func.func @batch_norm(%x: tensor<1x2x3x3xf32>, %p: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %0 = sinter.batch_norm %x, %p, %p, %p, %p layout NCHW epsilon 1.0e-5
      : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Ceil mode on 7x7 with 2x2 windows: 4 outputs need 8 rows, one of padding.
// CHECK-LABEL: func.func @max_pool_ceil
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<1x1x1x8xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 7, 0] [1, 1, 1, 8] [1, 1, 1, 1]
// CHECK: linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<1x1x7x1xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 7] [1, 1, 7, 1] [1, 1, 1, 1]
// CHECK-NOT: linalg.fill
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0, 0] [1, 1, 7, 7] [1, 1, 1, 1]
// CHECK: linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %{{.*}} : tensor<1x1x8x8xf32>, tensor<2x2xf32>)
func.func @max_pool_ceil(%x: tensor<1x1x7x7xf32>) -> tensor<1x1x4x4xf32> {
  %0 = sinter.max_pool %x layout NCHW kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0] dilations [1, 1] ceil_mode
      : tensor<1x1x7x7xf32> -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// Padding excluded: the first window covers 2 of its 3 rows and columns.
// CHECK-LABEL: func.func @avg_pool
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 1, 1] [1, 1, 4, 4] [1, 1, 1, 1] : tensor<1x1x4x4xf32> into tensor<1x1x5x5xf32>
// CHECK: %[[SUMS:.*]] = linalg.pooling_nchw_sum
// CHECK: %[[DIVISORS:.*]] = arith.constant dense<{{\[\[}}4.000000e+00, 6.000000e+00], [6.000000e+00, 9.000000e+00]]> : tensor<2x2xf32>
// CHECK: linalg.generic {{.*}} ins(%[[SUMS]], %[[DIVISORS]] : tensor<1x1x2x2xf32>, tensor<2x2xf32>)
// CHECK: arith.divf
func.func @avg_pool(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %0 = sinter.avg_pool %x layout NCHW kernel [3, 3] strides [2, 2] pads [1, 1, 0, 0]
      : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// With count_include_pad the padded rows count: every window is 3 x 3.
// CHECK-LABEL: func.func @avg_pool_include_pad
// CHECK: arith.constant dense<9.000000e+00> : tensor<2x2xf32>
func.func @avg_pool_include_pad(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %0 = sinter.avg_pool %x layout NCHW kernel [3, 3] strides [2, 2] pads [1, 1, 0, 0] count_include_pad
      : tensor<1x1x4x4xf32> -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

// NHWC: the reduction runs over dimensions 1 and 2, 8 x 7 = 56 elements.
// CHECK-LABEL: func.func @global_avg_pool_nhwc
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction", "parallel"]} ins(%{{.*}} : tensor<1x8x7x7xf32>) outs(%{{.*}} : tensor<1x7xf32>)
// CHECK: arith.constant 5.600000e+01 : f32
// CHECK: tensor.expand_shape {{.*}} into tensor<1x1x1x7xf32>
func.func @global_avg_pool_nhwc(%x: tensor<1x8x7x7xf32>) -> tensor<1x1x1x7xf32> {
  %0 = sinter.global_avg_pool %x layout NHWC : tensor<1x8x7x7xf32> -> tensor<1x1x1x7xf32>
  return %0 : tensor<1x1x1x7xf32>
}
