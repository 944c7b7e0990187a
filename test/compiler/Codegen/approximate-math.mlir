// exp is replaced by arithmetic (no libm call in the object); f16 goes
// through f32.
// RUN: sinter-opt %s --sinter-approximate-math | FileCheck %s

// CHECK-LABEL: func.func @exp
// CHECK-NOT: math.exp
// CHECK: arith.mulf
// CHECK: return
func.func @exp(%x: f32) -> f32 {
  %0 = math.exp %x : f32
  return %0 : f32
}

// CHECK-LABEL: func.func @exp_half
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK-NOT: math.exp
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @exp_half(%x: f16) -> f16 {
  %0 = math.exp %x : f16
  return %0 : f16
}

// sqrt stays: it is one instruction.
// CHECK-LABEL: func.func @sqrt
// CHECK: math.sqrt
func.func @sqrt(%x: f32) -> f32 {
  %0 = math.sqrt %x : f32
  return %0 : f32
}

// Hyperbolic functions are expanded into exp, then approximated: no libm
// call for f32. f64 keeps the math op (a libm call).
// CHECK-LABEL: func.func @sinh
// CHECK-NOT: math.sinh
// CHECK-NOT: math.exp
// CHECK: return
func.func @sinh(%x: f32) -> f32 {
  %0 = math.sinh %x : f32
  return %0 : f32
}

// CHECK-LABEL: func.func @sin_double
// CHECK: math.sin %{{.*}} : f64
func.func @sin_double(%x: f64) -> f64 {
  %0 = math.sin %x : f64
  return %0 : f64
}

// A power with a small constant exponent is multiplications (a variance's
// square) or a square root; any other stays a pow.
// CHECK-LABEL: func.func @powers
// CHECK-SAME: (%[[X:.*]]: f32, %[[Y:.*]]: f32)
// CHECK: %[[SQUARE:.*]] = arith.mulf %[[X]], %[[X]] : f32
// CHECK: %[[ROOT:.*]] = math.sqrt %[[X]] : f32
// CHECK: %[[OTHER:.*]] = math.powf %[[X]], %[[Y]] : f32
// CHECK: return %[[SQUARE]], %[[ROOT]], %[[OTHER]]
func.func @powers(%x: f32, %y: f32) -> (f32, f32, f32) {
  %two = arith.constant 2.0 : f32
  %half = arith.constant 0.5 : f32
  %0 = math.powf %x, %two : f32
  %1 = math.powf %x, %half : f32
  %2 = math.powf %x, %y : f32
  return %0, %1, %2 : f32, f32, f32
}
