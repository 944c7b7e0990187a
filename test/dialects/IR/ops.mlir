// Round trip of every sinter op through the custom assembly format, and once
// more through the generic form.
// RUN: sinter-opt %s | sinter-opt | FileCheck %s
// RUN: sinter-opt %s --mlir-print-op-generic | sinter-opt | FileCheck %s

// CHECK-LABEL: func.func @conv
func.func @conv(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>,
                %xh: tensor<1x8x8x3xf32>, %wh: tensor<3x3x3x4xf32>, %wg: tensor<6x1x3x3xf32>,
                %xg: tensor<1x6x9x9xf32>, %wf: tensor<4x3x3x3xf32>)
    -> (tensor<1x4x4x4xf32>, tensor<1x8x8x4xf32>, tensor<1x6x3x3xf32>, tensor<1x6x6x4xf32>) {
  // CHECK: sinter.conv %{{.*}}, %{{.*}}, %{{.*}} layout NCHW filter FCHW strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] groups 1 : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %0 = sinter.conv %x, %w, %b layout NCHW filter FCHW strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] groups 1
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  // CHECK: sinter.conv %{{.*}}, %{{.*}} layout NHWC filter HWCF strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1 : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x8x8x4xf32>
  %1 = sinter.conv %xh, %wh layout NHWC filter HWCF strides [1, 1] pads [1, 1, 1, 1] dilations [1, 1] groups 1
      : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x8x8x4xf32>
  // Depthwise, strided, dilated: (9 - 2*2 - 1) / 2 + 1 = 3.
  // CHECK: sinter.conv %{{.*}}, %{{.*}} layout NCHW filter FCHW strides [2, 2] pads [0, 0, 0, 0] dilations [2, 2] groups 6 : (tensor<1x6x9x9xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x3x3xf32>
  %2 = sinter.conv %xg, %wg layout NCHW filter FCHW strides [2, 2] pads [0, 0, 0, 0] dilations [2, 2] groups 6
      : (tensor<1x6x9x9xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x3x3xf32>
  // FHWC filter [F, KH, KW, C]; asymmetric padding.
  // CHECK: sinter.conv %{{.*}}, %{{.*}} layout NHWC filter FHWC strides [1, 1] pads [0, 0, 1, 1] dilations [1, 1] groups 1 : (tensor<1x8x8x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x7x7x4xf32>
  %3 = sinter.conv %xh, %wf layout NHWC filter FHWC strides [1, 1] pads [0, 0, 1, 1] dilations [1, 1] groups 1
      : (tensor<1x8x8x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x7x7x4xf32>
  %4 = sinter.conv %xg, %wg layout NCHW filter FCHW strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 6
      : (tensor<1x6x9x9xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x7x7xf32>
  %5 = sinter.conv %xh, %wh layout NHWC filter HWCF strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] groups 1
      : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x4x4x4xf32>
  %6 = sinter.conv %xh, %wh layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x8x8x3xf32>, tensor<3x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  return %0, %1, %2, %6 : tensor<1x4x4x4xf32>, tensor<1x8x8x4xf32>, tensor<1x6x3x3xf32>, tensor<1x6x6x4xf32>
}

// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<2x4x5x5xf32>, %xh: tensor<2x5x5x4xf32>, %p: tensor<4xf32>)
    -> (tensor<2x4x5x5xf32>, tensor<2x5x5x4xf32>) {
  // CHECK: sinter.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} layout NCHW epsilon 9.99999974E-6 : (tensor<2x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x5x5xf32>
  %0 = sinter.batch_norm %x, %p, %p, %p, %p layout NCHW epsilon 1.0e-5
      : (tensor<2x4x5x5xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x5x5xf32>
  // CHECK: sinter.batch_norm {{.*}} layout NHWC epsilon 1.000000e-03
  %1 = sinter.batch_norm %xh, %p, %p, %p, %p layout NHWC epsilon 1.0e-3
      : (tensor<2x5x5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x5x5x4xf32>
  return %0, %1 : tensor<2x4x5x5xf32>, tensor<2x5x5x4xf32>
}

// CHECK-LABEL: func.func @pooling
func.func @pooling(%x: tensor<1x4x7x7xf32>, %xh: tensor<1x7x7x4xf32>) {
  // CHECK: sinter.max_pool %{{.*}} layout NCHW kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1] : tensor<1x4x7x7xf32> -> tensor<1x4x4x4xf32>
  %0 = sinter.max_pool %x layout NCHW kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] dilations [1, 1]
      : tensor<1x4x7x7xf32> -> tensor<1x4x4x4xf32>
  // ceil((7 - 2) / 2) + 1 = 4, against floor's 3.
  // CHECK: sinter.max_pool %{{.*}} layout NHWC kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0] dilations [1, 1] ceil_mode : tensor<1x7x7x4xf32> -> tensor<1x4x4x4xf32>
  %1 = sinter.max_pool %xh layout NHWC kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0] dilations [1, 1] ceil_mode
      : tensor<1x7x7x4xf32> -> tensor<1x4x4x4xf32>
  // CHECK: sinter.max_pool %{{.*}} dilations [2, 2] : tensor<1x4x7x7xf32> -> tensor<1x4x3x3xf32>
  %2 = sinter.max_pool %x layout NCHW kernel [3, 3] strides [1, 1] pads [0, 0, 0, 0] dilations [2, 2]
      : tensor<1x4x7x7xf32> -> tensor<1x4x3x3xf32>
  // CHECK: sinter.avg_pool %{{.*}} layout NCHW kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] count_include_pad : tensor<1x4x7x7xf32> -> tensor<1x4x4x4xf32>
  %3 = sinter.avg_pool %x layout NCHW kernel [3, 3] strides [2, 2] pads [1, 1, 1, 1] count_include_pad
      : tensor<1x4x7x7xf32> -> tensor<1x4x4x4xf32>
  // CHECK: sinter.avg_pool %{{.*}} layout NHWC kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0] ceil_mode : tensor<1x7x7x4xf32> -> tensor<1x4x4x4xf32>
  %4 = sinter.avg_pool %xh layout NHWC kernel [2, 2] strides [2, 2] pads [0, 0, 0, 0] ceil_mode
      : tensor<1x7x7x4xf32> -> tensor<1x4x4x4xf32>
  // CHECK: sinter.global_avg_pool %{{.*}} layout NCHW : tensor<1x4x7x7xf32> -> tensor<1x4x1x1xf32>
  %5 = sinter.global_avg_pool %x layout NCHW : tensor<1x4x7x7xf32> -> tensor<1x4x1x1xf32>
  // CHECK: sinter.global_avg_pool %{{.*}} layout NHWC : tensor<1x7x7x4xf32> -> tensor<1x1x1x4xf32>
  %6 = sinter.global_avg_pool %xh layout NHWC : tensor<1x7x7x4xf32> -> tensor<1x1x1x4xf32>
  return
}

// CHECK-LABEL: func.func @activations
func.func @activations(%x: tensor<2x3xf32>, %h: tensor<4xf16>) {
  // CHECK: sinter.relu %{{.*}} : tensor<2x3xf32>
  %0 = sinter.relu %x : tensor<2x3xf32>
  // CHECK: sinter.clip %{{.*}} min 0.000000e+00 max 6.000000e+00 : tensor<2x3xf32>
  %1 = sinter.clip %x min 0.0 max 6.0 : tensor<2x3xf32>
  // CHECK: sinter.clip %{{.*}} max 1.000000e+00 : tensor<2x3xf32>
  %2 = sinter.clip %x max 1.0 : tensor<2x3xf32>
  // CHECK: sinter.softmax %{{.*}} axis 1 : tensor<2x3xf32>
  %3 = sinter.softmax %x axis 1 : tensor<2x3xf32>
  // CHECK: sinter.relu %{{.*}} : tensor<4xf16>
  %4 = sinter.relu %h : tensor<4xf16>
  return
}

// CHECK-LABEL: func.func @binary
func.func @binary(%a: tensor<2x3x4xf32>, %b: tensor<3x1xf32>, %s: tensor<f32>, %i: tensor<4xi64>) {
  // CHECK: sinter.add %{{.*}}, %{{.*}} : tensor<2x3x4xf32>, tensor<3x1xf32> -> tensor<2x3x4xf32>
  %0 = sinter.add %a, %b : tensor<2x3x4xf32>, tensor<3x1xf32> -> tensor<2x3x4xf32>
  // CHECK: sinter.sub %{{.*}}, %{{.*}} : tensor<f32>, tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  %1 = sinter.sub %s, %a : tensor<f32>, tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  // CHECK: sinter.mul %{{.*}}, %{{.*}} : tensor<3x1xf32>, tensor<f32> -> tensor<3x1xf32>
  %2 = sinter.mul %b, %s : tensor<3x1xf32>, tensor<f32> -> tensor<3x1xf32>
  // CHECK: sinter.div %{{.*}}, %{{.*}} : tensor<4xi64>, tensor<4xi64> -> tensor<4xi64>
  %3 = sinter.div %i, %i : tensor<4xi64>, tensor<4xi64> -> tensor<4xi64>
  return
}

// CHECK-LABEL: func.func @data_movement
func.func @data_movement(%x: tensor<2x3x4x5xf32>, %y: tensor<2x1x4x5xf32>) {
  // CHECK: sinter.flatten %{{.*}} axis 1 : tensor<2x3x4x5xf32> -> tensor<2x60xf32>
  %0 = sinter.flatten %x axis 1 : tensor<2x3x4x5xf32> -> tensor<2x60xf32>
  // CHECK: sinter.flatten %{{.*}} axis 0 : tensor<2x3x4x5xf32> -> tensor<1x120xf32>
  %1 = sinter.flatten %x axis 0 : tensor<2x3x4x5xf32> -> tensor<1x120xf32>
  // CHECK: sinter.reshape %{{.*}} : tensor<2x3x4x5xf32> -> tensor<6x20xf32>
  %2 = sinter.reshape %x : tensor<2x3x4x5xf32> -> tensor<6x20xf32>
  // CHECK: sinter.transpose %{{.*}} perm [0, 2, 3, 1] : tensor<2x3x4x5xf32> -> tensor<2x4x5x3xf32>
  %3 = sinter.transpose %x perm [0, 2, 3, 1] : tensor<2x3x4x5xf32> -> tensor<2x4x5x3xf32>
  // CHECK: sinter.concat %{{.*}}, %{{.*}}, %{{.*}} axis 1 : (tensor<2x3x4x5xf32>, tensor<2x1x4x5xf32>, tensor<2x3x4x5xf32>) -> tensor<2x7x4x5xf32>
  %4 = sinter.concat %x, %y, %x axis 1 : (tensor<2x3x4x5xf32>, tensor<2x1x4x5xf32>, tensor<2x3x4x5xf32>) -> tensor<2x7x4x5xf32>
  return
}

// CHECK-LABEL: func.func @matrix
func.func @matrix(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %bt: tensor<5x4xf32>, %c: tensor<5xf32>,
                  %q: tensor<16x128x64xf32>, %k: tensor<16x64x128xf32>, %m: tensor<2x1x3x4xf32>, %n: tensor<7x4x5xf32>) {
  // CHECK: sinter.gemm %{{.*}}, %{{.*}}, %{{.*}} : (tensor<3x4xf32>, tensor<4x5xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  %0 = sinter.gemm %a, %b, %c : (tensor<3x4xf32>, tensor<4x5xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  // CHECK: sinter.gemm %{{.*}}, %{{.*}} transpose_b {alpha = 5.000000e-01 : f32, beta = 0.000000e+00 : f32} : (tensor<3x4xf32>, tensor<5x4xf32>) -> tensor<3x5xf32>
  %1 = sinter.gemm %a, %bt transpose_b {alpha = 0.5 : f32, beta = 0.0 : f32} : (tensor<3x4xf32>, tensor<5x4xf32>) -> tensor<3x5xf32>
  // CHECK: sinter.gemm %{{.*}}, %{{.*}} transpose_a transpose_b : (tensor<4x3xf32>, tensor<5x4xf32>) -> tensor<3x5xf32>
  %t = sinter.transpose %a perm [1, 0] : tensor<3x4xf32> -> tensor<4x3xf32>
  %2 = sinter.gemm %t, %bt transpose_a transpose_b : (tensor<4x3xf32>, tensor<5x4xf32>) -> tensor<3x5xf32>
  // torch.bmm as one op.
  // CHECK: sinter.matmul %{{.*}}, %{{.*}} : tensor<16x128x64xf32>, tensor<16x64x128xf32> -> tensor<16x128x128xf32>
  %3 = sinter.matmul %q, %k : tensor<16x128x64xf32>, tensor<16x64x128xf32> -> tensor<16x128x128xf32>
  // Batch dimensions broadcast: [2, 1] with [7] -> [2, 7].
  // CHECK: sinter.matmul %{{.*}}, %{{.*}} : tensor<2x1x3x4xf32>, tensor<7x4x5xf32> -> tensor<2x7x3x5xf32>
  %4 = sinter.matmul %m, %n : tensor<2x1x3x4xf32>, tensor<7x4x5xf32> -> tensor<2x7x3x5xf32>
  return
}

// CHECK-LABEL: func.func @epilogues
func.func @epilogues(%x: tensor<1x4x4x2xf32>, %w: tensor<1x1x2x2xf32>, %b: tensor<2xf32>, %r: tensor<1x4x4x2xf32>,
                     %a: tensor<1x2xf32>, %m: tensor<2x3xf32>) {
  // CHECK: sinter.conv %{{.*}}, %{{.*}}, %{{.*}} residual(%{{.*}}) layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1 {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32} : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>, tensor<2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %0 = sinter.conv %x, %w, %b residual(%r) layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32}
      : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>, tensor<2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  // A residual without a bias.
  // CHECK: sinter.conv %{{.*}}, %{{.*}} residual(%{{.*}}) layout NHWC
  %1 = sinter.conv %x, %w residual(%r) layout NHWC filter HWCF strides [1, 1] pads [0, 0, 0, 0] dilations [1, 1] groups 1
      : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  // CHECK: sinter.gemm %{{.*}}, %{{.*}} {clamp_min = 0.000000e+00 : f32}
  %2 = sinter.gemm %a, %m {clamp_min = 0.0 : f32} : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  return
}

// CHECK-LABEL: func.func @elementwise_functions
func.func @elementwise_functions(%x: tensor<2x3xf32>, %i: tensor<2x3xi32>, %u: tensor<3xui8>,
                                 %b: tensor<2x3xi1>, %s: tensor<3xf32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xi32>, tensor<2x3xi1>, tensor<2x3xi1>,
        tensor<2x3xi1>, tensor<2x3xi64>, tensor<2x3xf32>, tensor<3xui8>, tensor<2x3xi1>,
        tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: sinter.unary sigmoid %{{.*}} : tensor<2x3xf32>
  %0 = sinter.unary sigmoid %x : tensor<2x3xf32>
  // CHECK: sinter.unary hard_sigmoid %{{.*}} alpha 2.000000e-01 beta 5.000000e-01 : tensor<2x3xf32>
  %1 = sinter.unary hard_sigmoid %x alpha 0.2 beta 0.5 : tensor<2x3xf32>
  // CHECK: sinter.unary abs %{{.*}} : tensor<2x3xi32>
  %2 = sinter.unary abs %i : tensor<2x3xi32>
  // CHECK: sinter.unary not %{{.*}} : tensor<2x3xi1>
  %3 = sinter.unary not %b : tensor<2x3xi1>
  // CHECK: sinter.is_nan %{{.*}} : tensor<2x3xf32> -> tensor<2x3xi1>
  %4 = sinter.is_nan %x : tensor<2x3xf32> -> tensor<2x3xi1>
  // CHECK: sinter.is_inf %{{.*}} negative false positive true : tensor<2x3xf32> -> tensor<2x3xi1>
  %5 = sinter.is_inf %x negative false positive true : tensor<2x3xf32> -> tensor<2x3xi1>
  // CHECK: sinter.cast %{{.*}} : tensor<2x3xf32> -> tensor<2x3xi64>
  %6 = sinter.cast %x : tensor<2x3xf32> -> tensor<2x3xi64>
  // CHECK: sinter.binary pow %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %7 = sinter.binary pow %x, %s : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  // CHECK: sinter.binary shift_left %{{.*}}, %{{.*}} : tensor<3xui8>, tensor<3xui8> -> tensor<3xui8>
  %8 = sinter.binary shift_left %u, %u : tensor<3xui8>, tensor<3xui8> -> tensor<3xui8>
  // CHECK: sinter.compare lt %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
  %9 = sinter.compare lt %x, %s : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
  // CHECK: sinter.select %{{.*}}, %{{.*}}, %{{.*}} : tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %10 = sinter.select %9, %x, %s : tensor<2x3xi1>, tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  // CHECK: sinter.binary prelu %{{.*}}, %{{.*}} : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %11 = sinter.binary prelu %x, %s : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11
      : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xi32>, tensor<2x3xi1>, tensor<2x3xi1>,
        tensor<2x3xi1>, tensor<2x3xi64>, tensor<2x3xf32>, tensor<3xui8>, tensor<2x3xi1>,
        tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<2x3x4xf32>, %i: tensor<2x3xi32>)
    -> (tensor<2x1x1xf32>, tensor<3xi32>, tensor<2x4xi64>, tensor<2x3x4xf32>) {
  // CHECK: sinter.reduce log_sum_exp %{{.*}} axes [1, 2] keepdims true : tensor<2x3x4xf32> -> tensor<2x1x1xf32>
  %0 = sinter.reduce log_sum_exp %x axes [1, 2] keepdims true : tensor<2x3x4xf32> -> tensor<2x1x1xf32>
  // CHECK: sinter.reduce prod %{{.*}} axes [0] keepdims false : tensor<2x3xi32> -> tensor<3xi32>
  %1 = sinter.reduce prod %i axes [0] keepdims false : tensor<2x3xi32> -> tensor<3xi32>
  // CHECK: sinter.arg_reduce max %{{.*}} axis 1 keepdims false last true : tensor<2x3x4xf32> -> tensor<2x4xi64>
  %2 = sinter.arg_reduce max %x axis 1 keepdims false last true : tensor<2x3x4xf32> -> tensor<2x4xi64>
  // CHECK: sinter.log_softmax %{{.*}} axis 2 : tensor<2x3x4xf32>
  %3 = sinter.log_softmax %x axis 2 : tensor<2x3x4xf32>
  return %0, %1, %2, %3 : tensor<2x1x1xf32>, tensor<3xi32>, tensor<2x4xi64>, tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @slicing_padding
func.func @slicing_padding(%x: tensor<4x6xf32>, %v: tensor<3xf32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<6x7xf32>, tensor<4x6xf32>) {
  // CHECK: sinter.slice %{{.*}} offsets [3, 0] strides [-2, 2] : tensor<4x6xf32> -> tensor<2x3xf32>
  %0 = sinter.slice %x offsets [3, 0] strides [-2, 2] : tensor<4x6xf32> -> tensor<2x3xf32>
  // CHECK: sinter.broadcast_to %{{.*}} : tensor<3xf32> -> tensor<2x3xf32>
  %1 = sinter.broadcast_to %v : tensor<3xf32> -> tensor<2x3xf32>
  // CHECK: sinter.pad reflect %{{.*}} low [1, 0] high [1, 1] value 0.000000e+00 : tensor<4x6xf32> -> tensor<6x7xf32>
  %2 = sinter.pad reflect %x low [1, 0] high [1, 1] value 0.0 : tensor<4x6xf32> -> tensor<6x7xf32>
  // CHECK: sinter.trilu %{{.*}} upper false k -1 : tensor<4x6xf32>
  %3 = sinter.trilu %x upper false k -1 : tensor<4x6xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<6x7xf32>, tensor<4x6xf32>
}
