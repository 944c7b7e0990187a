// A libdevice call NVPTX has no instruction for is an error naming it.
// RUN: sinter-opt %s --pass-pipeline='builtin.module(gpu.module(convert-gpu-to-nvvm,sinter-native-nvvm-math))' -verify-diagnostics

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @pow(%x: f32, %y: f32, %out: memref<f32>) kernel {
      // expected-error @+1 {{the GPU kernels would call '__nv_powf' from CUDA's libdevice, which Sinter does not link}}
      %p = math.powf %x, %y : f32
      memref.store %p, %out[] : memref<f32>
      gpu.return
    }
  }
}
