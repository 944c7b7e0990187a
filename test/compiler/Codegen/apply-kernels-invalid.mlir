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
