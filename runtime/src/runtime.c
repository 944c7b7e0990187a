/*===- runtime.c - status strings, type sizes, workspaces -----------------===*/

#include "sinter/sinter.h"

#include <stdlib.h>

const char *sinter_status_string(int status) {
  switch (status) {
  case SINTER_OK:
    return "ok";
  case SINTER_ERROR_NULL_POINTER:
    return "an input, output or workspace pointer is NULL";
  case SINTER_ERROR_MISALIGNED_WORKSPACE:
    return "the workspace is not 64-byte aligned";
  case SINTER_ERROR_LOAD:
    return "the model library cannot be loaded";
  case SINTER_ERROR_SYMBOL:
    return "the library does not export the model's symbols";
  case SINTER_ERROR_ABI_VERSION:
    return "the model was compiled for another runtime ABI version";
  case SINTER_ERROR_INDEX_OUT_OF_RANGE:
    return "an index read at run time is out of range for the dimension it "
           "indexes";
  case SINTER_ERROR_CPU_FEATURES:
    return "this CPU lacks an instruction-set extension the model was "
           "compiled for (see --target-cpu)";
  case SINTER_ERROR_WEIGHTS:
    return "the model's weights are in a file, and none were given or the "
           "file is not this model's (see sinter_weights_open)";
  case SINTER_ERROR_CUDA_DRIVER:
    return "the NVIDIA driver (libcuda.so.1) cannot be loaded or started";
  case SINTER_ERROR_CUDA_DEVICE:
    return "there is no such CUDA device";
  case SINTER_ERROR_CUDA_ARCH:
    return "the GPU's compute capability is below the model's (--cuda-arch)";
  case SINTER_ERROR_CUDA_MEMORY:
    return "out of GPU memory";
  case SINTER_ERROR_CUDA_LAUNCH:
    return "the CUDA driver refused the model's code, a kernel launch or a copy";
  case SINTER_ERROR_DEVICE_KIND:
    return "the model was compiled for another device (--device)";
  default:
    return "unknown status";
  }
}

size_t sinter_dtype_size(int32_t dtype) {
  switch (dtype) {
  case SINTER_UINT8:
  case SINTER_INT8:
  case SINTER_BOOL:
    return 1;
  case SINTER_UINT16:
  case SINTER_INT16:
  case SINTER_FLOAT16:
  case SINTER_BFLOAT16:
    return 2;
  case SINTER_FLOAT32:
  case SINTER_INT32:
  case SINTER_UINT32:
    return 4;
  case SINTER_INT64:
  case SINTER_FLOAT64:
  case SINTER_UINT64:
    return 8;
  default:
    return 0;
  }
}

const char *sinter_dtype_name(int32_t dtype) {
  switch (dtype) {
  case SINTER_FLOAT32: return "float32";
  case SINTER_UINT8: return "uint8";
  case SINTER_INT8: return "int8";
  case SINTER_UINT16: return "uint16";
  case SINTER_INT16: return "int16";
  case SINTER_INT32: return "int32";
  case SINTER_INT64: return "int64";
  case SINTER_BOOL: return "bool";
  case SINTER_FLOAT16: return "float16";
  case SINTER_FLOAT64: return "float64";
  case SINTER_UINT32: return "uint32";
  case SINTER_UINT64: return "uint64";
  case SINTER_BFLOAT16: return "bfloat16";
  default: return "unknown";
  }
}

int64_t sinter_tensor_elements(const sinter_tensor_info *tensor) {
  int64_t count = 1;
  for (int32_t dim = 0; dim < tensor->rank; ++dim)
    count *= tensor->shape[dim];
  return count;
}

size_t sinter_tensor_bytes(const sinter_tensor_info *tensor) {
  return (size_t)sinter_tensor_elements(tensor) * sinter_dtype_size(tensor->dtype);
}

void *sinter_workspace_alloc(size_t size) {
  size_t rounded = (size + SINTER_WORKSPACE_ALIGNMENT - 1) /
                   SINTER_WORKSPACE_ALIGNMENT * SINTER_WORKSPACE_ALIGNMENT;
  if (rounded == 0)
    rounded = SINTER_WORKSPACE_ALIGNMENT;
  return aligned_alloc(SINTER_WORKSPACE_ALIGNMENT, rounded);
}

void sinter_workspace_free(void *workspace) { free(workspace); }
