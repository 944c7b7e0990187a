// Each configured op becomes a tiled, vectorized loop nest on tensors; its
// bias broadcast and its epilogue are computed in the tile, in registers.
// RUN: sinter-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(sinter-apply-kernels),canonicalize,cse)' | FileCheck %s
// RUN: sinter-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(sinter-apply-kernels))' | FileCheck %s --check-prefix=SPLIT

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


// -----

// Winograd F(4x4, 3x3), set by hand, on a 6x6 output (a partial second
// tile), 8 input and 16 output channels (vectors of 8 and 16 on AVX-512):
// the input transform reads zeros past the input's edge (select), the 36
// products are one register-tiled batch matmul, and the output transform
// adds the bias, applies the residual add and the ReLU on vectors and
// stores only the pixels inside the output (scf.if).
// CHECK-LABEL: func.func @winograd
// CHECK: scf.for
// CHECK: vector.transfer_read %{{.*}} : tensor<1x8x8x8xf32>, vector<8xf32>
// CHECK: arith.select %{{.*}} : vector<8xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<8xf32>, tensor<36x4x8xf32>
// CHECK: vector.contract
// CHECK: vector.transfer_read %{{.*}} : tensor<36x4x16xf32>, vector<16xf32>
// CHECK: vector.transfer_read %{{.*}} : tensor<16xf32>, vector<16xf32>
// CHECK: scf.if
// CHECK: vector.transfer_read %{{.*}} : tensor<1x6x6x16xf32>, vector<16xf32>
// CHECK: arith.addf
// CHECK: arith.maximumf %{{.*}} : vector<16xf32>
// CHECK: vector.transfer_write %{{.*}} : vector<16xf32>, tensor<1x6x6x16xf32>
// CHECK-NOT: linalg.
// CHECK: return
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
module attributes {sinter.target = {cpu = "skylake-avx512", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 512 : i64}} {
  func.func @winograd(%in: tensor<1x8x8x8xf32>, %bias: tensor<16xf32>, %residual: tensor<1x6x6x16xf32>) -> tensor<1x6x6x16xf32> {
    %filter = arith.constant dense<0.5> : tensor<3x3x8x16xf32>
    %empty = tensor.empty() : tensor<1x6x6x16xf32>
    %init = linalg.broadcast ins(%bias : tensor<16xf32>) outs(%empty : tensor<1x6x6x16xf32>) dimensions = [0, 1, 2]
    %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
        sinter.kernel = {strategy = "winograd"}}
        ins(%in, %filter : tensor<1x8x8x8xf32>, tensor<3x3x8x16xf32>) outs(%init : tensor<1x6x6x16xf32>) -> tensor<1x6x6x16xf32>
    %zero = arith.constant 0.0 : f32
    %out = tensor.empty() : tensor<1x6x6x16xf32>
    %relu = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%conv, %residual : tensor<1x6x6x16xf32>, tensor<1x6x6x16xf32>) outs(%out : tensor<1x6x6x16xf32>) {
    ^bb0(%x: f32, %r: f32, %o: f32):
      %s = arith.addf %x, %r : f32
      %y = arith.maximumf %s, %zero : f32
      linalg.yield %y : f32
    } -> tensor<1x6x6x16xf32>
    return %relu : tensor<1x6x6x16xf32>
  }
}

// -----

// CSE made one filled border serve two paddings; each padding gets a border
// of its own, so that each input's producer can write into its own padded
// buffer instead of being copied there.
// SPLIT-LABEL: func.func @shared_border
// SPLIT-SAME: (%[[A:.*]]: tensor<1x2x2x8xf32>, %[[B:.*]]: tensor<1x2x2x8xf32>)
// The copy goes just before the original's last op, where the original is
// complete.
// SPLIT: %[[E1:.*]] = tensor.empty() : tensor<1x4x4x8xf32>
// SPLIT: %[[FILL1:.*]] = linalg.fill
// SPLIT: %[[E2:.*]] = tensor.empty() : tensor<1x4x4x8xf32>
// SPLIT: %[[FILL2:.*]] = linalg.fill
// SPLIT: %[[BORDER2:.*]] = tensor.insert_slice %[[FILL2]] into %[[E2]][0, 0, 0, 0] [1, 1, 4, 8]
// SPLIT: %[[BORDER1:.*]] = tensor.insert_slice %[[FILL1]] into %[[E1]][0, 0, 0, 0] [1, 1, 4, 8]
// SPLIT: tensor.insert_slice %[[A]] into %[[BORDER2]][0, 1, 1, 0] [1, 2, 2, 8]
// SPLIT: tensor.insert_slice %[[B]] into %[[BORDER1]][0, 1, 1, 0] [1, 2, 2, 8]
func.func @shared_border(%a: tensor<1x2x2x8xf32>, %b: tensor<1x2x2x8xf32>) -> (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<1x4x4x8xf32>
  %top = tensor.extract_slice %empty[0, 0, 0, 0] [1, 1, 4, 8] [1, 1, 1, 1] : tensor<1x4x4x8xf32> to tensor<1x1x4x8xf32>
  %filled = linalg.fill ins(%zero : f32) outs(%top : tensor<1x1x4x8xf32>) -> tensor<1x1x4x8xf32>
  %border = tensor.insert_slice %filled into %empty[0, 0, 0, 0] [1, 1, 4, 8] [1, 1, 1, 1] : tensor<1x1x4x8xf32> into tensor<1x4x4x8xf32>
  %pa = tensor.insert_slice %a into %border[0, 1, 1, 0] [1, 2, 2, 8] [1, 1, 1, 1] : tensor<1x2x2x8xf32> into tensor<1x4x4x8xf32>
  %pb = tensor.insert_slice %b into %border[0, 1, 1, 0] [1, 2, 2, 8] [1, 1, 1, 1] : tensor<1x2x2x8xf32> into tensor<1x4x4x8xf32>
  return %pa, %pb : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>
}
