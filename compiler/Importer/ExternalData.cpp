//===- ExternalData.cpp - initializer bytes stored beside the model -------===//

#include "compiler/Importer/ExternalData.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace mlir;

namespace sinter::onnx_import {
namespace {

/// `text` with control bytes and quotes written as escapes, for messages.
std::string escaped(StringRef text) {
  std::string out;
  llvm::raw_string_ostream os(out);
  llvm::printEscapedString(text, os);
  return out;
}

struct ExternalDataEntries {
  std::string location;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
};

/// A byte count written as plain decimal digits: no sign, no spaces, no
/// radix prefix, no wrap-around.
std::optional<uint64_t> parseByteCount(StringRef text) {
  uint64_t value = 0;
  if (text.empty() || text.size() > 20 || !llvm::all_of(text, llvm::isDigit) ||
      text.getAsInteger(10, value))
    return std::nullopt;
  return value;
}

FailureOr<ExternalDataEntries> parseEntries(Location loc,
                                            const onnx::TensorProto &tensor) {
  ExternalDataEntries entries;
  llvm::StringSet<> seen;
  for (const onnx::StringStringEntryProto &entry : tensor.external_data()) {
    const std::string &key = entry.key();
    if (key != "location" && key != "offset" && key != "length")
      continue; // "checksum" and future keys do not change what is read.
    if (!seen.insert(key).second)
      return emitError(loc) << "tensor '" << tensor.name()
                            << "' gives its external-data " << key << " twice";
    if (key == "location") {
      entries.location = entry.value();
      continue;
    }
    std::optional<uint64_t> count = parseByteCount(entry.value());
    if (!count)
      return emitError(loc) << "tensor '" << tensor.name()
                            << "' has a malformed external-data " << key
                            << " '" << escaped(entry.value())
                            << "'; expected a non-negative decimal number";
    (key == "offset" ? entries.offset : entries.length.emplace()) = *count;
  }
  return entries;
}

/// Checks the location's text: a relative path without "..", without
/// control bytes (a NUL would end the name early).
LogicalResult checkLocationText(Location loc, const onnx::TensorProto &tensor,
                                StringRef location) {
  auto refuse = [&](StringRef why) {
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' has an external-data location '"
                          << escaped(location) << "' " << why;
  };
  if (location.empty())
    return refuse("that is empty");
  if (llvm::any_of(location, [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
      }))
    return refuse("with control characters");
  if (llvm::sys::path::is_absolute(location) ||
      llvm::sys::path::has_root_name(location))
    return refuse("that is an absolute path; it must stay inside the model's "
                  "folder");
  if (llvm::is_contained(llvm::make_range(llvm::sys::path::begin(location),
                                          llvm::sys::path::end(location)),
                         ".."))
    return refuse("that leaves the model's folder");
  return success();
}

/// The file's real path, after following every symlink, which must lie
/// inside the model folder's real path.
FailureOr<std::string> resolveInsideFolder(Location loc,
                                           const onnx::TensorProto &tensor,
                                           StringRef modelDir,
                                           StringRef location) {
  llvm::SmallString<256> folder, file, joined(modelDir.empty() ? "." : modelDir);
  llvm::sys::path::append(joined, location);
  if (std::error_code error = llvm::sys::fs::real_path(
          modelDir.empty() ? "." : modelDir, folder))
    return emitError(loc) << "tensor '" << tensor.name()
                          << "': cannot resolve the model's folder: "
                          << error.message();
  if (std::error_code error = llvm::sys::fs::real_path(joined, file))
    return emitError(loc) << "tensor '" << tensor.name()
                          << "': cannot read external data file '" << joined
                          << "': " << error.message();
  llvm::SmallString<256> prefix(folder);
  llvm::sys::path::append(prefix, "");
  if (!StringRef(file).starts_with(prefix))
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' has an external-data location '" << location
                          << "' that resolves outside the model's folder (to '"
                          << file << "')";
  return file.str().str();
}

} // namespace

FailureOr<std::unique_ptr<llvm::MemoryBuffer>>
readExternalData(Location loc, const onnx::TensorProto &tensor,
                 StringRef modelDir, uint64_t expectedBytes) {
  FailureOr<ExternalDataEntries> entries = parseEntries(loc, tensor);
  if (failed(entries) ||
      failed(checkLocationText(loc, tensor, entries->location)))
    return failure();
  FailureOr<std::string> path =
      resolveInsideFolder(loc, tensor, modelDir, entries->location);
  if (failed(path))
    return failure();

  auto cannotRead = [&](std::error_code error) {
    return emitError(loc) << "tensor '" << tensor.name()
                          << "': cannot read external data file '" << *path
                          << "': " << error.message();
  };
  // Size and kind come from the open file, so that what is checked is what
  // is read.
  llvm::Expected<llvm::sys::fs::file_t> file =
      llvm::sys::fs::openNativeFileForRead(*path);
  if (!file)
    return cannotRead(llvm::errorToErrorCode(file.takeError()));
  auto closeFile =
      llvm::make_scope_exit([&] { llvm::sys::fs::closeFile(*file); });
  llvm::sys::fs::file_status status;
  if (std::error_code error = llvm::sys::fs::status(*file, status))
    return cannotRead(error);
  if (status.type() != llvm::sys::fs::file_type::regular_file)
    return emitError(loc) << "tensor '" << tensor.name()
                          << "': external data file '" << *path
                          << "' is not a regular file";
  uint64_t fileSize = status.getSize();
  if (entries->length && *entries->length != expectedBytes)
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' needs " << expectedBytes
                          << " bytes, but its external-data length is "
                          << *entries->length;
  if (entries->offset > fileSize ||
      expectedBytes > fileSize - entries->offset)
    return emitError(loc) << "tensor '" << tensor.name() << "' needs "
                          << expectedBytes << " bytes at offset "
                          << entries->offset << " of '" << *path
                          << "', which holds only " << fileSize << " bytes";
  if (!entries->length && fileSize - entries->offset != expectedBytes)
    return emitError(loc) << "tensor '" << tensor.name() << "' needs "
                          << expectedBytes << " bytes, but '" << *path
                          << "' holds " << fileSize - entries->offset
                          << " after offset " << entries->offset;

  auto buffer = llvm::MemoryBuffer::getOpenFileSlice(
      *file, *path, expectedBytes, static_cast<int64_t>(entries->offset));
  if (!buffer)
    return cannotRead(buffer.getError());
  return std::move(*buffer);
}

} // namespace sinter::onnx_import
