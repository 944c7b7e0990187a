// Hand-set configurations that cannot be carried out are errors, not crashes.
// RUN: sinter-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(sinter-apply-kernels))' -verify-diagnostics

func.func @bad_strategy(%a: tensor<4x16xf32>, %b: tensor<16x32xf32>, %c: tensor<4x32xf32>) -> tensor<4x32xf32> {
  // expected-error @below {{unknown kernel strategy 'fastest'}}
  %r = linalg.matmul {sinter.kernel = {strategy = "fastest"}}
      ins(%a, %b : tensor<4x16xf32>, tensor<16x32xf32>) outs(%c : tensor<4x32xf32>) -> tensor<4x32xf32>
  return %r : tensor<4x32xf32>
}

// -----

func.func @bad_tile_count(%a: tensor<4x16xf32>, %b: tensor<16x32xf32>, %c: tensor<4x32xf32>) -> tensor<4x32xf32> {
  // expected-error @below {{'tiles' of kernel strategy 'matmul' must be an array<i64> with one entry per loop (3)}}
  %r = linalg.matmul {sinter.kernel = {strategy = "matmul", tiles = array<i64: 2, 16>}}
      ins(%a, %b : tensor<4x16xf32>, tensor<16x32xf32>) outs(%c : tensor<4x32xf32>) -> tensor<4x32xf32>
  return %r : tensor<4x32xf32>
}

// -----

func.func @bad_tile_size(%a: tensor<4x16xf32>, %b: tensor<16x32xf32>, %c: tensor<4x32xf32>) -> tensor<4x32xf32> {
  // expected-error @below {{'tiles' entry 1 (24) must be 0 (whole loop) or divide the loop's extent 32}}
  %r = linalg.matmul {sinter.kernel = {strategy = "matmul", tiles = array<i64: 2, 24, 0>}}
      ins(%a, %b : tensor<4x16xf32>, tensor<16x32xf32>) outs(%c : tensor<4x32xf32>) -> tensor<4x32xf32>
  return %r : tensor<4x32xf32>
}

// -----

func.func @not_a_dictionary(%a: tensor<4x16xf32>, %b: tensor<16x32xf32>, %c: tensor<4x32xf32>) -> tensor<4x32xf32> {
  // expected-error @below {{'sinter.kernel' must be a dictionary with a 'strategy' string}}
  %r = linalg.matmul {sinter.kernel = "matmul"}
      ins(%a, %b : tensor<4x16xf32>, tensor<16x32xf32>) outs(%c : tensor<4x32xf32>) -> tensor<4x32xf32>
  return %r : tensor<4x32xf32>
}

// -----

module attributes {sinter.target = {cpu = "skylake-avx512", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 512 : i64}} {
  func.func @winograd_strided(%in: tensor<1x9x9x8xf32>, %init: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
    %filter = arith.constant dense<0.5> : tensor<3x3x8x8xf32>
    // expected-error @below {{kernel strategy 'winograd' needs stride 1 and dilation 1}}
    %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>,
        sinter.kernel = {strategy = "winograd"}}
        ins(%in, %filter : tensor<1x9x9x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
    return %r : tensor<1x4x4x8xf32>
  }
}

// -----

func.func @winograd_runtime_filter(%in: tensor<1x10x10x8xf32>, %filter: tensor<3x3x8x8xf32>, %init: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @below {{kernel strategy 'winograd' needs a constant filter}}
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      sinter.kernel = {strategy = "winograd"}}
      ins(%in, %filter : tensor<1x10x10x8xf32>, tensor<3x3x8x8xf32>) outs(%init : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %r : tensor<1x8x8x8xf32>
}
