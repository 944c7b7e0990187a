// One strategy and its tile sizes per linalg op, from the op's shapes and the
// module's target; a configuration set by hand is kept.
// RUN: sinter-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(sinter-configure-kernels))' | FileCheck %s
// RUN: sinter-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(sinter-configure-kernels{winograd=false}))' | FileCheck %s --check-prefix=OFF
// RUN: sinter-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(sinter-configure-kernels{gpu=true}))' | FileCheck %s --check-prefix=GPU

#avx512 = {cpu = "skylake-avx512", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 512 : i64}

// A 3x3 conv, 64 -> 64 channels on 56x56: 4 pixels x 64 channels (4 AVX-512
// vectors; 16 accumulators, as many as 8 x 32 gives, and wider), reduction
// over 16 input channels at a time.
// Its bias broadcast and its ReLU epilogue get no configuration: the conv's
// kernel computes them in its tiles.
// CHECK-LABEL: func.func @conv_direct
// CHECK: linalg.broadcast
// CHECK-NOT: sinter.kernel
// CHECK-SAME: dimensions
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK-SAME: sinter.kernel = {reduction_tiles = array<i64: 0, 0, 0, 0, 1, 1, 16>, strategy = "conv_direct", tiles = array<i64: 1, 1, 4, 64, 0, 0, 0>}
// CHECK: linalg.generic
// CHECK-NOT: sinter.kernel
// CHECK: return
// On a GPU (gpu-threads), 256 threads per block, given to the innermost
// loops first: all 64 output channels times 4 pixels of a row; the
// reductions run inside each thread. The ReLU is a kernel of its own, and
// the bias broadcast, which only initialises the conv, gets the default
// when it is mapped.
// GPU-LABEL: func.func @conv_direct
// GPU: linalg.broadcast
// GPU-NOT: sinter.kernel
// GPU-SAME: dimensions
// GPU: linalg.conv_2d_nhwc_hwcf
// GPU-SAME: sinter.kernel = {strategy = "gpu-threads", tiles = array<i64: 0, 0, 4, 64, 0, 0, 0>}
// GPU: linalg.generic
// GPU-SAME: sinter.kernel = {strategy = "gpu-threads", tiles = array<i64: 0, 0, 4, 64>}
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
module attributes {sinter.target = #avx512} {
  func.func @conv_direct(%in: tensor<1x58x58x64xf32>, %filter: tensor<3x3x64x64xf32>, %bias: tensor<64xf32>) -> tensor<1x56x56x64xf32> {
    %empty = tensor.empty() : tensor<1x56x56x64xf32>
    %init = linalg.broadcast ins(%bias : tensor<64xf32>) outs(%empty : tensor<1x56x56x64xf32>) dimensions = [0, 1, 2]
    %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
        ins(%in, %filter : tensor<1x58x58x64xf32>, tensor<3x3x64x64xf32>) outs(%init : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
    %zero = arith.constant 0.0 : f32
    %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%conv : tensor<1x56x56x64xf32>) outs(%empty : tensor<1x56x56x64xf32>) {
    ^bb0(%x: f32, %out: f32):
      %y = arith.maximumf %x, %zero : f32
      linalg.yield %y : f32
    } -> tensor<1x56x56x64xf32>
    return %relu : tensor<1x56x56x64xf32>
  }
}

// -----

