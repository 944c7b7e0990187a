// sinter.unary, binary, compare, select, is_nan, is_inf and cast lower to one
// linalg.generic each. Integer division and remainder guard their divisor
// (0 gives 0, x / -1 is a negation: no trap), mod takes the divisor's sign,
// shifts by the width or more give 0, softplus is computed for range.
// RUN: sinter-opt %s --convert-sinter-to-linalg --split-input-file | FileCheck %s

// CHECK-LABEL: func.func @signed_div_guarded
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: %[[ISZERO:.*]] = arith.cmpi eq, %[[Y:.*]], %[[ZERO]] : i32
// CHECK: %[[ISMINUS:.*]] = arith.cmpi eq, %[[Y]], %{{.*}} : i32
// CHECK: %[[UNSAFE:.*]] = arith.ori %[[ISZERO]], %[[ISMINUS]] : i1
// CHECK: %[[DIVISOR:.*]] = arith.select %[[UNSAFE]], %{{.*}}, %[[Y]] : i32
// CHECK: arith.divsi %{{.*}}, %[[DIVISOR]] : i32
// CHECK: arith.select %[[ISZERO]], %[[ZERO]], %{{.*}} : i32
func.func @signed_div_guarded(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = sinter.div %a, %b : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @mod_sign_of_divisor
// CHECK: arith.remsi
// CHECK: arith.xori %{{.*}}, %{{.*}} : i1
// CHECK: arith.addi
// CHECK: arith.select
func.func @mod_sign_of_divisor(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = sinter.binary mod %a, %b : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// CHECK-LABEL: func.func @shift_guarded
// CHECK-SAME: tensor<4xi8>
// CHECK: %[[WIDTH:.*]] = arith.constant 8 : i8
// CHECK: arith.cmpi uge, %{{.*}}, %[[WIDTH]] : i8
// CHECK: arith.shrui
// CHECK: arith.select
func.func @shift_guarded(%a: tensor<4xui8>, %b: tensor<4xui8>) -> tensor<4xui8> {
  %0 = sinter.binary shift_right %a, %b : tensor<4xui8>, tensor<4xui8> -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// -----

// CHECK-LABEL: func.func @softplus
// CHECK: arith.maximumf
// CHECK: math.absf
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: math.log1p
// CHECK: arith.addf
func.func @softplus(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = sinter.unary softplus %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @compare_and_select
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i16
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
func.func @compare_and_select(%a: tensor<4xui16>, %b: tensor<4xui16>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %c = sinter.compare lt %a, %b : tensor<4xui16>, tensor<4xui16> -> tensor<4xi1>
  %0 = sinter.select %c, %x, %x : tensor<4xi1>, tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @casts
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.cmpf une, %{{.*}}, %{{.*}} : f32
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK: arith.truncf %{{.*}} : f32 to bf16
func.func @casts(%u: tensor<4xui8>, %x: tensor<4xf32>, %h: tensor<4xf16>)
    -> (tensor<4xf32>, tensor<4xi1>, tensor<4xbf16>) {
  %0 = sinter.cast %u : tensor<4xui8> -> tensor<4xf32>
  %1 = sinter.cast %x : tensor<4xf32> -> tensor<4xi1>
  %2 = sinter.cast %h : tensor<4xf16> -> tensor<4xbf16>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xi1>, tensor<4xbf16>
}

// -----

// CHECK-LABEL: func.func @is_inf_positive
// CHECK: %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK: arith.cmpf oeq, %{{.*}}, %[[INF]] : f32
// CHECK-NOT: 0xFF800000
func.func @is_inf_positive(%x: tensor<4xf32>) -> tensor<4xi1> {
  %0 = sinter.is_inf %x negative false positive true : tensor<4xf32> -> tensor<4xi1>
  return %0 : tensor<4xi1>
}
