// Gathers read `data` with tensor.extract at indices wrapped (negative from
// the end) and clamped into the dimension; scatters are loop nests of
// tensor.insert into a copy of `data`. Each op adds a reduction over its
// indices that flags one outside [-extent, extent); the function returns
// SINTER_ERROR_INDEX_OUT_OF_RANGE (6) when any flag is set, else 0.
// RUN: sinter-opt %s --convert-sinter-to-linalg --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @gather
// CHECK-SAME: -> (tensor<2x3x4xf32>, i32)
// CHECK: %[[FLAG:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "reduction"]} ins(%arg1 : tensor<2x3xi64>) outs(%{{.*}} : tensor<i8>)
// CHECK: ^bb0(%[[INDEX:.*]]: i64, %[[SEEN:.*]]: i8):
// CHECK: %[[EXTENT:.*]] = arith.constant 5 : i64
// CHECK: %[[WRAPPED:.*]] = arith.addi %[[INDEX]], %[[EXTENT]] : i64
// CHECK: %[[CHOSEN:.*]] = arith.select %{{.*}}, %[[WRAPPED]], %[[INDEX]] : i64
// CHECK: %[[OUTSIDE:.*]] = arith.cmpi uge, %[[CHOSEN]], %[[EXTENT]] : i64
// CHECK: %[[FLAGGED:.*]] = arith.extui %[[OUTSIDE]] : i1 to i8
// CHECK: arith.ori %[[SEEN]], %[[FLAGGED]] : i8
// CHECK: %[[ANY:.*]] = tensor.extract %[[FLAG]][] : tensor<i8>
// CHECK: %[[FAILED:.*]] = arith.cmpi ne, %[[ANY]]
// CHECK: %[[ROWS:.*]] = linalg.generic {{.*}} ins(%arg1 : tensor<2x3xi64>)
// CHECK: %[[COLUMN:.*]] = linalg.index 2 : index
// CHECK: arith.constant 5 : index
// CHECK: %[[POSITIVE:.*]] = arith.maxsi
// CHECK: %[[LAST:.*]] = arith.constant 4 : index
// CHECK: %[[ROW:.*]] = arith.minsi %[[POSITIVE]], %[[LAST]] : index
// CHECK: tensor.extract %arg0[%[[ROW]], %[[COLUMN]]] : tensor<5x4xf32>
// CHECK: %[[OUT_OF_RANGE:.*]] = arith.constant 6 : i32
// CHECK: %[[OK:.*]] = arith.constant 0 : i32
// CHECK: %[[STATUS:.*]] = arith.select %[[FAILED]], %[[OUT_OF_RANGE]], %[[OK]] : i32
// CHECK: return %[[ROWS]], %[[STATUS]] : tensor<2x3x4xf32>, i32
func.func @gather(%table: tensor<5x4xf32>, %ids: tensor<2x3xi64>) -> tensor<2x3x4xf32> {
  %0 = sinter.gather %table[%ids] axis 0 : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// Two checks: the status is their disjunction.
// CHECK-LABEL: func.func @gather_elements_twice
// CHECK: %[[FIRST:.*]] = arith.cmpi ne
// CHECK: linalg.generic
// CHECK: tensor.extract %arg0[%{{.*}}, %{{.*}}] : tensor<3x4xf32>
// CHECK: %[[SECOND:.*]] = arith.cmpi ne
// CHECK: linalg.generic
// CHECK: %[[EITHER:.*]] = arith.ori %[[FIRST]], %[[SECOND]] : i1
// CHECK: arith.select %[[EITHER]]
func.func @gather_elements_twice(%x: tensor<3x4xf32>, %i: tensor<3x2xi32>) -> (tensor<3x2xf32>, tensor<3x2xf32>) {
  %0 = sinter.gather_elements %x[%i] axis 1 : (tensor<3x4xf32>, tensor<3x2xi32>) -> tensor<3x2xf32>
  %1 = sinter.gather_elements %x[%i] axis 0 : (tensor<3x4xf32>, tensor<3x2xi32>) -> tensor<3x2xf32>
  return %0, %1 : tensor<3x2xf32>, tensor<3x2xf32>
}

// -----

// GatherND: each tuple entry is checked against its own dimension (3, then
// 4), picked by its position along the last dimension of the indices.
// CHECK-LABEL: func.func @gather_nd
// CHECK: linalg.generic {{.*}} ins(%arg1 : tensor<2x2xi64>)
// CHECK: %[[POSITION:.*]] = linalg.index 1 : index
// CHECK: arith.cmpi eq, %[[POSITION]]
// CHECK: arith.select
// CHECK: linalg.generic
// CHECK: tensor.extract %arg1[%{{.*}}, %{{.*}}] : tensor<2x2xi64>
// CHECK: tensor.extract %arg1[%{{.*}}, %{{.*}}] : tensor<2x2xi64>
// CHECK: tensor.extract %arg0[%{{.*}}, %{{.*}}, %{{.*}}] : tensor<3x4x5xf32>
func.func @gather_nd(%x: tensor<3x4x5xf32>, %i: tensor<2x2xi64>) -> tensor<2x5xf32> {
  %0 = sinter.gather_nd %x[%i] batch_dims 0 : (tensor<3x4x5xf32>, tensor<2x2xi64>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// CHECK-LABEL: func.func @scatter_elements_max
// CHECK: scf.for %[[I:[a-z0-9]+]] = {{.*}} iter_args(%[[OUTER:[a-z0-9]+]] = %arg0)
// CHECK: scf.for %[[J:[a-z0-9]+]] = {{.*}} iter_args(%[[INNER:[a-z0-9]+]] = %[[OUTER]])
// CHECK: %[[INDEX:.*]] = tensor.extract %arg1[%[[I]], %[[J]]] : tensor<2x2xi64>
// CHECK: %[[COLUMN:.*]] = arith.minsi
// CHECK: %[[UPDATE:.*]] = tensor.extract %arg2[%[[I]], %[[J]]] : tensor<2x2xi32>
// CHECK: %[[CURRENT:.*]] = tensor.extract %[[INNER]][%[[I]], %[[COLUMN]]]
// CHECK: %[[MAX:.*]] = arith.maxui %[[CURRENT]], %[[UPDATE]] : i32
// CHECK: tensor.insert %[[MAX]] into %[[INNER]][%[[I]], %[[COLUMN]]]
func.func @scatter_elements_max(%x: tensor<3x4xui32>, %i: tensor<2x2xi64>, %u: tensor<2x2xui32>) -> tensor<3x4xui32> {
  %0 = sinter.scatter_elements max %x[%i] = %u axis 1 : (tensor<3x4xui32>, tensor<2x2xi64>, tensor<2x2xui32>) -> tensor<3x4xui32>
  return %0 : tensor<3x4xui32>
}

// -----

// CHECK-LABEL: func.func @scatter_nd
// CHECK: scf.for %[[I:[a-z0-9]+]] =
// CHECK: scf.for %[[J:[a-z0-9]+]] =
// CHECK: %[[ROW:.*]] = tensor.extract %arg1[%[[I]], %{{.*}}] : tensor<2x1xi32>
// CHECK: %[[UPDATE:.*]] = tensor.extract %arg2[%[[I]], %[[J]]] : tensor<2x4xf32>
// CHECK: tensor.insert %[[UPDATE]] into %{{.*}}[%{{.*}}, %[[J]]] : tensor<3x4xf32>
func.func @scatter_nd(%x: tensor<3x4xf32>, %i: tensor<2x1xi32>, %u: tensor<2x4xf32>) -> tensor<3x4xf32> {
  %0 = sinter.scatter_nd none %x[%i] = %u : (tensor<3x4xf32>, tensor<2x1xi32>, tensor<2x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// No index read at run time: no status result.
// CHECK-LABEL: func.func @no_checks
// CHECK-SAME: -> tensor<4xf32>
func.func @no_checks(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// Constant indices in range (Resize's tables) need no check at run time.
// CHECK-LABEL: func.func @constant_indices
// CHECK-SAME: -> tensor<4x3xf32>
// CHECK-NOT: tensor<i8>
func.func @constant_indices(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %i = arith.constant dense<[0, 0, 1, -1]> : tensor<4xi64>
  %0 = sinter.gather %x[%i] axis 0 : (tensor<2x3xf32>, tensor<4xi64>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
