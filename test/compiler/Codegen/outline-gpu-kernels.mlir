// Every gpu.launch becomes a gpu.func of one gpu.module and a
// gpu.launch_func of it. The views, constants and scalar reads a kernel
// uses are computed in the kernel, so that it takes whole buffers only:
// the function's arguments, which the runtime knows.
// RUN: sinter-opt %s --sinter-outline-gpu-kernels --canonicalize | FileCheck %s

// CHECK: module attributes {gpu.container_module}
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[IN:.*]]: memref<16xf32>, %[[OUT:.*]]: memref<16xf32>, %[[WS:.*]]: memref<128xi8> {sinter.workspace})
// CHECK-NOT: memref.view
// CHECK: gpu.launch_func  @sinter_kernels::@main_kernel_0 blocks in (%{{.*}}, %{{.*}}, %{{.*}}) threads in (%{{.*}}, %{{.*}}, %{{.*}})  args(%[[WS]] : memref<128xi8>, %[[IN]] : memref<16xf32>)
// CHECK-NEXT: gpu.launch_func  @sinter_kernels::@main_kernel_1 {{.*}} args(%[[WS]] : memref<128xi8>, %[[OUT]] : memref<16xf32>)
// CHECK-NEXT: return
// CHECK: gpu.module @sinter_kernels
// CHECK: gpu.func @main_kernel_0(%[[B:.*]]: memref<128xi8>, %[[A:.*]]: memref<16xf32>) kernel
// CHECK: %[[TMP:.*]] = memref.view %[[B]][%{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK: memref.load %[[A]]
// CHECK: memref.store %{{.*}}, %[[TMP]]
// CHECK: gpu.func @main_kernel_1(%[[C:.*]]: memref<128xi8>, %[[D:.*]]: memref<16xf32>) kernel
// CHECK: %[[TMP2:.*]] = memref.view %[[C]][%{{.*}}][] : memref<128xi8> to memref<16xf32>
// CHECK: %[[FIRST:.*]] = memref.load %[[TMP2]][%{{.*}}] : memref<16xf32>
// CHECK: arith.addf %{{.*}}, %[[FIRST]]
module {
  func.func @main(%in: memref<16xf32>, %out: memref<16xf32>, %ws: memref<128xi8> {sinter.workspace}) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c16 = arith.constant 16 : index
    %c64 = arith.constant 64 : index
    %tmp = memref.view %ws[%c64][] : memref<128xi8> to memref<16xf32>
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c16, %sy = %c1, %sz = %c1) {
      %x = memref.load %in[%tx] : memref<16xf32>
      %y = arith.mulf %x, %x : f32
      memref.store %y, %tmp[%tx] : memref<16xf32>
      gpu.terminator
    }
    %first = memref.load %tmp[%c0] : memref<16xf32>
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c16, %sy = %c1, %sz = %c1) {
      %x = memref.load %tmp[%tx] : memref<16xf32>
      %y = arith.addf %x, %first : f32
      memref.store %y, %out[%tx] : memref<16xf32>
      gpu.terminator
    }
    return
  }
}
