// Reductions become linalg.generic with reduction iterators from the
// function's identity; log_sum_exp reduces the maximum first (and shifts a
// row with an infinite maximum by 0); keepdims is a reshape; arg reductions carry the best
// value and its index, strictly better unless the last index is selected.
// RUN: sinter-opt %s --convert-sinter-to-linalg --split-input-file | FileCheck %s

// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[RED:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-LABEL: func.func @mean_keepdims
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: linalg.fill ins(%[[ZERO]] : f32)
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[RED]]], iterator_types = ["parallel", "reduction", "reduction"]}
// CHECK: arith.addf
// CHECK: %[[COUNT:.*]] = arith.constant 1.200000e+01 : f32
// CHECK: arith.divf %{{.*}}, %[[COUNT]] : f32
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1, 2]] output_shape [2, 1, 1] : tensor<2xf32> into tensor<2x1x1xf32>
func.func @mean_keepdims(%x: tensor<2x3x4xf32>) -> tensor<2x1x1xf32> {
  %0 = sinter.reduce mean %x axes [1, 2] keepdims true : tensor<2x3x4xf32> -> tensor<2x1x1xf32>
  return %0 : tensor<2x1x1xf32>
}

// -----

// CHECK-LABEL: func.func @max_unsigned
// CHECK: %[[LOWEST:.*]] = arith.constant 0 : i8
// CHECK: linalg.fill ins(%[[LOWEST]] : i8)
// CHECK: arith.maxui
func.func @max_unsigned(%x: tensor<2x3xui8>) -> tensor<2xui8> {
  %0 = sinter.reduce max %x axes [1] keepdims false : tensor<2x3xui8> -> tensor<2xui8>
  return %0 : tensor<2xui8>
}

// -----

// CHECK-LABEL: func.func @log_sum_exp
// CHECK: arith.maximumf
// CHECK: math.absf
// CHECK: arith.cmpf oeq
// CHECK: arith.select
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: math.log
// CHECK: arith.addf
func.func @log_sum_exp(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = sinter.reduce log_sum_exp %x axes [1] keepdims false : tensor<2x3xf32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @argmin_last
// CHECK: %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK: linalg.generic
// CHECK-SAME: outs(%{{.*}}, %{{.*}} : tensor<2xf32>, tensor<2xi64>)
// CHECK: arith.cmpf ole
// CHECK: linalg.index 1 : index
func.func @argmin_last(%x: tensor<2x3xf32>) -> tensor<2xi64> {
  %0 = sinter.arg_reduce min %x axis 1 keepdims false last true : tensor<2x3xf32> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// CumSum: a reduction over a second loop along the axis (d2); output i
// adds input j when j comes before it (j < i: exclusive, reversed: j > i).
// CHECK-DAG: #[[INPUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[OUTPUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @cumsum_reverse_exclusive
// CHECK: linalg.generic {indexing_maps = [#[[INPUT]], #[[OUTPUT]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK: %[[TO:.*]] = linalg.index 1 : index
// CHECK: %[[FROM:.*]] = linalg.index 2 : index
// CHECK: %[[SUM:.*]] = arith.addi
// CHECK: %[[ADDS:.*]] = arith.cmpi ugt, %[[FROM]], %[[TO]] : index
// CHECK: arith.select %[[ADDS]], %[[SUM]]
func.func @cumsum_reverse_exclusive(%x: tensor<2x5xi64>) -> tensor<2x5xi64> {
  %0 = sinter.cumsum %x axis 1 exclusive true reverse true : tensor<2x5xi64>
  return %0 : tensor<2x5xi64>
}

// -----

// TopK: each element's rank is the count of elements that precede it (a
// reduction over a second loop along the axis, d2), then the elements of
// rank below k are inserted at their rank, with their index.
// CHECK-DAG: #[[SELF:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[OTHER:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-LABEL: func.func @top_k_smallest_unsigned
// CHECK: %[[RANKS:.*]] = linalg.generic {indexing_maps = [#[[SELF]], #[[OTHER]], #[[SELF]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i8
// CHECK: scf.for
// CHECK: scf.for
// CHECK: %[[RANK:.*]] = tensor.extract %[[RANKS]]
// CHECK: %[[SELECTED:.*]] = arith.cmpi slt, %[[RANK]], %{{.*}} : i64
// CHECK: scf.if %[[SELECTED]] -> (tensor<2x3xi8>, tensor<2x3xi64>)
// CHECK: tensor.insert
// CHECK: tensor.insert
func.func @top_k_smallest_unsigned(%x: tensor<2x5xui8>) -> (tensor<2x3xui8>, tensor<2x3xi64>) {
  %values, %indices = sinter.top_k %x axis 1 k 3 largest false : tensor<2x5xui8> -> tensor<2x3xui8>, tensor<2x3xi64>
  return %values, %indices : tensor<2x3xui8>, tensor<2x3xi64>
}
