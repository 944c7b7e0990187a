//===- LowerCopies.cpp - memref.copy into linalg.copy ---------------------===//

#include "compiler/Codegen/Passes.h"

#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"

namespace sinter {
#define GEN_PASS_DEF_LOWERCOPIES
#include "compiler/Codegen/Passes.h.inc"
} // namespace sinter

using namespace mlir;

namespace sinter {
namespace {

/// A copy between contiguous buffers lowers to one llvm.memcpy.
bool isContiguous(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && (memref.getLayout().isIdentity() ||
                    memref::isStaticShapeAndContiguousRowMajor(memref));
}

struct LowerCopiesPass : impl::LowerCopiesBase<LowerCopiesPass> {
  void runOnOperation() override {
    getOperation().walk([](memref::CopyOp copy) {
      if (isContiguous(copy.getSource().getType()) &&
          isContiguous(copy.getTarget().getType()))
        return;
      OpBuilder builder(copy);
      linalg::CopyOp::create(builder, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    });
  }
};

} // namespace
} // namespace sinter
