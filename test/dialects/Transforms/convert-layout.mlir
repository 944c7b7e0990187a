// RUN: sinter-opt %s --pass-pipeline='builtin.module(func.func(sinter-convert-layout))' --split-input-file | FileCheck %s
// RUN: sinter-opt %s --pass-pipeline='builtin.module(func.func(sinter-convert-layout{io-layout=nhwc}))' --split-input-file | FileCheck %s --check-prefix=NHWC
// RUN: not sinter-opt %s --pass-pipeline='builtin.module(func.func(sinter-convert-layout{io-layout=nwhc}))' --split-input-file 2>&1 | FileCheck %s --check-prefix=BAD-OPTION

// conv -> relu -> conv -> residual add -> max pool -> global pool -> flatten:
// every op runs in NHWC, the transposes between them cancel, the last one
// (over unit dimensions) becomes a reshape, and one transpose is left at the
// input.
// CHECK-LABEL: func.func @block
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x8x8xf32>, %[[W:.*]]: tensor<2x2x3x3xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK: %[[HWCF:.*]] = sinter.transpose %[[W]] perm [2, 3, 1, 0] : tensor<2x2x3x3xf32> -> tensor<3x3x2x2xf32>
// CHECK: %[[IN:.*]] = sinter.transpose %[[X]] perm [0, 2, 3, 1] : tensor<1x2x8x8xf32> -> tensor<1x8x8x2xf32>
// CHECK: %[[C1:.*]] = sinter.conv %[[IN]], %[[HWCF]], %[[B]] layout NHWC filter HWCF {{.*}} -> tensor<1x8x8x2xf32>
// CHECK: %[[R:.*]] = sinter.relu %[[C1]] : tensor<1x8x8x2xf32>
// CHECK: %[[C2:.*]] = sinter.conv %[[R]], {{.*}} layout NHWC filter HWCF
// CHECK: %[[SUM:.*]] = sinter.add %[[C2]], %[[R]] : tensor<1x8x8x2xf32>, tensor<1x8x8x2xf32> -> tensor<1x8x8x2xf32>
// CHECK: %[[MP:.*]] = sinter.max_pool %[[SUM]] layout NHWC {{.*}} : tensor<1x8x8x2xf32> -> tensor<1x4x4x2xf32>
// CHECK: %[[GP:.*]] = sinter.global_avg_pool %[[MP]] layout NHWC : tensor<1x4x4x2xf32> -> tensor<1x1x1x2xf32>
// CHECK: %[[FLAT:.*]] = sinter.reshape %[[GP]] : tensor<1x1x1x2xf32> -> tensor<1x2xf32>
// CHECK-NOT: sinter.transpose
// CHECK: return %[[FLAT]]
// With NHWC inputs, the input transpose disappears too.
// NHWC-LABEL: func.func @block
// NHWC-SAME: (%[[X:.*]]: tensor<1x8x8x2xf32>, %{{.*}}: tensor<2x2x3x3xf32>, %{{.*}}: tensor<2xf32>) -> tensor<1x2xf32>
// NHWC-NOT: perm [0, 2, 3, 1]
// NHWC: sinter.conv %[[X]]
// BAD-OPTION: io-layout must be nchw or nhwc, got 'nwhc'
func.func @block(%x: tensor<1x2x8x8xf32>, %w: tensor<2x2x3x3xf32>, %b: tensor<2xf32>) -> tensor<1x2xf32> {
  %0 = sinter.conv %x, %w, %b layout NCHW filter FCHW strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
      : (tensor<1x2x8x8xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x8x8xf32>
  %1 = sinter.relu %0 : tensor<1x2x8x8xf32>
  %2 = sinter.conv %1, %w, %b layout NCHW filter FCHW strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
      : (tensor<1x2x8x8xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x8x8xf32>
  %3 = sinter.add %2, %1 : tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32> -> tensor<1x2x8x8xf32>
  %4 = sinter.max_pool %3 layout NCHW kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0] dilations [1, 1] : tensor<1x2x8x8xf32> -> tensor<1x2x4x4xf32>
  %5 = sinter.global_avg_pool %4 layout NCHW : tensor<1x2x4x4xf32> -> tensor<1x2x1x1xf32>
  %6 = sinter.flatten %5 axis 1 : tensor<1x2x1x1xf32> -> tensor<1x2xf32>
  return %6 : tensor<1x2xf32>
}

// -----

// Constant filters are re-laid out at compile time; a grouped conv gets an
// FHWC filter, a depthwise one HWCF; a per-channel constant added on the way
// is re-laid out to broadcast in NHWC; a channel concat concatenates the
// last dimension; the output goes back to NCHW.
// CHECK-LABEL: func.func @filters_constants_concat
// CHECK-NOT: perm [2, 3, 1, 0]
// CHECK: sinter.conv %{{.*}}, %{{.*}} layout NHWC filter FHWC {{.*}} groups 2 : (tensor<1x8x8x4xf32>, tensor<4x1x1x2xf32>) -> tensor<1x8x8x4xf32>
// CHECK: sinter.add %{{.*}}, %{{.*}} : tensor<1x8x8x4xf32>, tensor<1x1x1x4xf32> -> tensor<1x8x8x4xf32>
// CHECK: sinter.conv %{{.*}}, %{{.*}} layout NHWC filter HWCF {{.*}} groups 4 : (tensor<1x8x8x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x8x8x4xf32>
// CHECK: %[[CAT:.*]] = sinter.concat %{{.*}}, %{{.*}} axis 3 : (tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>) -> tensor<1x8x8x8xf32>
// CHECK: %[[OUT:.*]] = sinter.transpose %[[CAT]] perm [0, 3, 1, 2] : tensor<1x8x8x8xf32> -> tensor<1x8x8x8xf32>
// CHECK: return %[[OUT]]
// NHWC-LABEL: func.func @filters_constants_concat
// NHWC-SAME: (%{{.*}}: tensor<1x8x8x4xf32>) -> tensor<1x8x8x8xf32>
// NHWC-NOT: sinter.transpose
func.func @filters_constants_concat(%x: tensor<1x4x8x8xf32>) -> tensor<1x8x8x8xf32> {
  %wg = arith.constant dense<1.0> : tensor<4x2x1x1xf32>
  %wd = arith.constant dense<2.0> : tensor<4x1x1x1xf32>
  %shift = arith.constant dense<[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]> : tensor<4x1x1xf32>
  %0 = sinter.conv %x, %wg layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 2
      : (tensor<1x4x8x8xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x8x8xf32>
  %1 = sinter.add %0, %shift : tensor<1x4x8x8xf32>, tensor<4x1x1xf32> -> tensor<1x4x8x8xf32>
  %2 = sinter.conv %1, %wd layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 4
      : (tensor<1x4x8x8xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x8x8xf32>
  %3 = sinter.concat %1, %2 axis 1 : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %3 : tensor<1x8x8x8xf32>
}

// -----

// A transpose cannot move past an add whose other operand is neither the
// same transpose nor a constant: it stays, and so does the IR around it.
// CHECK-LABEL: func.func @blocked
// NHWC-LABEL: func.func @blocked
// CHECK: %[[CONV:.*]] = sinter.conv {{.*}} layout NHWC
// CHECK: %[[BACK:.*]] = sinter.transpose %[[CONV]] perm [0, 3, 1, 2]
// CHECK: sinter.add %[[BACK]], %arg1 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
func.func @blocked(%x: tensor<1x2x4x4xf32>, %y: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> {
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %1 = sinter.add %0, %y : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %1 : tensor<1x2x4x4xf32>
}

// -----

// An op already in NHWC is left alone.
// CHECK-LABEL: func.func @already_nhwc
// CHECK-NOT: sinter.transpose
func.func @already_nhwc(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32> {
  %0 = sinter.conv %x, %w layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}
