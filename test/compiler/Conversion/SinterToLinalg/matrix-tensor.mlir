// gemm and matmul become linalg.matmul / batch_matmul (transposes explicit,
// batch dimensions broadcast and folded into one, or into the rows when the
// right operand is one matrix); reshapes collapse and
// expand; concat inserts slices.
// RUN: sinter-opt %s --convert-sinter-to-linalg --split-input-file | FileCheck %s

// With unit alpha and beta the bias is the accumulator's initial value.
// CHECK-LABEL: func.func @gemm_bias
// CHECK-SAME: (%[[A:.*]]: tensor<3x4xf32>, %[[B:.*]]: tensor<5x4xf32>, %[[C:.*]]: tensor<5xf32>)
// CHECK: %[[BT:.*]] = linalg.transpose ins(%[[B]] : tensor<5x4xf32>) outs(%{{.*}} : tensor<4x5xf32>) permutation = [1, 0]
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%[[C]] : tensor<5xf32>) outs(%{{.*}} : tensor<3x5xf32>)
// CHECK: linalg.matmul ins(%[[A]], %[[BT]] : tensor<3x4xf32>, tensor<4x5xf32>) outs(%[[INIT]] : tensor<3x5xf32>)
func.func @gemm_bias(%a: tensor<3x4xf32>, %b: tensor<5x4xf32>, %c: tensor<5xf32>) -> tensor<3x5xf32> {
  %0 = sinter.gemm %a, %b, %c transpose_b : (tensor<3x4xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// CHECK-LABEL: func.func @gemm_scaled
// CHECK: linalg.transpose
// CHECK: %[[PRODUCT:.*]] = linalg.matmul
// CHECK: linalg.generic {{.*}} ins(%[[PRODUCT]], %{{.*}} : tensor<3x5xf32>, tensor<3x5xf32>)
// CHECK: %[[ALPHA:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: arith.mulf %{{.*}}, %[[ALPHA]]
// CHECK: %[[BETA:.*]] = arith.constant 2.000000e+00 : f32
// CHECK: arith.mulf %{{.*}}, %[[BETA]]
// CHECK: arith.addf
func.func @gemm_scaled(%a: tensor<4x3xf32>, %b: tensor<4x5xf32>, %c: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %0 = sinter.gemm %a, %b, %c transpose_a {alpha = 0.5 : f32, beta = 2.0 : f32} : (tensor<4x3xf32>, tensor<4x5xf32>, tensor<3x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// CHECK-LABEL: func.func @bmm
// CHECK: linalg.batch_matmul ins(%{{.*}}, %{{.*}} : tensor<16x128x64xf32>, tensor<16x64x128xf32>) outs(%{{.*}} : tensor<16x128x128xf32>)
func.func @bmm(%q: tensor<16x128x64xf32>, %k: tensor<16x64x128xf32>) -> tensor<16x128x128xf32> {
  %0 = sinter.matmul %q, %k : tensor<16x128x64xf32>, tensor<16x64x128xf32> -> tensor<16x128x128xf32>
  return %0 : tensor<16x128x128xf32>
}

// -----

// Rows of a sequence times one weight matrix: one matrix product with the
// batch folded into the rows, not the weights broadcast to every batch.
// CHECK-LABEL: func.func @rows
// CHECK: %[[LHS:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] : tensor<2x1x3x4xf32> into tensor<6x4xf32>
// CHECK: %[[RHS:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2]] : tensor<1x4x5xf32> into tensor<4x5xf32>
// CHECK: %[[PRODUCT:.*]] = linalg.matmul ins(%[[LHS]], %[[RHS]] : tensor<6x4xf32>, tensor<4x5xf32>)
// CHECK: tensor.expand_shape %[[PRODUCT]] {{.*}} into tensor<2x1x3x5xf32>
// CHECK-NOT: batch_matmul
func.func @rows(%a: tensor<2x1x3x4xf32>, %b: tensor<1x4x5xf32>) -> tensor<2x1x3x5xf32> {
  %0 = sinter.matmul %a, %b : tensor<2x1x3x4xf32>, tensor<1x4x5xf32> -> tensor<2x1x3x5xf32>
  return %0 : tensor<2x1x3x5xf32>
}

// -----

// CHECK-LABEL: func.func @broadcast_batch
// CHECK: %[[BROADCAST:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<1x3x4xf32>) outs(%{{.*}} : tensor<2x3x4xf32>)
// CHECK: %[[PRODUCT:.*]] = linalg.batch_matmul ins(%[[BROADCAST]], %{{.*}} : tensor<2x3x4xf32>, tensor<2x4x5xf32>)
func.func @broadcast_batch(%a: tensor<1x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = sinter.matmul %a, %b : tensor<1x3x4xf32>, tensor<2x4x5xf32> -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// CHECK-LABEL: func.func @tensors
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[Y:.*]]: tensor<2x1x4xf32>)
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [2, 12] : tensor<24xf32> into tensor<2x12xf32>
// CHECK: linalg.transpose ins(%[[X]] : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<4x2x3xf32>) permutation = [2, 0, 1]
// CHECK: %[[FIRST:.*]] = tensor.insert_slice %[[X]] into %{{.*}}[0, 0, 0] [2, 3, 4] [1, 1, 1]
// CHECK: tensor.insert_slice %[[Y]] into %[[FIRST]][0, 3, 0] [2, 1, 4] [1, 1, 1]
func.func @tensors(%x: tensor<2x3x4xf32>, %y: tensor<2x1x4xf32>) -> (tensor<2x12xf32>, tensor<4x2x3xf32>, tensor<2x4x4xf32>) {
  %0 = sinter.flatten %x axis 1 : tensor<2x3x4xf32> -> tensor<2x12xf32>
  %1 = sinter.transpose %x perm [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %2 = sinter.concat %x, %y axis 1 : (tensor<2x3x4xf32>, tensor<2x1x4xf32>) -> tensor<2x4x4xf32>
  return %0, %1, %2 : tensor<2x12xf32>, tensor<4x2x3xf32>, tensor<2x4x4xf32>
}
