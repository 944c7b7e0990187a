// The libdevice calls convert-gpu-to-nvvm makes for math NVPTX has
// instructions for become LLVM intrinsics, and their declarations go; any
// other libdevice call is an error naming it (native-nvvm-math-invalid.mlir).
// RUN: sinter-opt %s --pass-pipeline='builtin.module(gpu.module(convert-gpu-to-nvvm,sinter-native-nvvm-math))' | FileCheck %s

// CHECK-LABEL: gpu.module @kernels
// CHECK-NOT: __nv_
// CHECK: llvm.intr.floor(%{{.*}}) : (f32) -> f32
// CHECK: llvm.intr.sqrt(%{{.*}}) : (f32) -> f32
// CHECK: llvm.intr.fabs(%{{.*}}) : (f64) -> f64
// CHECK: llvm.intr.rint(%{{.*}}) : (f32) -> f32
// CHECK-NOT: __nv_
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @math(%x: f32, %y: f64, %out: memref<4xf32>, %out64: memref<f64>) kernel {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c2 = arith.constant 2 : index
      %c3 = arith.constant 3 : index
      %floor = math.floor %x : f32
      %sqrt = math.sqrt %x : f32
      %abs = math.absf %y : f64
      %even = math.roundeven %x : f32
      memref.store %floor, %out[%c0] : memref<4xf32>
      memref.store %sqrt, %out[%c1] : memref<4xf32>
      memref.store %even, %out[%c2] : memref<4xf32>
      memref.store %abs, %out64[] : memref<f64>
      gpu.return
    }
  }
}
