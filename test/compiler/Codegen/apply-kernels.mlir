// Each configured op becomes a tiled, vectorized loop nest on tensors; its
// bias broadcast and its epilogue are computed in the tile, in registers.
// RUN: sinter-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(sinter-apply-kernels),canonicalize,cse)' | FileCheck %s

// The hand-set tiles are obeyed: channel tiles of 32 outermost, 4 pixels per
// tile, then kh, kw and 8 input channels at a time; the accumulator is a
// vector carried by the reduction loops and the ReLU is applied to it
// before the one store of the tile.
// CHECK-LABEL: func.func @conv_relu
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK-DAG: %[[C32:.*]] = arith.constant 32 : index
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C32]]
// CHECK: scf.for
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C4]]
// CHECK: scf.for {{.*}} -> (vector<1x4x32xf32>)
// CHECK: scf.for {{.*}} -> (vector<1x4x32xf32>)
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %[[C8]] {{.*}} -> (vector<1x4x32xf32>)
// Each input value is loaded alone and multiplies one row of the filter.
// CHECK: vector.transfer_read %{{.*}} : tensor<1x10x10x16xf32>, vector<1xf32>
// CHECK: vector.contract {{.*}} : vector<1xf32>, vector<1x32xf32> into vector<32xf32>
// CHECK: arith.maximumf %{{.*}} : vector<32xf32>
// CHECK: vector.transfer_write
// CHECK-NOT: linalg.
// CHECK: return
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @conv_relu(%in: tensor<1x10x10x16xf32>, %filter: tensor<3x3x16x64xf32>, %bias: tensor<64xf32>) -> tensor<1x8x8x64xf32> {
  %empty = tensor.empty() : tensor<1x8x8x64xf32>
  %init = linalg.broadcast ins(%bias : tensor<64xf32>) outs(%empty : tensor<1x8x8x64xf32>) dimensions = [0, 1, 2]
  %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
      sinter.kernel = {reduction_tiles = array<i64: 0, 0, 0, 0, 1, 1, 8>, strategy = "conv_direct", tiles = array<i64: 1, 1, 4, 32, 0, 0, 0>}}
      ins(%in, %filter : tensor<1x10x10x16xf32>, tensor<3x3x16x64xf32>) outs(%init : tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32>
  %zero = arith.constant 0.0 : f32
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%conv : tensor<1x8x8x64xf32>) outs(%empty : tensor<1x8x8x64xf32>) {
  ^bb0(%x: f32, %out: f32):
    %y = arith.maximumf %x, %zero : f32
    linalg.yield %y : f32
  } -> tensor<1x8x8x64xf32>
  return %relu : tensor<1x8x8x64xf32>
}

// -----

// Matmul: 2 rows x 16 columns per tile, 4 steps of the reduction, one FMA
// of a scalar of A and a row of B each.
// CHECK-LABEL: func.func @matmul
// CHECK-COUNT-8: vector.contract {{.*}} : vector<1xf32>, vector<1x16xf32> into vector<16xf32>
// CHECK-NOT: linalg.matmul
func.func @matmul(%a: tensor<4x16xf32>, %b: tensor<16x32xf32>, %c: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %r = linalg.matmul {sinter.kernel = {reduction_tiles = array<i64: 0, 0, 4>, strategy = "matmul", tiles = array<i64: 2, 16, 0>}}
      ins(%a, %b : tensor<4x16xf32>, tensor<16x32xf32>) outs(%c : tensor<4x32xf32>) -> tensor<4x32xf32>
  return %r : tensor<4x32xf32>
}

// -----

// "loops" leaves the op as it is, for the loop lowering after bufferization.
// CHECK-LABEL: func.func @loops
// CHECK: linalg.matmul
// CHECK-NOT: sinter.kernel
func.func @loops(%a: tensor<4x16xf32>, %b: tensor<16x32xf32>, %c: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %r = linalg.matmul {sinter.kernel = {strategy = "loops"}}
      ins(%a, %b : tensor<4x16xf32>, tensor<16x32xf32>) outs(%c : tensor<4x32xf32>) -> tensor<4x32xf32>
  return %r : tensor<4x32xf32>
}

