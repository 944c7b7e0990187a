// The filter a batch-norm fold replaced is freed; one still used is kept.
// RUN: sinter-opt %s --pass-pipeline='builtin.module(func.func(sinter-fold-batch-norm),canonicalize,sinter-release-dead-weights{report})' 2>&1 | FileCheck %s

// CHECK: remark: released 1 weights (128 bytes)
// CHECK: func.func @folded
// CHECK: dense_resource<w_kept>
func.func @folded(%x: tensor<1x8x2x2xf32>) -> (tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>) {
  %w = arith.constant dense_resource<w_folded> : tensor<4x8x1x1xf32>
  %kept = arith.constant dense_resource<w_kept> : tensor<4x8x1x1xf32>
  %gamma = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %beta = arith.constant dense<[0.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %mean = arith.constant dense<[0.0, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %var = arith.constant dense<[1.0, 1.0, 1.0, 1.0]> : tensor<4xf32>
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x8x2x2xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x2x2xf32>
  %1 = sinter.batch_norm %0, %gamma, %beta, %mean, %var layout NCHW epsilon 0.0
      : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  %2 = sinter.conv %x, %kept layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x8x2x2xf32>, tensor<4x8x1x1xf32>) -> tensor<1x4x2x2xf32>
  return %1, %2 : tensor<1x4x2x2xf32>, tensor<1x4x2x2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w_folded: "0x400000000000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F0000803F",
      w_kept: "0x400000000000004000000040000000400000004000000040000000400000004000000040000000400000004000000040000000400000004000000040000000400000004000000040000000400000004000000040000000400000004000000040000000400000004000000040000000400000004000000040000000400000004000000040"
    }
  }
#-}
