// Each public function's kernels (ops that touch memory) move into private
// functions: consecutive ones share a function, views and constants are
// cloned into it, and a kernel gets the buffers its views are of.
// RUN: sinter-opt %s --split-input-file --sinter-outline-kernels | FileCheck %s

// CHECK-LABEL: func.func @main(
// CHECK-SAME: %[[IN:.*]]: memref<8xf32>, %[[OUT:.*]]: memref<2x8xf32>, %[[WS:.*]]: memref<64xi8>)
// CHECK-NEXT: call @main_kernel_0(%[[IN]], %[[WS]], %[[OUT]]) : (memref<8xf32>, memref<64xi8>, memref<2x8xf32>) -> ()
// CHECK-NEXT: return
// CHECK: func.func private @main_kernel_0(%{{.*}}: memref<8xf32>, %[[KWS:.*]]: memref<64xi8>, %[[KOUT:.*]]: memref<2x8xf32>)
// CHECK-DAG: memref.view %[[KWS]]
// CHECK-DAG: memref.subview %[[KOUT]][0, 0]
// CHECK-DAG: memref.subview %[[KOUT]][1, 0]
// CHECK: scf.for
// CHECK: memref.copy
// CHECK: memref.copy
// CHECK-NEXT: return
func.func @main(%in: memref<8xf32>, %out: memref<2x8xf32>, %ws: memref<64xi8>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %tmp = memref.view %ws[%c0][] : memref<64xi8> to memref<8xf32>
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %in[%i] : memref<8xf32>
    %r = arith.addf %v, %v : f32
    memref.store %r, %tmp[%i] : memref<8xf32>
  }
  %row0 = memref.subview %out[0, 0] [1, 8] [1, 1] : memref<2x8xf32> to memref<8xf32, strided<[1]>>
  memref.copy %tmp, %row0 : memref<8xf32> to memref<8xf32, strided<[1]>>
  %row1 = memref.subview %out[1, 0] [1, 8] [1, 1] : memref<2x8xf32> to memref<8xf32, strided<[1], offset: 8>>
  memref.copy %in, %row1 : memref<8xf32> to memref<8xf32, strided<[1], offset: 8>>
  return
}

// -----

// Declined: a buffer of dynamic size cannot cross a call as a bare pointer,
// and a loop whose result is used stays; its user, a store, moves.
// CHECK-LABEL: func.func @declined
// CHECK: memref.copy
// CHECK: %[[TOTAL:.*]] = scf.for
// CHECK: call @declined_kernel_0(%[[TOTAL]], %{{.*}}) : (f32, memref<f32>) -> ()
// CHECK: func.func private @declined_kernel_0
// CHECK-NEXT: memref.store
func.func @declined(%a: memref<?xf32>, %b: memref<?xf32>, %sum: memref<f32>) {
  memref.copy %a, %b : memref<?xf32> to memref<?xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0.0 : f32
  %total = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %zero) -> f32 {
    %next = arith.addf %acc, %acc : f32
    scf.yield %next : f32
  }
  memref.store %total, %sum[] : memref<f32>
  return
}

// -----

