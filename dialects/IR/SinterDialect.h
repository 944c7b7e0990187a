//===- SinterDialect.h - the sinter dialect ---------------------*- C++ -*-===//

#ifndef SINTER_DIALECTS_IR_SINTERDIALECT_H
#define SINTER_DIALECTS_IR_SINTERDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Dialect.h"

#include "dialects/IR/SinterDialect.h.inc"
#include "dialects/IR/SinterEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/IR/SinterAttrs.h.inc"

#endif // SINTER_DIALECTS_IR_SINTERDIALECT_H
