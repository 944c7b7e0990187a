// An op with no linalg lowering is reported at its own location.
// RUN: sinter-opt %s --convert-sinter-to-linalg -verify-diagnostics

func.func @grouped_nhwc_hwcf(%x: tensor<1x5x5x8xf32>, %w: tensor<3x3x4x6xf32>) -> tensor<1x3x3x6xf32> {
  // expected-error @+2 {{failed to legalize operation 'sinter.conv'}}
  // expected-error @+1 {{cannot lower 'sinter.conv' with these attributes to linalg}}
  %0 = sinter.conv %x, %w layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 2
      : (tensor<1x5x5x8xf32>, tensor<3x3x4x6xf32>) -> tensor<1x3x3x6xf32>
  return %0 : tensor<1x3x3x6xf32>
}
