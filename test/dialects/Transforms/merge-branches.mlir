// RUN: sinter-opt %s --pass-pipeline='builtin.module(func.func(sinter-merge-branches))' --split-input-file | FileCheck %s

// 3x3 (ones, bias 1) + 1x1 (2, bias 2) + identity: one 3x3 conv whose centre
// is 1 + 2 + 1 and whose bias is 3.
// CHECK-LABEL: func.func @repvgg
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00, 1.000000e+00, 1.000000e+00], [1.000000e+00, 4.000000e+00, 1.000000e+00], [1.000000e+00, 1.000000e+00, 1.000000e+00]]]]> : tensor<1x1x3x3xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<3.000000e+00> : tensor<1xf32>
// CHECK: %[[CONV:.*]] = sinter.conv %arg0, %[[W]], %[[B]] layout NCHW filter FCHW strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
// CHECK-NOT: sinter.add
// CHECK: return %[[CONV]]
func.func @repvgg(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32> {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %b3 = arith.constant dense<1.0> : tensor<1xf32>
  %w1 = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %b1 = arith.constant dense<2.0> : tensor<1xf32>
  %0 = sinter.conv %x, %w3, %b3 layout NCHW filter FCHW strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
      : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>, tensor<1xf32>) -> tensor<1x1x5x5xf32>
  %1 = sinter.conv %x, %w1, %b1 layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x5x5xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x5x5xf32>
  %2 = sinter.add %0, %1 : tensor<1x1x5x5xf32>, tensor<1x1x5x5xf32> -> tensor<1x1x5x5xf32>
  %3 = sinter.add %2, %x : tensor<1x1x5x5xf32>, tensor<1x1x5x5xf32> -> tensor<1x1x5x5xf32>
  return %3 : tensor<1x1x5x5xf32>
}

// -----

