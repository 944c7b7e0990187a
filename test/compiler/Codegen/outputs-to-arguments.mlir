// Results become writable trailing arguments written with
// materialize_in_destination; inputs are marked read-only.
// RUN: sinter-opt %s --pass-pipeline='builtin.module(func.func(sinter-outputs-to-arguments))' | FileCheck %s

// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32> {bufferization.writable = false, sinter.name = "x"},
// CHECK-SAME: %[[Y:.*]]: tensor<4xf32> {bufferization.writable = true, sinter.name = "y"},
// CHECK-SAME: %[[Z:.*]]: tensor<4xf32> {bufferization.writable = true, sinter.name = "z"})
// CHECK-NOT: ->
// CHECK: %[[R:.*]] = linalg.generic
// CHECK: bufferization.materialize_in_destination %[[R]] in %[[Y]]
// CHECK: bufferization.materialize_in_destination %[[X]] in %[[Z]]
// CHECK: return{{$}}
#id = affine_map<(d0) -> (d0)>
func.func @main(%x: tensor<4xf32> {sinter.name = "x"}) -> (tensor<4xf32> {sinter.name = "y"}, tensor<4xf32> {sinter.name = "z"}) {
  %init = tensor.empty() : tensor<4xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<4xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %in : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %r, %x : tensor<4xf32>, tensor<4xf32>
}

// -----

// The status of run-time index checks (an i32) stays a result.
// CHECK-LABEL: func.func @status
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32> {bufferization.writable = false}, %[[OUT:.*]]: tensor<4xf32> {bufferization.writable = true}) -> i32
// CHECK: bufferization.materialize_in_destination %[[X]] in %[[OUT]]
// CHECK: return %{{.*}} : i32
func.func @status(%x: tensor<4xf32>) -> (tensor<4xf32>, i32) {
  %status = arith.constant 0 : i32
  return %x, %status : tensor<4xf32>, i32
}
