// RUN: sinter-opt %s --pass-pipeline='builtin.module(func.func(sinter-fuse-epilogues))' --split-input-file | FileCheck %s

// conv -> + per-channel constant -> + residual -> relu: one conv.
// CHECK-LABEL: func.func @residual_block
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>, %[[R:.*]]: tensor<1x4x4x2xf32>)
// CHECK: %[[BIAS:.*]] = arith.constant dense<[1.500000e+00, 2.500000e+00]> : tensor<2xf32>
// CHECK: %[[CONV:.*]] = sinter.conv %[[X]], %{{.*}}, %[[BIAS]] residual(%[[R]]) layout NHWC filter HWCF {{.*}} {clamp_min = 0.000000e+00 : f32}
// CHECK-NOT: sinter.add
// CHECK-NOT: sinter.relu
// CHECK: return %[[CONV]]
func.func @residual_block(%x: tensor<1x4x4x2xf32>, %r: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x2x2xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %c = arith.constant dense<0.5> : tensor<2xf32>
  %0 = sinter.conv %x, %w, %b layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %1 = sinter.add %0, %c : tensor<1x4x4x2xf32>, tensor<2xf32> -> tensor<1x4x4x2xf32>
  %2 = sinter.add %r, %1 : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32> -> tensor<1x4x4x2xf32>
  %3 = sinter.relu %2 : tensor<1x4x4x2xf32>
  return %3 : tensor<1x4x4x2xf32>
}

// -----

// relu then clip(0, 6) narrow to [0, 6]; a gemm takes a bias and a clamp.
// CHECK-LABEL: func.func @clamps_and_gemm
// CHECK: sinter.conv {{.*}} {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32}
// CHECK: sinter.gemm %{{.*}}, %{{.*}}, %{{.*}} {clamp_min = 0.000000e+00 : f32} : (tensor<1x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
// CHECK-NOT: sinter.relu
// CHECK-NOT: sinter.clip
// CHECK-NOT: sinter.add
func.func @clamps_and_gemm(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x2xf32>, %a: tensor<1x2xf32>, %m: tensor<2x3xf32>)
    -> (tensor<1x4x4x2xf32>, tensor<1x3xf32>) {
  %0 = sinter.conv %x, %w layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = sinter.relu %0 : tensor<1x4x4x2xf32>
  %2 = sinter.clip %1 min -1.0 max 6.0 : tensor<1x4x4x2xf32>
  %bias = arith.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %3 = sinter.gemm %a, %m : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %4 = sinter.add %3, %bias : tensor<1x3xf32>, tensor<3xf32> -> tensor<1x3xf32>
  %5 = sinter.relu %4 : tensor<1x3xf32>
  return %2, %5 : tensor<1x4x4x2xf32>, tensor<1x3xf32>
}

// -----

// Clamps compose, in order: clip(0, 6) then clip(7, 100) is 7 everywhere
// (not the empty intersection), and clip(0, 6) then clip(-5, 3) is [0, 3].
// CHECK-LABEL: func.func @clamps_compose
// CHECK: sinter.conv {{.*}} {clamp_max = 7.000000e+00 : f32, clamp_min = 7.000000e+00 : f32}
// CHECK: sinter.gemm {{.*}} {clamp_max = 3.000000e+00 : f32, clamp_min = 0.000000e+00 : f32}
// CHECK-NOT: sinter.clip
func.func @clamps_compose(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x2xf32>, %a: tensor<1x2xf32>, %m: tensor<2x3xf32>)
    -> (tensor<1x4x4x2xf32>, tensor<1x3xf32>) {
  %0 = sinter.conv %x, %w layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = sinter.clip %0 min 0.0 max 6.0 : tensor<1x4x4x2xf32>
  %2 = sinter.clip %1 min 7.0 max 100.0 : tensor<1x4x4x2xf32>
  %3 = sinter.gemm %a, %m : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  %4 = sinter.clip %3 min 0.0 max 6.0 : tensor<1x3xf32>
  %5 = sinter.clip %4 min -5.0 max 3.0 : tensor<1x3xf32>
  return %2, %5 : tensor<1x4x4x2xf32>, tensor<1x3xf32>
}

// -----

// Declined: the conv has a second user, so its result must stay as it is.
// CHECK-LABEL: func.func @conv_two_users
// CHECK: %[[CONV:.*]] = sinter.conv
// CHECK-NOT: clamp_min
// CHECK: %[[RELU:.*]] = sinter.relu %[[CONV]]
// CHECK: return %[[RELU]], %[[CONV]]
func.func @conv_two_users(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %0 = sinter.conv %x, %w layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = sinter.relu %0 : tensor<1x4x4x2xf32>
  return %1, %0 : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// Declined: the add comes after the clamp, which a conv applies last.
// CHECK-LABEL: func.func @add_after_clamp
// CHECK: sinter.conv {{.*}} {clamp_min = 0.000000e+00 : f32}
// CHECK: sinter.add
func.func @add_after_clamp(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x2xf32>, %r: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %0 = sinter.conv %x, %w layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = sinter.relu %0 : tensor<1x4x4x2xf32>
  %2 = sinter.add %1, %r : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32> -> tensor<1x4x4x2xf32>
  return %2 : tensor<1x4x4x2xf32>
}
