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
