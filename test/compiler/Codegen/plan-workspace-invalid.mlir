// Allocations the plan cannot place are reported, not guessed at.
// RUN: sinter-opt %s --pass-pipeline='builtin.module(func.func(sinter-plan-workspace))' --split-input-file -verify-diagnostics

func.func @dynamic(%n: index) {
  // expected-error @+1 {{cannot place this allocation in the workspace: it must be static, contiguous and in the entry block}}
  %a = memref.alloc(%n) : memref<?xf32>
  return
}

// -----

func.func @nested(%flag: i1) {
  scf.if %flag {
    // expected-error @+1 {{cannot place this allocation in the workspace: it must be static, contiguous and in the entry block}}
    %a = memref.alloc() : memref<4xf32>
  }
  return
}
