// Every allocation becomes a view into one trailing workspace argument;
// buffers whose lifetimes do not overlap share bytes.
// RUN: sinter-opt %s --pass-pipeline='builtin.module(func.func(sinter-plan-workspace))' --split-input-file | FileCheck %s
// RUN: sinter-opt %s --pass-pipeline='builtin.module(func.func(sinter-plan-workspace{alignment=4096}))' --split-input-file | FileCheck %s --check-prefix=PAGES

// a lives over copies 1-2, b over 2-3, c over 3-4: a and c share offset 0.
// d is only copied into the output at the end: d is the output.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: (%[[IN:.*]]: memref<256xf32>, %[[OUT:.*]]: memref<256xf32>, %[[WS:.*]]: memref<2048xi8> {sinter.workspace})
// CHECK-SAME: attributes {sinter.workspace_size = 2048 : i64}
// CHECK: %[[A:.*]] = memref.view %[[WS]][%[[ZERO:.*]]][] : memref<2048xi8> to memref<256xf32>
// CHECK: memref.copy %[[IN]], %[[A]]
// CHECK: %[[B:.*]] = memref.view %[[WS]][%[[KB:.*]]][] : memref<2048xi8> to memref<256xf32>
// CHECK: memref.copy %[[A]], %[[B]]
// CHECK: %[[C:.*]] = memref.view %[[WS]][%[[ZERO2:.*]]][] : memref<2048xi8> to memref<256xf32>
// CHECK: memref.copy %[[B]], %[[C]]
// CHECK-NEXT: memref.copy %[[C]], %[[OUT]]
// CHECK-NEXT: return
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.dealloc
// PAGES-LABEL: func.func @chain
// PAGES-SAME: memref<8192xi8>
// PAGES-SAME: attributes {sinter.workspace_size = 8192 : i64}
func.func @chain(%in: memref<256xf32>, %out: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  memref.copy %in, %a : memref<256xf32> to memref<256xf32>
  %b = memref.alloc() : memref<256xf32>
  memref.copy %a, %b : memref<256xf32> to memref<256xf32>
  memref.dealloc %a : memref<256xf32>
  %c = memref.alloc() : memref<256xf32>
  memref.copy %b, %c : memref<256xf32> to memref<256xf32>
  %d = memref.alloc() : memref<256xf32>
  memref.copy %c, %d : memref<256xf32> to memref<256xf32>
  memref.copy %d, %out : memref<256xf32> to memref<256xf32>
  return
}

// -----

// No forwarding into an output that has another use; a buffer used after a
// copy into one output can still become the output it is copied into last.
// CHECK-LABEL: func.func @output_read
// CHECK: %[[VIEW:.*]] = memref.view
// CHECK-NEXT: memref.copy %arg0, %[[VIEW]]
// CHECK-NEXT: memref.copy %[[VIEW]], %arg1
// CHECK-LABEL: func.func @used_after_copy
// CHECK-SAME: sinter.workspace_size = 0
// CHECK-NEXT: memref.copy %arg0, %arg2
// CHECK-NEXT: memref.copy %arg2, %arg1
// CHECK-NEXT: return
func.func @output_read(%in: memref<256xf32>, %out: memref<256xf32>, %side: memref<256xf32>) {
  memref.copy %out, %side : memref<256xf32> to memref<256xf32>
  %a = memref.alloc() : memref<256xf32>
  memref.copy %in, %a : memref<256xf32> to memref<256xf32>
  memref.copy %a, %out : memref<256xf32> to memref<256xf32>
  return
}
func.func @used_after_copy(%in: memref<256xf32>, %out: memref<256xf32>, %side: memref<256xf32>) {
  %a = memref.alloc() : memref<256xf32>
  memref.copy %in, %a : memref<256xf32> to memref<256xf32>
  memref.copy %a, %out : memref<256xf32> to memref<256xf32>
  memref.copy %a, %side : memref<256xf32> to memref<256xf32>
  return
}

// -----

// A view of a keeps it alive: a cannot share with c any more.
// CHECK-LABEL: func.func @view_extends_lifetime
// CHECK-SAME: memref<3072xi8>
// CHECK-SAME: attributes {sinter.workspace_size = 3072 : i64}
func.func @view_extends_lifetime(%in: memref<256xf32>, %out: memref<256xf32>, %side: memref<16xf32>) {
  %a = memref.alloc() : memref<256xf32>
  memref.copy %in, %a : memref<256xf32> to memref<256xf32>
  %head = memref.subview %a[0] [16] [1] : memref<256xf32> to memref<16xf32, strided<[1]>>
  %b = memref.alloc() : memref<256xf32>
  memref.copy %a, %b : memref<256xf32> to memref<256xf32>
  %c = memref.alloc() : memref<256xf32>
  memref.copy %b, %c : memref<256xf32> to memref<256xf32>
  memref.copy %head, %side : memref<16xf32, strided<[1]>> to memref<16xf32>
  %d = memref.alloc() : memref<256xf32>
  memref.copy %c, %d : memref<256xf32> to memref<256xf32>
  memref.copy %d, %out : memref<256xf32> to memref<256xf32>
  return
}

// -----

// Small buffers are padded to the alignment; no buffer gives an empty workspace.
// CHECK-LABEL: func.func @small
// CHECK-SAME: memref<64xi8>
// CHECK-LABEL: func.func @none
// CHECK-SAME: (%{{.*}}: memref<4xf32>, %{{.*}}: memref<0xi8> {sinter.workspace})
// CHECK-SAME: attributes {sinter.workspace_size = 0 : i64}
func.func @small(%in: memref<3xi8>, %out: memref<3xi8>) {
  %a = memref.alloc() : memref<3xi8>
  memref.copy %in, %a : memref<3xi8> to memref<3xi8>
  %b = memref.alloc() : memref<3xi8>
  memref.copy %a, %b : memref<3xi8> to memref<3xi8>
  memref.copy %b, %out : memref<3xi8> to memref<3xi8>
  return
}
func.func @none(%in: memref<4xf32>) {
  return
}

// -----

// An argument without elements becomes memref<0xT>, expanded back inside:
// the LLVM lowering passes no multi-dimensional memref with a zero
// dimension as a bare pointer.
// CHECK-LABEL: func.func @empty_arguments
// CHECK-SAME: (%[[IN:.*]]: memref<0xf32>, %[[OUT:.*]]: memref<0xf32>, %{{.*}}: memref<0xi8> {sinter.workspace})
// CHECK-DAG: %[[IN3D:.*]] = memref.expand_shape %[[IN]] {{\[\[}}0, 1, 2]] output_shape [3, 0, 5] : memref<0xf32> into memref<3x0x5xf32>
// CHECK-DAG: %[[OUT3D:.*]] = memref.expand_shape %[[OUT]] {{\[\[}}0, 1, 2]] output_shape [3, 0, 5] : memref<0xf32> into memref<3x0x5xf32>
// CHECK: memref.copy %[[IN3D]], %[[OUT3D]]
func.func @empty_arguments(%in: memref<3x0x5xf32>, %out: memref<3x0x5xf32>) {
  memref.copy %in, %out : memref<3x0x5xf32> to memref<3x0x5xf32>
  return
}
