// Slices with positive strides are tensor.extract_slice; a negative stride
// reads through an affine map. Reflect and edge pads read the input at
// mirrored or clamped indices; trilu compares the column minus the row with k.
// RUN: sinter-opt %s --convert-sinter-to-linalg --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @slice_forward
// CHECK: tensor.extract_slice %{{.*}}[1, 0] [2, 3] [1, 2] : tensor<4x6xf32> to tensor<2x3xf32>
func.func @slice_forward(%x: tensor<4x6xf32>) -> tensor<2x3xf32> {
  %0 = sinter.slice %x offsets [1, 0] strides [1, 2] : tensor<4x6xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-DAG: #[[REVERSED:.*]] = affine_map<(d0, d1) -> (-d0 + 3, d1 * 2)>
// CHECK-LABEL: func.func @slice_reversed
// CHECK: linalg.generic {indexing_maps = [#[[REVERSED]], #{{.*}}]
func.func @slice_reversed(%x: tensor<4x6xf32>) -> tensor<4x3xf32> {
  %0 = sinter.slice %x offsets [3, 0] strides [-1, 2] : tensor<4x6xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @pad_edge
// CHECK: linalg.generic
// CHECK: linalg.index 0
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract %{{.*}}[%{{.*}}] : tensor<3xf32>
func.func @pad_edge(%x: tensor<3xf32>) -> tensor<6xf32> {
  %0 = sinter.pad edge %x low [2] high [1] value 0.0 : tensor<3xf32> -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

// CHECK-LABEL: func.func @pad_constant
// CHECK: %[[SEVEN:.*]] = arith.constant 7 : i32
// CHECK: linalg.fill ins(%[[SEVEN]] : i32)
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[1] [3] [1] : tensor<3xi32> into tensor<5xi32>
func.func @pad_constant(%x: tensor<3xi32>) -> tensor<5xi32> {
  %0 = sinter.pad constant %x low [1] high [1] value 7.0 : tensor<3xi32> -> tensor<5xi32>
  return %0 : tensor<5xi32>
}

// -----

// CHECK-LABEL: func.func @trilu_upper
// CHECK: linalg.index 0
// CHECK: linalg.index 1
// CHECK: arith.subi
// CHECK: arith.cmpi sge
func.func @trilu_upper(%x: tensor<3x3xf32>) -> tensor<3x3xf32> {
  %0 = sinter.trilu %x upper true k 1 : tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}