// A 3x3 stride-1 conv with a constant filter on a 56x56 map is computed as
// Winograd F(4x4, 3x3); its ReLU epilogue gets no configuration (the output
// transform applies it). On a 7x7 map, with stride 2, or with the option
// off, the conv stays direct.
// CHECK-LABEL: func.func @winograd
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK-SAME: sinter.kernel = {strategy = "winograd"}
// CHECK: linalg.generic
// CHECK-NOT: sinter.kernel
// CHECK-SAME: ins
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK-SAME: strategy = "conv_direct"
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK-SAME: strategy = "conv_direct"
// OFF-LABEL: func.func @winograd
// OFF-NOT: strategy = "winograd"
// OFF: strategy = "conv_direct"
// OFF-NOT: strategy = "winograd"
// OFF: return
#avx512 = {cpu = "skylake-avx512", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 512 : i64}
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
module attributes {sinter.target = #avx512} {
  func.func @winograd(%in: tensor<1x58x58x64xf32>, %small: tensor<1x9x9x64xf32>, %bias: tensor<64xf32>)
      -> (tensor<1x56x56x64xf32>, tensor<1x7x7x64xf32>, tensor<1x28x28x64xf32>) {
    %filter = arith.constant dense<0.5> : tensor<3x3x64x64xf32>
    %empty = tensor.empty() : tensor<1x56x56x64xf32>
    %init = linalg.broadcast ins(%bias : tensor<64xf32>) outs(%empty : tensor<1x56x56x64xf32>) dimensions = [0, 1, 2]
    %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
        ins(%in, %filter : tensor<1x58x58x64xf32>, tensor<3x3x64x64xf32>) outs(%init : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
    %zero = arith.constant 0.0 : f32
    %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
        ins(%conv : tensor<1x56x56x64xf32>) outs(%empty : tensor<1x56x56x64xf32>) {
    ^bb0(%x: f32, %out: f32):
      %y = arith.maximumf %x, %zero : f32
      linalg.yield %y : f32
    } -> tensor<1x56x56x64xf32>
    %empty7 = tensor.empty() : tensor<1x7x7x64xf32>
    %conv7 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
        ins(%small, %filter : tensor<1x9x9x64xf32>, tensor<3x3x64x64xf32>) outs(%empty7 : tensor<1x7x7x64xf32>) -> tensor<1x7x7x64xf32>
    %empty28 = tensor.empty() : tensor<1x28x28x64xf32>
    %strided = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
        ins(%in, %filter : tensor<1x58x58x64xf32>, tensor<3x3x64x64xf32>) outs(%empty28 : tensor<1x28x28x64xf32>) -> tensor<1x28x28x64xf32>
    return %relu, %conv7, %strided : tensor<1x56x56x64xf32>, tensor<1x7x7x64xf32>, tensor<1x28x28x64xf32>
  }
}

// -----

// The 7x7 stride-2 stem: 3 input channels in one step, 4 pixels x 64 channels.
// CHECK-LABEL: func.func @stem
// CHECK: sinter.kernel = {reduction_tiles = array<i64: 0, 0, 0, 0, 1, 1, 3>, strategy = "conv_direct", tiles = array<i64: 1, 1, 4, 64, 0, 0, 0>}
module attributes {sinter.target = {cpu = "skylake-avx512", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 512 : i64}} {
  func.func @stem(%in: tensor<1x230x230x3xf32>, %filter: tensor<7x7x3x64xf32>, %init: tensor<1x112x112x64xf32>) -> tensor<1x112x112x64xf32> {
    %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
        ins(%in, %filter : tensor<1x230x230x3xf32>, tensor<7x7x3x64xf32>) outs(%init : tensor<1x112x112x64xf32>) -> tensor<1x112x112x64xf32>
    return %conv : tensor<1x112x112x64xf32>
  }
}

// -----

// A 1x1 conv is a matrix product: longer reduction steps (32 channels). On a
// 14-wide map, 7 pixels x 2 vectors (14 accumulators) beat 2 x 4 (8).
// CHECK-LABEL: func.func @pointwise
// CHECK: sinter.kernel = {reduction_tiles = array<i64: 0, 0, 0, 0, 0, 0, 32>, strategy = "conv_pointwise", tiles = array<i64: 1, 1, 7, 32, 0, 0, 0>}
module attributes {sinter.target = {cpu = "skylake-avx512", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 512 : i64}} {
  func.func @pointwise(%in: tensor<1x14x14x256xf32>, %filter: tensor<1x1x256x1024xf32>, %init: tensor<1x14x14x1024xf32>) -> tensor<1x14x14x1024xf32> {
    %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
        ins(%in, %filter : tensor<1x14x14x256xf32>, tensor<1x1x256x1024xf32>) outs(%init : tensor<1x14x14x1024xf32>) -> tensor<1x14x14x1024xf32>
    return %conv : tensor<1x14x14x1024xf32>
  }
}

// -----

// The same conv for SSE2 (4-float vectors, 16 registers, 12 accumulators):
// 4 vectors of channels leave room for 3 pixels; 28 has no divisor 3: 2.
// CHECK-LABEL: func.func @conv_sse
// CHECK: sinter.kernel = {reduction_tiles = array<i64: 0, 0, 0, 0, 1, 1, 16>, strategy = "conv_direct", tiles = array<i64: 1, 1, 2, 16, 0, 0, 0>}
module attributes {sinter.target = {cpu = "x86-64", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 128 : i64}} {
  func.func @conv_sse(%in: tensor<1x30x30x64xf32>, %filter: tensor<3x3x64x64xf32>, %init: tensor<1x28x28x64xf32>) -> tensor<1x28x28x64xf32> {
    %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
        ins(%in, %filter : tensor<1x30x30x64xf32>, tensor<3x3x64x64xf32>) outs(%init : tensor<1x28x28x64xf32>) -> tensor<1x28x28x64xf32>
    return %conv : tensor<1x28x28x64xf32>
  }
}

// -----

// Depthwise: vectors along the channels, one filter row per step; grouped:
// one group's row segment per tile.
// CHECK-LABEL: func.func @depthwise_and_grouped
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc
// CHECK-SAME: sinter.kernel = {reduction_tiles = array<i64: 0, 0, 0, 0, 1, 0>, strategy = "depthwise_conv", tiles = array<i64: 1, 1, 4, 32, 0, 0>}
// CHECK: linalg.conv_2d_nhwgc_gfhwc
// CHECK-SAME: sinter.kernel = {strategy = "grouped_conv", tiles = array<i64: 1, 1, 7, 1, 0, 0, 0, 0>}
module attributes {sinter.target = {cpu = "skylake-avx512", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 512 : i64}} {
  func.func @depthwise_and_grouped(%in: tensor<1x30x30x96xf32>, %filter: tensor<3x3x96xf32>, %init: tensor<1x28x28x96xf32>,
                                   %gin: tensor<1x16x16x4x8xf32>, %gfilter: tensor<4x16x3x3x8xf32>, %ginit: tensor<1x14x14x4x16xf32>) -> (tensor<1x28x28x96xf32>, tensor<1x14x14x4x16xf32>) {
    %dw = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
        ins(%in, %filter : tensor<1x30x30x96xf32>, tensor<3x3x96xf32>) outs(%init : tensor<1x28x28x96xf32>) -> tensor<1x28x28x96xf32>
    %grouped = linalg.conv_2d_nhwgc_gfhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
        ins(%gin, %gfilter : tensor<1x16x16x4x8xf32>, tensor<4x16x3x3x8xf32>) outs(%ginit : tensor<1x14x14x4x16xf32>) -> tensor<1x14x14x4x16xf32>
    return %dw, %grouped : tensor<1x28x28x96xf32>, tensor<1x14x14x4x16xf32>
  }
}

// -----

// Matmul (gemm) and batch_matmul: rows x up to 4 vectors of columns (1000
// columns are no multiple of 16: the largest divisor up to 64 that is a
// multiple of half a vector, 40, not 50).
// CHECK-LABEL: func.func @products
// CHECK: linalg.matmul
// CHECK-SAME: sinter.kernel = {reduction_tiles = array<i64: 0, 0, 16>, strategy = "matmul", tiles = array<i64: 1, 40, 0>}
// CHECK: linalg.batch_matmul
// CHECK-SAME: sinter.kernel = {reduction_tiles = array<i64: 0, 0, 0, 16>, strategy = "matmul", tiles = array<i64: 1, 4, 64, 0>}
module attributes {sinter.target = {cpu = "skylake-avx512", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 512 : i64}} {
  func.func @products(%a: tensor<1x512xf32>, %b: tensor<512x1000xf32>, %c: tensor<1x1000xf32>,
                      %q: tensor<16x128x64xf32>, %k: tensor<16x64x128xf32>, %s: tensor<16x128x128xf32>) -> (tensor<1x1000xf32>, tensor<16x128x128xf32>) {
    %fc = linalg.matmul ins(%a, %b : tensor<1x512xf32>, tensor<512x1000xf32>) outs(%c : tensor<1x1000xf32>) -> tensor<1x1000xf32>
    %scores = linalg.batch_matmul ins(%q, %k : tensor<16x128x64xf32>, tensor<16x64x128xf32>) outs(%s : tensor<16x128x128xf32>) -> tensor<16x128x128xf32>
    return %fc, %scores : tensor<1x1000xf32>, tensor<16x128x128xf32>
  }
}

// -----

// Pooling, a row reduction (softmax's sum), an elementwise op and a
// transpose (16 x 16 blocks, read along channels, written along width); an
// NCHW conv has no vectorized strategy and stays loops.
// CHECK-LABEL: func.func @others
// CHECK: linalg.pooling_nhwc_max
// CHECK-SAME: sinter.kernel = {reduction_tiles = array<i64: 0, 0, 0, 0, 1, 0>, strategy = "pooling", tiles = array<i64: 1, 1, 4, 32, 0, 0>}
// CHECK: linalg.generic
// CHECK-SAME: sinter.kernel = {strategy = "reduction", tiles = array<i64: 1, 0>}
// CHECK: linalg.generic
// CHECK-SAME: sinter.kernel = {strategy = "elementwise", tiles = array<i64: 1, 64>}
// CHECK: linalg.transpose
// CHECK-SAME: sinter.kernel = {strategy = "elementwise", tiles = array<i64: 1, 16, 1, 16>}
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK-SAME: sinter.kernel = {strategy = "loops"}
#rows = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
module attributes {sinter.target = {cpu = "skylake-avx512", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 512 : i64}} {
  func.func @others(%in: tensor<1x114x114x64xf32>, %window: tensor<3x3xf32>, %pinit: tensor<1x56x56x64xf32>,
                    %x: tensor<2048x128xf32>, %sums: tensor<2048xf32>, %y: tensor<2048x128xf32>,
                    %nhwc: tensor<1x64x64x64xf32>, %nchw: tensor<1x64x64x64xf32>,
                    %cin: tensor<1x3x10x10xf32>, %cfilter: tensor<8x3x3x3xf32>, %cinit: tensor<1x8x8x8xf32>)
      -> (tensor<1x56x56x64xf32>, tensor<2048xf32>, tensor<2048x128xf32>, tensor<1x64x64x64xf32>, tensor<1x8x8x8xf32>) {
    %pool = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
        ins(%in, %window : tensor<1x114x114x64xf32>, tensor<3x3xf32>) outs(%pinit : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
    %sum = linalg.generic {indexing_maps = [#rows, #row], iterator_types = ["parallel", "reduction"]}
        ins(%x : tensor<2048x128xf32>) outs(%sums : tensor<2048xf32>) {
    ^bb0(%v: f32, %acc: f32):
      %r = arith.addf %v, %acc : f32
      linalg.yield %r : f32
    } -> tensor<2048xf32>
    %exp = linalg.generic {indexing_maps = [#rows, #rows], iterator_types = ["parallel", "parallel"]}
        ins(%x : tensor<2048x128xf32>) outs(%y : tensor<2048x128xf32>) {
    ^bb0(%v: f32, %out: f32):
      %e = math.exp %v : f32
      linalg.yield %e : f32
    } -> tensor<2048x128xf32>
    %t = linalg.transpose ins(%nhwc : tensor<1x64x64x64xf32>) outs(%nchw : tensor<1x64x64x64xf32>) permutation = [0, 3, 1, 2]
    %conv = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
        ins(%cin, %cfilter : tensor<1x3x10x10xf32>, tensor<8x3x3x3xf32>) outs(%cinit : tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
    return %pool, %sum, %exp, %t, %conv : tensor<1x56x56x64xf32>, tensor<2048xf32>, tensor<2048x128xf32>, tensor<1x64x64x64xf32>, tensor<1x8x8x8xf32>
  }
}

// -----

// A configuration set by hand is kept as it is.
// CHECK-LABEL: func.func @pinned
// CHECK: sinter.kernel = {reduction_tiles = array<i64: 0, 0, 0, 0, 1, 1, 8>, strategy = "conv_direct", tiles = array<i64: 1, 1, 4, 32, 0, 0, 0>}
module attributes {sinter.target = {cpu = "skylake-avx512", features = "", l1_bytes = 32768 : i64, l2_bytes = 1048576 : i64, triple = "x86_64-unknown-linux-gnu", vector_bits = 512 : i64}} {
  func.func @pinned(%in: tensor<1x58x58x64xf32>, %filter: tensor<3x3x64x64xf32>, %init: tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32> {
    %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>,
        sinter.kernel = {reduction_tiles = array<i64: 0, 0, 0, 0, 1, 1, 8>, strategy = "conv_direct", tiles = array<i64: 1, 1, 4, 32, 0, 0, 0>}}
        ins(%in, %filter : tensor<1x58x58x64xf32>, tensor<3x3x64x64xf32>) outs(%init : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
    return %conv : tensor<1x56x56x64xf32>
  }
}
