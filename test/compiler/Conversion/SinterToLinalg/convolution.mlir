// Convolutions become named linalg convolutions: padding as fills of the
// border's slabs (each border element once, the interior never) with the
// input inserted into the interior, the bias as the accumulator, groups
// through the grouped and depthwise forms.
// RUN: sinter-opt %s --convert-sinter-to-linalg --split-input-file | FileCheck %s
// RUN: sinter-opt %s --convert-sinter-to-linalg=padding-border-only=false --split-input-file | FileCheck %s --check-prefix=WHOLE

// CHECK-LABEL: func.func @conv_bias_pad
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x3x10x10xf32>
// CHECK: %[[TOP:.*]] = tensor.extract_slice %[[EMPTY]][0, 0, 0, 0] [1, 3, 1, 10] [1, 1, 1, 1]
// CHECK: %[[TOPFILL:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[TOP]] : tensor<1x3x1x10xf32>)
// CHECK: %[[B1:.*]] = tensor.insert_slice %[[TOPFILL]] into %[[EMPTY]][0, 0, 0, 0] [1, 3, 1, 10] [1, 1, 1, 1]
// CHECK: %[[BOTTOM:.*]] = tensor.extract_slice %[[B1]][0, 0, 9, 0] [1, 3, 1, 10] [1, 1, 1, 1]
// CHECK: %[[B2:.*]] = tensor.insert_slice %{{.*}} into %[[B1]][0, 0, 9, 0] [1, 3, 1, 10] [1, 1, 1, 1]
// CHECK: %[[LEFT:.*]] = tensor.extract_slice %[[B2]][0, 0, 1, 0] [1, 3, 8, 1] [1, 1, 1, 1]
// CHECK: %[[B3:.*]] = tensor.insert_slice %{{.*}} into %[[B2]][0, 0, 1, 0] [1, 3, 8, 1] [1, 1, 1, 1]
// CHECK: %[[RIGHT:.*]] = tensor.extract_slice %[[B3]][0, 0, 1, 9] [1, 3, 8, 1] [1, 1, 1, 1]
// CHECK: %[[B4:.*]] = tensor.insert_slice %{{.*}} into %[[B3]][0, 0, 1, 9] [1, 3, 8, 1] [1, 1, 1, 1]
// CHECK-NOT: linalg.fill
// CHECK: %[[PAD:.*]] = tensor.insert_slice %[[X]] into %[[B4]][0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1]
// The GPU's form (a launch per fill): one fill of the whole padded tensor.
// WHOLE-LABEL: func.func @conv_bias_pad
// WHOLE: %[[FILL:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x3x10x10xf32>)
// WHOLE-NOT: linalg.fill
// WHOLE: tensor.insert_slice %{{.*}} into %[[FILL]][0, 0, 1, 1] [1, 3, 8, 8] [1, 1, 1, 1]
// CHECK: %[[INIT:.*]] = linalg.broadcast ins(%[[B]] : tensor<4xf32>) outs(%{{.*}} : tensor<1x4x4x4xf32>) dimensions = [0, 2, 3]
// CHECK: linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[PAD]], %[[W]] : tensor<1x3x10x10xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<1x4x4x4xf32>)
func.func @conv_bias_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = sinter.conv %x, %w, %b layout NCHW filter FCHW strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @depthwise
// CHECK: %[[ZERO:.*]] = linalg.fill
// CHECK: %[[FILTER:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2], [3]] : tensor<6x1x3x3xf32> into tensor<6x3x3xf32>
// CHECK: linalg.depthwise_conv_2d_nchw_chw {dilations = dense<2> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%{{.*}}, %[[FILTER]] : tensor<1x6x9x9xf32>, tensor<6x3x3xf32>) outs(%[[ZERO]] : tensor<1x6x3x3xf32>)
func.func @depthwise(%x: tensor<1x6x9x9xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x6x3x3xf32> {
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [2, 2] pads [0, 0, 0, 0] dilations [2, 2] groups 6
      : (tensor<1x6x9x9xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @grouped
// CHECK: tensor.expand_shape %{{.*}} output_shape [1, 2, 4, 5, 5] : tensor<1x8x5x5xf32> into tensor<1x2x4x5x5xf32>
// CHECK: tensor.expand_shape %{{.*}} output_shape [2, 3, 4, 3, 3] : tensor<6x4x3x3xf32> into tensor<2x3x4x3x3xf32>
// CHECK: %[[CONV:.*]] = linalg.conv_2d_ngchw_gfchw {{.*}} -> tensor<1x2x3x3x3xf32>
// CHECK: tensor.collapse_shape %[[CONV]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x2x3x3x3xf32> into tensor<1x6x3x3xf32>
func.func @grouped(%x: tensor<1x8x5x5xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x3x3xf32> {
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 2
      : (tensor<1x8x5x5xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @nhwc_hwcf
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) outs(%{{.*}} : tensor<1x6x6x4xf32>)
func.func @nhwc_hwcf(%x: tensor<1x8x8x3xf32>, %w: tensor<3x3x3x4xf32>) -> tensor<1x6x6x4xf32> {
  %0 = sinter.conv %x, %w layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %0 : tensor<1x6x6x4xf32>
}

// -----

// CHECK-LABEL: func.func @nhwc_depthwise
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1], [2, 3]] : tensor<3x3x1x4xf32> into tensor<3x3x4xf32>
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc
func.func @nhwc_depthwise(%x: tensor<1x8x8x4xf32>, %w: tensor<3x3x1x4xf32>) -> tensor<1x6x6x4xf32> {
  %0 = sinter.conv %x, %w layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 4
      : (tensor<1x8x8x4xf32>, tensor<3x3x1x4xf32>) -> tensor<1x6x6x4xf32>
  return %0 : tensor<1x6x6x4xf32>
}

// -----

// CHECK-LABEL: func.func @nhwc_fhwc_grouped
// CHECK: tensor.expand_shape %{{.*}} output_shape [1, 5, 5, 2, 4] : tensor<1x5x5x8xf32> into tensor<1x5x5x2x4xf32>
// CHECK: tensor.expand_shape %{{.*}} output_shape [2, 3, 3, 3, 4] : tensor<6x3x3x4xf32> into tensor<2x3x3x3x4xf32>
// CHECK: linalg.conv_2d_nhwgc_gfhwc {{.*}} -> tensor<1x3x3x2x3xf32>
// CHECK: tensor.collapse_shape {{.*}} into tensor<1x3x3x6xf32>
func.func @nhwc_fhwc_grouped(%x: tensor<1x5x5x8xf32>, %w: tensor<6x3x3x4xf32>) -> tensor<1x3x3x6xf32> {
  %0 = sinter.conv %x, %w layout NHWC filter FHWC strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 2
      : (tensor<1x5x5x8xf32>, tensor<6x3x3x4xf32>) -> tensor<1x3x3x6xf32>
  return %0 : tensor<1x3x3x6xf32>
}

// -----

// A fused epilogue follows the convolution: add the residual, then clamp.
// CHECK-LABEL: func.func @epilogue
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>, %[[W:.*]]: tensor<1x1x2x2xf32>, %[[R:.*]]: tensor<1x4x4x2xf32>)
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nhwc_hwcf
// CHECK: linalg.generic {{.*}} ins(%[[CONV]], %[[R]] : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>)
// CHECK: %[[SUM:.*]] = arith.addf
// CHECK: %[[LOW:.*]] = arith.maximumf %[[SUM]], %{{.*}}
// CHECK: arith.minimumf %[[LOW]], %{{.*}}
func.func @epilogue(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x2xf32>, %r: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %0 = sinter.conv %x, %w residual(%r) layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32}
      : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %0 : tensor<1x4x4x2xf32>
}
