//===- SinterOps.h - sinter operations --------------------------*- C++ -*-===//

#ifndef SINTER_DIALECTS_IR_SINTEROPS_H
#define SINTER_DIALECTS_IR_SINTEROPS_H

#include "dialects/IR/SinterDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "dialects/IR/SinterOps.h.inc"

#endif // SINTER_DIALECTS_IR_SINTEROPS_H
