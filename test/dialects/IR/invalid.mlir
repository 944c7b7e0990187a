// Every verifier and shape-inference error of the sinter ops.
// RUN: sinter-opt %s -split-input-file -verify-diagnostics

func.func @conv_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+2 {{filter [4, 2, 3, 3] (FCHW) expects 2 input channels per group, but the NCHW input [1, 3, 8, 8] has 3 channels in 1 group(s)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_groups(%x: tensor<1x6x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+2 {{input channels (6) are not divisible by groups (4)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 4
      : (tensor<1x6x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_filters_per_group(%x: tensor<1x6x8x8xf32>, %w: tensor<4x2x3x3xf32>) {
  // expected-error @+2 {{output channels (4) are not divisible by groups (3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 3
      : (tensor<1x6x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{bias has 5 elements but the filter has 4 output channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.conv %x, %w, %b layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<5xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_negative_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{pads must not be negative, got [0, -1, 0, 0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, -1, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_strides(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{expected 2 strides, got 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_zero_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{strides must be positive, got [0, 1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [0, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_kernel_too_large(%x: tensor<1x3x4x4xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{the 3x3 kernel with dilations [2, 2] does not fit the padded 4x4 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [2, 2] groups 1
      : (tensor<1x3x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x1xf32>
  return
}

// -----

func.func @conv_wrong_result(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<1x4x6x6xf32>' are incompatible with return type(s) of operation 'tensor<1x4x8x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

func.func @conv_element_types(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf16>) {
  // expected-error @+2 {{input element type 'f32' differs from filter element type 'f16'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf16>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_rank(%x: tensor<1x3x8xf32>, %w: tensor<4x3x3xf32>) {
  // expected-error @+2 {{expected a rank-4 input, got [1, 3, 8]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6xf32>
  return
}

// -----

func.func @conv_dynamic(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{input has a dynamic shape 'tensor<?x3x8x8xf32>'; sinter needs static shapes}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x6x6xf32>
  return
}

// -----

func.func @conv_integer(%x: tensor<1x3x8x8xi32>, %w: tensor<4x3x3x3xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of floating-point values}}
  %0 = sinter.conv %x, %w layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xi32>, tensor<4x3x3x3xi32>) -> tensor<1x4x6x6xi32>
  return
}

// -----

func.func @batch_norm_params(%x: tensor<2x4x5x5xf32>, %p: tensor<4xf32>, %q: tensor<5xf32>) {
  // expected-error @+2 {{variance has shape [5] but the NCHW input [2, 4, 5, 5] has 4 channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.batch_norm %x, %p, %p, %p, %q layout NCHW epsilon 1.0e-5
      : (tensor<2x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<5xf32>) -> tensor<2x4x5x5xf32>
  return
}

// -----

func.func @batch_norm_nhwc_channels(%x: tensor<2x4x5x5xf32>, %p: tensor<4xf32>) {
  // NHWC puts channels last: here 5, not 4.
  // expected-error @+2 {{scale has shape [4] but the NHWC input [2, 4, 5, 5] has 5 channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.batch_norm %x, %p, %p, %p, %p layout NHWC epsilon 1.0e-5
      : (tensor<2x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x5x5xf32>
  return
}

// -----

func.func @max_pool_pads(%x: tensor<1x4x7x7xf32>) {
  // expected-error @+2 {{pads [2, 0, 0, 0] must be smaller than the kernel [2, 2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.max_pool %x layout NCHW kernel [2, 2] strides [1, 1] pads [2, 0, 0, 0] dilations [1, 1]
      : tensor<1x4x7x7xf32> -> tensor<1x4x8x6xf32>
  return
}

// -----

func.func @max_pool_wrong_result(%x: tensor<1x4x7x7xf32>) {
  // Floor mode: (7 - 2) / 2 + 1 = 3.
  // expected-error @+2 {{inferred type(s) 'tensor<1x4x3x3xf32>' are incompatible with return type(s) of operation 'tensor<1x4x4x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.max_pool %x layout NCHW kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0] dilations [1, 1]
      : tensor<1x4x7x7xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @avg_pool_kernel(%x: tensor<1x4x7x7xf32>) {
  // expected-error @+2 {{expected 2 positive kernel sizes, got [3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.avg_pool %x layout NCHW kernel [3] strides [1, 1] pads [0, 0, 0, 0]
      : tensor<1x4x7x7xf32> -> tensor<1x4x5x5xf32>
  return
}

// -----

func.func @avg_pool_window(%x: tensor<1x4x2x2xf32>) {
  // expected-error @+2 {{the 3x3 window does not fit the padded 2x2 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.avg_pool %x layout NCHW kernel [3, 3] strides [1, 1] pads [0, 0, 0, 0]
      : tensor<1x4x2x2xf32> -> tensor<1x4x1x1xf32>
  return
}

// -----

func.func @global_pool_rank(%x: tensor<4x7xf32>) {
  // expected-error @+2 {{expected an input of rank 3 or more, got [4, 7]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.global_avg_pool %x layout NCHW : tensor<4x7xf32> -> tensor<4x1xf32>
  return
}

// -----

func.func @relu_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "sinter.relu"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf16>
  return
}

// -----

func.func @clip_bounds(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{min 6.000000e+00 is greater than max 0.000000e+00}}
  %0 = sinter.clip %x min 6.0 max 0.0 : tensor<2x3xf32>
  return
}

// -----

func.func @softmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{axis 2 is out of range [0, 2)}}
  %0 = sinter.softmax %x axis 2 : tensor<2x3xf32>
  return
}

// -----

func.func @add_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{shapes [2, 3] and [4] do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.add %a, %b : tensor<2x3xf32>, tensor<4xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @mul_element_types(%a: tensor<2x3xf32>, %b: tensor<2x3xi32>) {
  // expected-error @+2 {{lhs element type 'f32' differs from rhs element type 'i32'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.mul %a, %b : tensor<2x3xf32>, tensor<2x3xi32> -> tensor<2x3xf32>
  return
}

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{axis 3 is out of range [0, 2] for input [2, 3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.flatten %x axis 3 : tensor<2x3xf32> -> tensor<6x1xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{changes the element count from 6 to 8}}
  %0 = sinter.reshape %x : tensor<2x3xf32> -> tensor<2x4xf32>
  return
}

// -----

func.func @reshape_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{changes the element type from 'f32' to 'f16'}}
  %0 = sinter.reshape %x : tensor<2x3xf32> -> tensor<6xf16>
  return
}

// -----

func.func @transpose_perm(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{permutation [0, 2, 2] is not a permutation of [0, 3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.transpose %x perm [0, 2, 2] : tensor<2x3x4xf32> -> tensor<2x4x4xf32>
  return
}

// -----

func.func @transpose_rank(%x: tensor<2x3x4xf32>) {
  // expected-error @+2 {{permutation [1, 0] has 2 entries for an input of rank 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.transpose %x perm [1, 0] : tensor<2x3x4xf32> -> tensor<3x2xf32>
  return
}

// -----

func.func @concat_shapes(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) {
  // expected-error @+2 {{input 1 has shape [3, 3], input 0 has [2, 3]; they may differ only on axis 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.concat %a, %b axis 1 : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) {
  // expected-error @+2 {{axis 2 is out of range [0, 2) for inputs of rank 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.concat %a, %a axis 2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @gemm_inner(%a: tensor<3x4xf32>, %b: tensor<5x4xf32>) {
  // expected-error @+2 {{inner dimensions differ: a [3, 4] has K = 4, b [5, 4] has K = 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.gemm %a, %b : (tensor<3x4xf32>, tensor<5x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @gemm_bias(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<3xf32>) {
  // expected-error @+2 {{c [3] does not broadcast to the result [3, 5]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.gemm %a, %b, %c : (tensor<3x4xf32>, tensor<4x5xf32>, tensor<3xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @gemm_rank(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+2 {{expected rank-2 operands, got [2, 3, 4] and [4, 5]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.gemm %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @matmul_inner(%a: tensor<2x3x4xf32>, %b: tensor<2x5x6xf32>) {
  // expected-error @+2 {{inner dimensions differ: lhs [2, 3, 4] has K = 4, rhs [2, 5, 6] has K = 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.matmul %a, %b : tensor<2x3x4xf32>, tensor<2x5x6xf32> -> tensor<2x3x6xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x6xf32>) {
  // expected-error @+2 {{batch dimensions of [2, 3, 4] and [3, 4, 6] do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.matmul %a, %b : tensor<2x3x4xf32>, tensor<3x4x6xf32> -> tensor<2x3x6xf32>
  return
}

// -----

func.func @matmul_rank(%a: tensor<4xf32>, %b: tensor<4x6xf32>) {
  // expected-error @+2 {{expected operands of rank 2 or more, got [4] and [4, 6]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.matmul %a, %b : tensor<4xf32>, tensor<4x6xf32> -> tensor<6xf32>
  return
}

// -----

func.func @layout_keyword(%x: tensor<1x4x7x7xf32>) {
  // expected-error @+2 {{expected ::sinter::ActivationLayout to be one of: NCHW, NHWC}}
  // expected-error @+1 {{failed to parse Sinter_ActivationLayoutAttr parameter 'value'}}
  %0 = sinter.global_avg_pool %x layout NCWH : tensor<1x4x7x7xf32> -> tensor<1x4x1x1xf32>
  return
}

// -----

func.func @conv_residual_type(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x2xf32>, %r: tensor<1x4x4x3xf32>) {
  // expected-error @+1 {{residual type 'tensor<1x4x4x3xf32>' differs from the result type 'tensor<1x4x4x2xf32>'}}
  %0 = sinter.conv %x, %w residual(%r) layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>, tensor<1x4x4x3xf32>) -> tensor<1x4x4x2xf32>
  return
}

// -----

func.func @conv_clamp_order(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x2xf32>) {
  // expected-error @+1 {{clamp_min is greater than clamp_max}}
  %0 = sinter.conv %x, %w layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      {clamp_min = 6.0 : f32, clamp_max = 0.0 : f32}
      : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x4x2xf32>
  return
}

// -----

func.func @unary_float_only(%x: tensor<4xi32>) {
  // expected-error @+1 {{sigmoid takes floating-point tensors, got 'tensor<4xi32>'}}
  %0 = sinter.unary sigmoid %x : tensor<4xi32>
  return
}

// -----

func.func @unary_parameters(%x: tensor<4xf32>) {
  // expected-error @+1 {{leaky_relu takes alpha alone}}
  %0 = sinter.unary leaky_relu %x : tensor<4xf32>
  return
}

// -----

func.func @not_on_floats(%x: tensor<4xf32>) {
  // expected-error @+1 {{not takes boolean tensors}}
  %0 = sinter.unary not %x : tensor<4xf32>
  return
}

// -----

func.func @shift_signed(%x: tensor<4xi32>) {
  // expected-error @+1 {{shift_left takes unsigned integer tensors}}
  %0 = sinter.binary shift_left %x, %x : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  return
}

// -----

func.func @mod_of_floats(%x: tensor<4xf32>) {
  // expected-error @+1 {{mod of floats is fmod}}
  %0 = sinter.binary mod %x, %x : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @compare_shapes(%x: tensor<4xf32>, %y: tensor<3xf32>) {
  // expected-error @+2 {{shapes [4] and [3] do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.compare eq %x, %y : tensor<4xf32>, tensor<3xf32> -> tensor<4xi1>
  return
}

// -----

func.func @select_condition(%c: tensor<2xi1>, %x: tensor<4xf32>) {
  // expected-error @+2 {{condition shape [2] does not broadcast with [4]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.select %c, %x, %x : tensor<2xi1>, tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return
}

// -----

func.func @reduce_axes_unsorted(%x: tensor<2x3xf32>) {
  // expected-error @+2 {{axes [1, 0] are not sorted and distinct}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = sinter.reduce sum %x axes [1, 0] keepdims false : tensor<2x3xf32> -> tensor<f32>
  return
}

// -----

func.func @reduce_mean_of_integers(%x: tensor<2x3xi32>) {
  // expected-error @+1 {{mean does not take 'tensor<2x3xi32>'}}
  %0 = sinter.reduce mean %x axes [1] keepdims false : tensor<2x3xi32> -> tensor<2xi32>
  return
}

// -----

func.func @arg_reduce_sum(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{takes max or min, not sum}}
  %0 = sinter.arg_reduce sum %x axis 1 keepdims false last false : tensor<2x3xf32> -> tensor<2xi64>
  return
}

// -----

func.func @slice_out_of_bounds(%x: tensor<4xf32>) {
  // expected-error @+1 {{dimension 0 reads indices 1 to 5 of an extent of 4}}
  %0 = sinter.slice %x offsets [1] strides [2] : tensor<4xf32> -> tensor<3xf32>
  return
}

// -----

func.func @reflect_too_far(%x: tensor<2xf32>) {
  // expected-error @+1 {{reflect pads must be smaller than the dimension (2)}}
  %0 = sinter.pad reflect %x low [2] high [0] value 0.0 : tensor<2xf32> -> tensor<4xf32>
  return
}

// -----

func.func @broadcast_down(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'tensor<2x3xf32>' does not broadcast to 'tensor<3xf32>'}}
  %0 = sinter.broadcast_to %x : tensor<2x3xf32> -> tensor<3xf32>
  return
}