// At most 32 kernels share a function: 33 copies make two.
// CHECK-LABEL: func.func @many
// CHECK-NEXT: call @many_kernel_0
// CHECK-NEXT: call @many_kernel_1
// CHECK-NEXT: return
// CHECK: func.func private @many_kernel_0
// CHECK-COUNT-32: memref.copy
// CHECK-NEXT: return
// CHECK: func.func private @many_kernel_1
// CHECK-NEXT: memref.subview %{{.*}}[32, 0]
// CHECK-NEXT: memref.copy
// CHECK-NEXT: return
func.func @many(%src: memref<4xf32>, %dst: memref<33x4xf32>) {
  %r0 = memref.subview %dst[0, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1]>>
  memref.copy %src, %r0 : memref<4xf32> to memref<4xf32, strided<[1]>>
  %r1 = memref.subview %dst[1, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 4>>
  memref.copy %src, %r1 : memref<4xf32> to memref<4xf32, strided<[1], offset: 4>>
  %r2 = memref.subview %dst[2, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 8>>
  memref.copy %src, %r2 : memref<4xf32> to memref<4xf32, strided<[1], offset: 8>>
  %r3 = memref.subview %dst[3, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 12>>
  memref.copy %src, %r3 : memref<4xf32> to memref<4xf32, strided<[1], offset: 12>>
  %r4 = memref.subview %dst[4, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 16>>
  memref.copy %src, %r4 : memref<4xf32> to memref<4xf32, strided<[1], offset: 16>>
  %r5 = memref.subview %dst[5, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 20>>
  memref.copy %src, %r5 : memref<4xf32> to memref<4xf32, strided<[1], offset: 20>>
  %r6 = memref.subview %dst[6, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 24>>
  memref.copy %src, %r6 : memref<4xf32> to memref<4xf32, strided<[1], offset: 24>>
  %r7 = memref.subview %dst[7, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 28>>
  memref.copy %src, %r7 : memref<4xf32> to memref<4xf32, strided<[1], offset: 28>>
  %r8 = memref.subview %dst[8, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 32>>
  memref.copy %src, %r8 : memref<4xf32> to memref<4xf32, strided<[1], offset: 32>>
  %r9 = memref.subview %dst[9, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 36>>
  memref.copy %src, %r9 : memref<4xf32> to memref<4xf32, strided<[1], offset: 36>>
  %r10 = memref.subview %dst[10, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 40>>
  memref.copy %src, %r10 : memref<4xf32> to memref<4xf32, strided<[1], offset: 40>>
  %r11 = memref.subview %dst[11, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 44>>
  memref.copy %src, %r11 : memref<4xf32> to memref<4xf32, strided<[1], offset: 44>>
  %r12 = memref.subview %dst[12, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 48>>
  memref.copy %src, %r12 : memref<4xf32> to memref<4xf32, strided<[1], offset: 48>>
  %r13 = memref.subview %dst[13, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 52>>
  memref.copy %src, %r13 : memref<4xf32> to memref<4xf32, strided<[1], offset: 52>>
  %r14 = memref.subview %dst[14, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 56>>
  memref.copy %src, %r14 : memref<4xf32> to memref<4xf32, strided<[1], offset: 56>>
  %r15 = memref.subview %dst[15, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 60>>
  memref.copy %src, %r15 : memref<4xf32> to memref<4xf32, strided<[1], offset: 60>>
  %r16 = memref.subview %dst[16, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 64>>
  memref.copy %src, %r16 : memref<4xf32> to memref<4xf32, strided<[1], offset: 64>>
  %r17 = memref.subview %dst[17, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 68>>
  memref.copy %src, %r17 : memref<4xf32> to memref<4xf32, strided<[1], offset: 68>>
  %r18 = memref.subview %dst[18, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 72>>
  memref.copy %src, %r18 : memref<4xf32> to memref<4xf32, strided<[1], offset: 72>>
  %r19 = memref.subview %dst[19, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 76>>
  memref.copy %src, %r19 : memref<4xf32> to memref<4xf32, strided<[1], offset: 76>>
  %r20 = memref.subview %dst[20, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 80>>
  memref.copy %src, %r20 : memref<4xf32> to memref<4xf32, strided<[1], offset: 80>>
  %r21 = memref.subview %dst[21, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 84>>
  memref.copy %src, %r21 : memref<4xf32> to memref<4xf32, strided<[1], offset: 84>>
  %r22 = memref.subview %dst[22, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 88>>
  memref.copy %src, %r22 : memref<4xf32> to memref<4xf32, strided<[1], offset: 88>>
  %r23 = memref.subview %dst[23, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 92>>
  memref.copy %src, %r23 : memref<4xf32> to memref<4xf32, strided<[1], offset: 92>>
  %r24 = memref.subview %dst[24, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 96>>
  memref.copy %src, %r24 : memref<4xf32> to memref<4xf32, strided<[1], offset: 96>>
  %r25 = memref.subview %dst[25, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 100>>
  memref.copy %src, %r25 : memref<4xf32> to memref<4xf32, strided<[1], offset: 100>>
  %r26 = memref.subview %dst[26, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 104>>
  memref.copy %src, %r26 : memref<4xf32> to memref<4xf32, strided<[1], offset: 104>>
  %r27 = memref.subview %dst[27, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 108>>
  memref.copy %src, %r27 : memref<4xf32> to memref<4xf32, strided<[1], offset: 108>>
  %r28 = memref.subview %dst[28, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 112>>
  memref.copy %src, %r28 : memref<4xf32> to memref<4xf32, strided<[1], offset: 112>>
  %r29 = memref.subview %dst[29, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 116>>
  memref.copy %src, %r29 : memref<4xf32> to memref<4xf32, strided<[1], offset: 116>>
  %r30 = memref.subview %dst[30, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 120>>
  memref.copy %src, %r30 : memref<4xf32> to memref<4xf32, strided<[1], offset: 120>>
  %r31 = memref.subview %dst[31, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 124>>
  memref.copy %src, %r31 : memref<4xf32> to memref<4xf32, strided<[1], offset: 124>>
  %r32 = memref.subview %dst[32, 0] [1, 4] [1, 1] : memref<33x4xf32> to memref<4xf32, strided<[1], offset: 128>>
  memref.copy %src, %r32 : memref<4xf32> to memref<4xf32, strided<[1], offset: 128>>
  return
}