// Branch BatchNorms fold first (the 3x3 scales by 1/sqrt(3 + 1), the 1x1 by
// 1); the identity BN becomes a scale (2) and a shift (1) that land on the
// centre tap and the bias: 0.5 + 2 + 2 = 4.5. The add tree's order does not
// matter.
// CHECK-LABEL: func.func @with_batch_norms
// CHECK-DAG: arith.constant dense<{{\[\[\[\[}}5.000000e-01, 5.000000e-01, 5.000000e-01], [5.000000e-01, 4.500000e+00, 5.000000e-01], [5.000000e-01, 5.000000e-01, 5.000000e-01]]]]> : tensor<1x1x3x3xf32>
// CHECK-DAG: arith.constant dense<1.000000e+00> : tensor<1xf32>
// CHECK: sinter.conv
// CHECK-NOT: sinter.batch_norm
// CHECK-NOT: sinter.add
func.func @with_batch_norms(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32> {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %one = arith.constant dense<1.0> : tensor<1xf32>
  %zero = arith.constant dense<0.0> : tensor<1xf32>
  %gamma2 = arith.constant dense<2.0> : tensor<1xf32>
  %var3 = arith.constant dense<3.0> : tensor<1xf32>
  %0 = sinter.conv %x, %w3 layout NCHW filter FCHW strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
      : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x5x5xf32>
  %1 = sinter.batch_norm %0, %one, %zero, %zero, %var3 layout NCHW epsilon 1.0
      : (tensor<1x1x5x5xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x5x5xf32>
  %2 = sinter.conv %x, %w1 layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x5x5xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x5x5xf32>
  %3 = sinter.batch_norm %2, %one, %zero, %zero, %zero layout NCHW epsilon 1.0
      : (tensor<1x1x5x5xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x5x5xf32>
  %4 = sinter.batch_norm %x, %gamma2, %one, %zero, %zero layout NCHW epsilon 1.0
      : (tensor<1x1x5x5xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x5x5xf32>
  %5 = sinter.add %3, %4 : tensor<1x1x5x5xf32>, tensor<1x1x5x5xf32> -> tensor<1x1x5x5xf32>
  %6 = sinter.add %1, %5 : tensor<1x1x5x5xf32>, tensor<1x1x5x5xf32> -> tensor<1x1x5x5xf32>
  return %6 : tensor<1x1x5x5xf32>
}

// -----

// Grouped (2 groups of 2 channels): the identity puts 1 at K[i, i mod 2].
// CHECK-LABEL: func.func @grouped_identity
// CHECK: arith.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}2.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]]]> : tensor<4x2x1x1xf32>
// CHECK: sinter.conv {{.*}} groups 2
func.func @grouped_identity(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2x1x1xf32>
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 2
      : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  %1 = sinter.add %x, %0 : tensor<1x4x3x3xf32>, tensor<1x4x3x3xf32> -> tensor<1x4x3x3xf32>
  return %1 : tensor<1x4x3x3xf32>
}

// -----

// Declined: the strides differ. Nothing changes.
// CHECK-LABEL: func.func @different_strides
// CHECK-COUNT-2: sinter.conv
// CHECK: sinter.add
func.func @different_strides(%x: tensor<1x1x5x5xf32>, %w3: tensor<1x1x3x3xf32>, %w1: tensor<1x1x1x1xf32>) -> tensor<1x1x3x3xf32> {
  %0 = sinter.conv %x, %w3 layout NCHW filter FCHW strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] groups 1
      : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  %1 = sinter.conv %x, %w1 layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x5x5xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x5x5xf32>
  %2 = sinter.reshape %1 : tensor<1x1x5x5xf32> -> tensor<1x1x5x5xf32>
  %3 = sinter.max_pool %2 layout NCHW kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] : tensor<1x1x5x5xf32> -> tensor<1x1x3x3xf32>
  %4 = sinter.add %0, %3 : tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x3x3xf32>
  return %4 : tensor<1x1x3x3xf32>
}

// -----

// Declined: the 1x1 branch is padded like the 3x3, so it does not sit at
// the 3x3's centre. Nothing changes.
// CHECK-LABEL: func.func @off_centre
// CHECK-COUNT-2: sinter.conv
// CHECK: sinter.add
func.func @off_centre(%x: tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32> {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w2 = arith.constant dense<1.0> : tensor<1x1x2x2xf32>
  %0 = sinter.conv %x, %w3 layout NCHW filter FCHW strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
      : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x5x5xf32>
  %1 = sinter.conv %x, %w2 layout NCHW filter FCHW strides [1, 1] pads [1, 1, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x5x5xf32>, tensor<1x1x2x2xf32>) -> tensor<1x1x5x5xf32>
  %2 = sinter.add %0, %1 : tensor<1x1x5x5xf32>, tensor<1x1x5x5xf32> -> tensor<1x1x5x5xf32>
  return %2 : tensor<1x1x5x5xf32>
}

// -----

// Declined: the branches read different inputs. Nothing changes.
// CHECK-LABEL: func.func @different_inputs
// CHECK-COUNT-2: sinter.conv
// CHECK: sinter.add
func.func @different_inputs(%x: tensor<1x1x5x5xf32>, %y: tensor<1x1x5x5xf32>) -> tensor<1x1x5x5xf32> {
  %w3 = arith.constant dense<1.0> : tensor<1x1x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<1x1x1x1xf32>
  %0 = sinter.conv %x, %w3 layout NCHW filter FCHW strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
      : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x5x5xf32>
  %1 = sinter.conv %y, %w1 layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x5x5xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x5x5xf32>
  %2 = sinter.add %0, %1 : tensor<1x1x5x5xf32>, tensor<1x1x5x5xf32> -> tensor<1x1x5x5xf32>
  return %2 : tensor<1x1x5x5xf32>
}

// -----

// Declined: the groups differ. Nothing changes.
// CHECK-LABEL: func.func @different_groups
// CHECK: sinter.conv {{.*}} groups 2
// CHECK: sinter.conv {{.*}} groups 1
// CHECK: sinter.add
func.func @different_groups(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x5x5xf32> {
  %wg = arith.constant dense<1.0> : tensor<2x1x3x3xf32>
  %w1 = arith.constant dense<2.0> : tensor<2x2x1x1xf32>
  %0 = sinter.conv %x, %wg layout NCHW filter FCHW strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 2
      : (tensor<1x2x5x5xf32>, tensor<2x1x3x3xf32>) -> tensor<1x2x5x5xf32>
  %1 = sinter.conv %x, %w1 layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x2x5x5xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x5x5xf32>
  %2 = sinter.add %0, %1 : tensor<1x2x5x5xf32>, tensor<1x2x5x5xf32> -> tensor<1x2x5x5xf32>
  return %2 : tensor<1x2x5x5xf32>
}
