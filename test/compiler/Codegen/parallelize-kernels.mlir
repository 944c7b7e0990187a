// The marked loop over output tiles of a kernel with enough work becomes a
// task function called for all its iterations with the executor, the new
// last argument; unmarked loops, loops that allocate, loops of one
// iteration and small kernels stay as they are.
// RUN: sinter-opt %s --sinter-parallelize-kernels='min-work=32' | FileCheck %s
// RUN: sinter-opt %s --sinter-parallelize-kernels | FileCheck %s --check-prefix=SMALL

// CHECK-LABEL: func.func @main
// CHECK-SAME: %[[IN:.*]]: memref<8x16xf32>, %[[OUT:.*]]: memref<8x16xf32>, %[[EXECUTOR:.*]]: !llvm.ptr {sinter.executor})
// The outer loop has one iteration: its inner marked loop, of 4
// iterations, is the task.
// CHECK: scf.for
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK: call @main_task_0(%[[C0]], %[[C4]], %[[EXECUTOR]], %[[IN]], %[[OUT]])
// CHECK: scf.for
// CHECK-NEXT: memref.alloc
// CHECK-NOT: call
// CHECK: return
// CHECK: func.func private @main_task_0(%[[BEGIN:.*]]: index, %[[END:.*]]: index, %{{.*}}: !llvm.ptr, %[[TIN:.*]]: memref<8x16xf32>, %[[TOUT:.*]]: memref<8x16xf32>)
// CHECK-SAME: passthrough = ["sinter-parallel-task"]
// CHECK: scf.for %[[I:.*]] = %[[BEGIN]] to %[[END]]
// CHECK: %[[ROW:.*]] = affine.apply {{.*}}(%[[I]])
// CHECK: vector.transfer_read %[[TIN]][%[[ROW]]
// CHECK: vector.transfer_write {{.*}}, %[[TOUT]][%[[ROW]]

// SMALL-LABEL: func.func @main
// SMALL-NOT: call
// SMALL-NOT: func.func private
func.func @main(%in: memref<8x16xf32>, %out: memref<8x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  %pad = arith.constant 0.0 : f32
  scf.for %j = %c0 to %c1 step %c1 {
    scf.for %i = %c0 to %c8 step %c2 {
      %v = vector.transfer_read %in[%i, %c0], %pad {in_bounds = [true]} : memref<8x16xf32>, vector<16xf32>
      %w = arith.addf %v, %v : vector<16xf32>
      %x = arith.mulf %w, %w : vector<16xf32>
      vector.transfer_write %x, %out[%i, %c0] {in_bounds = [true]} : vector<16xf32>, memref<8x16xf32>
      %i1 = arith.addi %i, %c1 : index
      %v1 = vector.transfer_read %in[%i1, %c0], %pad {in_bounds = [true]} : memref<8x16xf32>, vector<16xf32>
      %w1 = arith.addf %v1, %v1 : vector<16xf32>
      %x1 = arith.mulf %w1, %w1 : vector<16xf32>
      vector.transfer_write %x1, %out[%i1, %c0] {in_bounds = [true]} : vector<16xf32>, memref<8x16xf32>
    } {sinter.parallel}
  } {sinter.parallel}
  scf.for %i = %c0 to %c8 step %c1 {
    %scratch = memref.alloc() : memref<16xf32>
    %v = vector.transfer_read %in[%i, %c0], %pad {in_bounds = [true]} : memref<8x16xf32>, vector<16xf32>
    vector.transfer_write %v, %scratch[%c0] {in_bounds = [true]} : vector<16xf32>, memref<16xf32>
    %w = vector.transfer_read %scratch[%c0], %pad {in_bounds = [true]} : memref<16xf32>, vector<16xf32>
    vector.transfer_write %w, %out[%i, %c0] {in_bounds = [true]} : vector<16xf32>, memref<8x16xf32>
  } {sinter.parallel}
  return
}
