// Folds of the sinter ops: identity transposes and reshapes vanish, chains
// of transposes or reshapes collapse into one op.
// RUN: sinter-opt %s --canonicalize --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @transpose_pair_cancels
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x9xf32>)
// CHECK-NOT: sinter.transpose
// CHECK: return %[[X]]
func.func @transpose_pair_cancels(%x: tensor<1x3x8x9xf32>) -> tensor<1x3x8x9xf32> {
  %0 = sinter.transpose %x perm [0, 2, 3, 1] : tensor<1x3x8x9xf32> -> tensor<1x8x9x3xf32>
  %1 = sinter.transpose %0 perm [0, 3, 1, 2] : tensor<1x8x9x3xf32> -> tensor<1x3x8x9xf32>
  return %1 : tensor<1x3x8x9xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_chain_composes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[T:.*]] = sinter.transpose %[[X]] perm [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
// CHECK-NOT: sinter.transpose
// CHECK: return %[[T]]
func.func @transpose_chain_composes(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = sinter.transpose %x perm [1, 0, 2] : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
  %1 = sinter.transpose %0 perm [2, 1, 0] : tensor<3x2x4xf32> -> tensor<4x2x3xf32>
  return %1 : tensor<4x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @identity_transpose
// CHECK-NOT: sinter.transpose
func.func @identity_transpose(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = sinter.transpose %x perm [0, 1] : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A transpose whose input has another user keeps its own op.
// CHECK-LABEL: func.func @transpose_kept
// CHECK: sinter.transpose %{{.*}} perm [1, 0]
func.func @transpose_kept(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = sinter.transpose %x perm [1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[R:.*]] = sinter.reshape %[[X]] : tensor<2x3x4xf32> -> tensor<4x6xf32>
// CHECK-NOT: sinter.reshape
// CHECK: return %[[R]]
func.func @reshape_chain(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %0 = sinter.reshape %x : tensor<2x3x4xf32> -> tensor<24xf32>
  %1 = sinter.reshape %0 : tensor<24xf32> -> tensor<4x6xf32>
  return %1 : tensor<4x6xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_round_trip
// CHECK-NOT: sinter.reshape
func.func @reshape_round_trip(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = sinter.reshape %x : tensor<2x3xf32> -> tensor<6xf32>
  %1 = sinter.reshape %0 : tensor<6xf32> -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_constant
// CHECK: arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-NOT: sinter.reshape
func.func @reshape_constant() -> tensor<2x2xf32> {
  %c = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %0 = sinter.reshape %c : tensor<4xf32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

// Shape arithmetic of ONNX function bodies folds: a slice of a small
// constant, a negated constant, a difference with a single-element operand.
// CHECK-LABEL: func.func @shape_arithmetic
// CHECK-DAG: arith.constant dense<[2, 3]> : tensor<2xi64>
// CHECK-DAG: arith.constant dense<1> : tensor<1xi64>
// CHECK-DAG: arith.constant dense<[1, 2]> : tensor<2xi64>
// CHECK-NOT: sinter.
func.func @shape_arithmetic() -> (tensor<2xi64>, tensor<1xi64>, tensor<2xi64>) {
  %shape = arith.constant dense<[2, 3, 4]> : tensor<3xi64>
  %prefix = sinter.slice %shape offsets [0] strides [1] : tensor<3xi64> -> tensor<2xi64>
  %axis = arith.constant dense<-1> : tensor<1xi64>
  %count = sinter.unary neg %axis : tensor<1xi64>
  %rank = arith.constant dense<3> : tensor<i64>
  %steps = arith.constant dense<[2, 1]> : tensor<2xi64>
  %rest = sinter.sub %rank, %steps : tensor<i64>, tensor<2xi64> -> tensor<2xi64>
  return %prefix, %count, %rest : tensor<2xi64>, tensor<1xi64>, tensor<2xi64>
}

// -----

// A reversed, strided slice of a constant; the absolute value of floats.
// CHECK-LABEL: func.func @slice_reversed_abs
// CHECK-DAG: arith.constant dense<{{\[\[}}6, 4], [3, 1]]> : tensor<2x2xi32>
// CHECK-DAG: arith.constant dense<[1.500000e+00, 2.000000e+00]> : tensor<2xf32>
func.func @slice_reversed_abs() -> (tensor<2x2xi32>, tensor<2xf32>) {
  %x = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = sinter.slice %x offsets [1, 2] strides [-1, -2] : tensor<2x3xi32> -> tensor<2x2xi32>
  %f = arith.constant dense<[-1.5, 2.0]> : tensor<2xf32>
  %1 = sinter.unary abs %f : tensor<2xf32>
  return %0, %1 : tensor<2x2xi32>, tensor<2xf32>
}
