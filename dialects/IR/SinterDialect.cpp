//===- SinterDialect.cpp - the sinter dialect -----------------------------===//

#include "dialects/IR/SinterDialect.h"
#include "dialects/IR/SinterOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace sinter;

#include "dialects/IR/SinterDialect.cpp.inc"
#include "dialects/IR/SinterEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/IR/SinterAttrs.cpp.inc"

void SinterDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/IR/SinterOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/IR/SinterAttrs.cpp.inc"
      >();
}

// Folders produce constants as arith.constant, the op the importer uses for
// initializers, so that every later pass sees one kind of constant.
Operation *SinterDialect::materializeConstant(OpBuilder &builder,
                                              Attribute value, Type type,
                                              Location loc) {
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed || typed.getType() != type)
    return nullptr;
  return arith::ConstantOp::create(builder, loc, type, typed);
}
