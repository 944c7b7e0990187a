// RUN: sinter-opt %s --pass-pipeline='builtin.module(func.func(sinter-fold-batch-norm))' --split-input-file | FileCheck %s

// s = gamma / sqrt(var + eps) = [4, 6] / [2, 3] = [2, 2];
// W' = W * s = [2, 4]; b' = beta + (b - mean) * s = [1 + 0.5 * 2, 1 - 0.5 * 2].
// CHECK-LABEL: func.func @conv_bn
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}4.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK: %[[CONV:.*]] = sinter.conv %arg0, %[[W]], %[[B]] layout NCHW filter FCHW
// CHECK-NOT: sinter.batch_norm
// CHECK: return %[[CONV]]
func.func @conv_bn(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.5, 0.5]> : tensor<2xf32>
  %gamma = arith.constant dense<[4.0, 6.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %0 = sinter.conv %x, %w, %b layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %1 = sinter.batch_norm %0, %gamma, %beta, %mean, %var layout NCHW epsilon 1.0
      : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// An HWCF filter scales along its last dimension; no bias becomes one.
// CHECK-LABEL: func.func @hwcf_no_bias
// CHECK-DAG: arith.constant dense<{{\[\[\[\[}}2.000000e+00, 6.000000e+00]]]]> : tensor<1x1x1x2xf32>
// CHECK-DAG: arith.constant dense<[1.000000e+00, -2.000000e+00]> : tensor<2xf32>
func.func @hwcf_no_bias(%x: tensor<1x4x4x1xf32>) -> tensor<1x4x4x2xf32> {
  %w = arith.constant dense<[[[[1.0, 3.0]]]]> : tensor<1x1x1x2xf32>
  %gamma = arith.constant dense<[4.0, 6.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %0 = sinter.conv %x, %w layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x4x4x1xf32>, tensor<1x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = sinter.batch_norm %0, %gamma, %beta, %mean, %var layout NHWC epsilon 1.0
      : (tensor<1x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  return %1 : tensor<1x4x4x2xf32>
}

// -----

// Declined: the conv has a second user, so folding would duplicate it.
// Nothing changes.
// CHECK-LABEL: func.func @conv_two_users
// CHECK: %[[CONV:.*]] = sinter.conv
// CHECK: %[[BN:.*]] = sinter.batch_norm %[[CONV]]
// CHECK: return %[[BN]], %[[CONV]]
func.func @conv_two_users(%x: tensor<1x1x4x4xf32>, %w: tensor<2x1x1x1xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %p = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = sinter.batch_norm %0, %p, %p, %p, %p layout NCHW epsilon 1.0e-5
      : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %1, %0 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

// -----

// Declined: the running variance is not a constant.
// CHECK-LABEL: func.func @variable_statistics
// CHECK: sinter.conv
// CHECK: sinter.batch_norm
func.func @variable_statistics(%x: tensor<1x1x4x4xf32>, %var: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %p = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = sinter.batch_norm %0, %p, %p, %p, %var layout NCHW epsilon 1.0e-5
      : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// gemm with a transposed constant weight: row j of B scales by s[j]; the
// bias becomes (beta * c - mean) * s + bn_beta.
// CHECK-LABEL: func.func @gemm_bn
// CHECK-DAG: %[[B:.*]] = arith.constant dense<{{\[\[}}2.000000e+00, 4.000000e+00], [6.000000e+00, 8.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[C:.*]] = arith.constant dense<[3.000000e+00, 5.000000e+00]> : tensor<2xf32>
// CHECK: sinter.gemm %arg0, %[[B]], %[[C]] transpose_b : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
// CHECK-NOT: sinter.batch_norm
func.func @gemm_bn(%a: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %b = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %c = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[4.0, 6.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %0 = sinter.gemm %a, %b, %c transpose_b : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %1 = sinter.batch_norm %0, %gamma, %beta, %mean, %var layout NCHW epsilon 1.0
      : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %1 : tensor<3x2xf32>
}

// -----

// A matmul becomes a gemm carrying the shift as its bias.
// CHECK-LABEL: func.func @matmul_bn
// CHECK-DAG: %[[B:.*]] = arith.constant dense<{{\[\[}}2.000000e+00, 4.000000e+00], [6.000000e+00, 8.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[C:.*]] = arith.constant dense<[1.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK: sinter.gemm %arg0, %[[B]], %[[C]] : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
func.func @matmul_bn(%a: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %b = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %gamma = arith.constant dense<[4.0, 6.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %0 = sinter.matmul %a, %b : tensor<3x2xf32>, tensor<2x2xf32> -> tensor<3x2xf32>
  %1 = sinter.batch_norm %0, %gamma, %beta, %mean, %var layout NCHW epsilon 1.0
      : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %1 : tensor<3x2xf32>
}

// -----

// With no producer to fold into, BN becomes x * scale + shift per channel.
// CHECK-LABEL: func.func @identity_bn
// CHECK-DAG: %[[S:.*]] = arith.constant dense<2.000000e+00> : tensor<2x1x1xf32>
// CHECK-DAG: %[[T:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00]], {{\[\[}}-1.000000e+00]]]> : tensor<2x1x1xf32>
// CHECK: %[[M:.*]] = sinter.mul %arg0, %[[S]] : tensor<1x2x4x4xf32>, tensor<2x1x1xf32> -> tensor<1x2x4x4xf32>
// CHECK: sinter.add %[[M]], %[[T]] : tensor<1x2x4x4xf32>, tensor<2x1x1xf32> -> tensor<1x2x4x4xf32>
func.func @identity_bn(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %gamma = arith.constant dense<[4.0, 6.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.0, 8.0]> : tensor<2xf32>
  %0 = sinter.batch_norm %x, %gamma, %beta, %mean, %var layout NCHW epsilon 1.0
      : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}
