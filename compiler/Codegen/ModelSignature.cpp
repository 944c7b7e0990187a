//===- ModelSignature.cpp - a compiled model's inputs and outputs ---------===//

#include "compiler/Codegen/ModelSignature.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

using namespace mlir;

namespace sinter {

int32_t getDtypeCode(Type type) {
  if (type.isF32())
    return 1;
  if (type.isF64())
    return 11;
  if (type.isF16())
    return 10;
  if (type.isBF16())
    return 16;
  auto integer = dyn_cast<IntegerType>(type);
  if (!integer)
    return 0;
  bool isUnsigned = integer.isUnsigned();
  switch (integer.getWidth()) {
  case 1:
    return 9;
  case 8:
    return isUnsigned ? 2 : 3;
  case 16:
    return isUnsigned ? 4 : 5;
  case 32:
    return isUnsigned ? 12 : 6;
  case 64:
    return isUnsigned ? 13 : 7;
  default:
    return 0;
  }
}

StringRef getDtypeName(int32_t dtype) {
  switch (dtype) {
  case 1: return "float32";
  case 2: return "uint8";
  case 3: return "int8";
  case 4: return "uint16";
  case 5: return "int16";
  case 6: return "int32";
  case 7: return "int64";
  case 9: return "bool";
  case 10: return "float16";
  case 11: return "float64";
  case 12: return "uint32";
  case 13: return "uint64";
  case 16: return "bfloat16";
  default: return "unknown";
  }
}

FailureOr<ModelSignature> getModelSignature(func::FuncOp main) {
  ModelSignature signature;
  auto describe = [&](Type type, DictionaryAttr attrs, StringRef role,
                      unsigned index) -> FailureOr<TensorSignature> {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape())
      return main.emitError() << role << " #" << index
                              << " must be a static tensor, got " << type;
    TensorSignature result;
    result.dtype = getDtypeCode(tensor.getElementType());
    if (!result.dtype)
      return main.emitError() << role << " #" << index
                              << " has no runtime element type: " << type;
    result.shape.assign(tensor.getShape().begin(), tensor.getShape().end());
    auto name = attrs ? attrs.getAs<StringAttr>("sinter.name") : StringAttr();
    result.name = name ? name.str() : (role + std::to_string(index)).str();
    return result;
  };
  for (unsigned index = 0; index < main.getNumArguments(); ++index) {
    auto tensor = describe(main.getArgumentTypes()[index],
                           main.getArgAttrDict(index), "input", index);
    if (failed(tensor))
      return failure();
    signature.inputs.push_back(*tensor);
  }
  for (unsigned index = 0; index < main.getNumResults(); ++index) {
    auto tensor = describe(main.getResultTypes()[index],
                           main.getResultAttrDict(index), "output", index);
    if (failed(tensor))
      return failure();
    signature.outputs.push_back(*tensor);
  }
  return signature;
}

std::string getDefaultPrefix(StringRef path) {
  StringRef stem = llvm::sys::path::stem(path);
  std::string prefix;
  if (!stem.empty() && llvm::isDigit(stem.front()))
    prefix.push_back('_');
  for (char c : stem)
    prefix.push_back(llvm::isAlnum(c) ? c : '_');
  return prefix.empty() ? "model" : prefix;
}

bool isValidPrefix(StringRef prefix) {
  return !prefix.empty() && !llvm::isDigit(prefix.front()) &&
         llvm::all_of(prefix, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

} // namespace sinter
