// Constant globals become views into one trailing weights argument, each at
// a 64-byte aligned offset in order of first use; the bytes move into the
// module's sinter.weights array (little-endian, one byte per i1). Mutable
// globals stay.
// RUN: sinter-opt %s --sinter-externalize-weights --split-input-file --verify-diagnostics | FileCheck %s

// CHECK: module attributes {sinter.weights = dense_resource<sinter_weights> : tensor<131xi8>}
// CHECK-NOT: @filter
// CHECK-NOT: @ones
// CHECK-NOT: @mask
// CHECK: memref.global "private" @state : memref<4xf32> = uninitialized
// CHECK: func.func private @helper(memref<2xf32>)
// CHECK: func.func @main(%{{.*}}: memref<2x3xf32>, %[[OUT:.*]]: memref<2x3xf32>, %{{.*}}: memref<64xi8> {sinter.workspace}, %[[W:.*]]: memref<131xi8> {sinter.weights})
// CHECK: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: %[[FILTER:.*]] = memref.view %[[W]][%[[ZERO]]][] : memref<131xi8> to memref<2x3xf32>
// CHECK: scf.for
// CHECK:   memref.view %[[W]][%{{.*}}][] : memref<131xi8> to memref<2x3xf32>
// CHECK: %[[AT64:.*]] = arith.constant 64 : index
// CHECK: memref.view %[[W]][%[[AT64]]][] : memref<131xi8> to memref<5xi8>
// CHECK: %[[AT128:.*]] = arith.constant 128 : index
// CHECK: memref.view %[[W]][%[[AT128]]][] : memref<131xi8> to memref<3xi1>
// CHECK: memref.get_global @state
// CHECK: memref.copy %[[FILTER]], %[[OUT]]
// After the 4-byte alignment of the printed blob: 1.0 ... 6.0 as f32, zeros
// to 64, five 1s, zeros to 128, then 1 0 1.
// CHECK: sinter_weights: "0x40000000
// CHECK-SAME: 0000803F0000004000004040000080400000A0400000C0400000000000000000000000000000000000000000000000000000000000000000000000000000000001010101010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000010001"
memref.global "private" constant @filter : memref<2x3xf32> = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]>
memref.global "private" constant @ones : memref<5xi8> = dense<1>
memref.global "private" constant @mask : memref<3xi1> = dense<[true, false, true]>
memref.global "private" @state : memref<4xf32> = uninitialized
func.func private @helper(memref<2xf32>)
func.func @main(%in: memref<2x3xf32>, %out: memref<2x3xf32>, %ws: memref<64xi8> {sinter.workspace}) {
  %f = memref.get_global @filter : memref<2x3xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  scf.for %i = %c0 to %c2 step %c1 {
    %again = memref.get_global @filter : memref<2x3xf32>
    %x = memref.load %again[%i, %c0] : memref<2x3xf32>
    memref.store %x, %out[%i, %c0] : memref<2x3xf32>
  }
  %o = memref.get_global @ones : memref<5xi8>
  %m = memref.get_global @mask : memref<3xi1>
  %s = memref.get_global @state : memref<4xf32>
  memref.copy %f, %out : memref<2x3xf32> to memref<2x3xf32>
  return
}

// -----

// Without constants there is no array and no argument.
// CHECK-LABEL: module {
// CHECK: func.func @main(%{{.*}}: memref<4xf32>, %{{.*}}: memref<0xi8> {sinter.workspace})
// CHECK-NOT: sinter.weights
func.func @main(%out: memref<4xf32>, %ws: memref<0xi8> {sinter.workspace}) {
  return
}

// -----

// A private function has no weights argument to read from.
memref.global "private" constant @bias : memref<2xf32> = dense<1.0>
func.func private @kernel(%out: memref<2xf32>) {
  // expected-error @+1 {{cannot read a weight from the weights argument outside a public function}}
  %b = memref.get_global @bias : memref<2xf32>
  memref.copy %b, %out : memref<2xf32> to memref<2xf32>
  return
}
