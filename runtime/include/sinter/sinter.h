/*===- sinter.h - the Sinter runtime ABI ----------------------------------===*
 *
 * Every model compiled by sinter-compile exports, under its symbol prefix P:
 *
 *   const sinter_model_info *P_info(void);
 *   size_t P_workspace_size(void);
 *   int P_run(const void *const *inputs, void *const *outputs, void *workspace);
 *
 * P_run reads one buffer per input and writes one buffer per output, in
 * graph order, each dense row-major data of the shape and element type that
 * P_info describes (an array with no entries may be NULL). Every intermediate lives in `workspace`, which the caller
 * allocates (P_workspace_size() bytes, SINTER_WORKSPACE_ALIGNMENT-aligned;
 * see sinter_workspace_alloc). The generated code allocates nothing and
 * keeps no state between calls: threads may run one model at once, each with
 * its own outputs and workspace. P_run returns SINTER_OK or a status code
 * below (SINTER_ERROR_INDEX_OUT_OF_RANGE when the model indexes at run-time
 * indices and one is out of range).
 *
 *===----------------------------------------------------------------------===*/

#ifndef SINTER_SINTER_H
#define SINTER_SINTER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SINTER_ABI_VERSION 1
#define SINTER_WORKSPACE_ALIGNMENT 64

/* Status codes of P_run and of the loader. */
enum sinter_status {
  SINTER_OK = 0,
  SINTER_ERROR_NULL_POINTER = 1,       /* an input, output or workspace is NULL */
  SINTER_ERROR_MISALIGNED_WORKSPACE = 2, /* workspace not 64-byte aligned */
  SINTER_ERROR_LOAD = 3,               /* the shared library cannot be loaded */
  SINTER_ERROR_SYMBOL = 4,             /* the library lacks the model's symbols */
  SINTER_ERROR_ABI_VERSION = 5,        /* compiled for another ABI version */
  /* An index read from an input at run time (Gather, GatherElements,
   * GatherND, ScatterElements, ScatterND) lies outside the dimension it
   * indexes. Nothing outside a buffer was read or written; the outputs are
   * unspecified. */
  SINTER_ERROR_INDEX_OUT_OF_RANGE = 6,
};

/* Element types: the codes of ONNX's TensorProto.DataType. */
enum sinter_dtype {
  SINTER_FLOAT32 = 1,
  SINTER_UINT8 = 2,
  SINTER_INT8 = 3,
  SINTER_UINT16 = 4,
  SINTER_INT16 = 5,
  SINTER_INT32 = 6,
  SINTER_INT64 = 7,
  SINTER_BOOL = 9,
  SINTER_FLOAT16 = 10,
  SINTER_FLOAT64 = 11,
  SINTER_UINT32 = 12,
  SINTER_UINT64 = 13,
  SINTER_BFLOAT16 = 16,
};

typedef struct sinter_tensor_info {
  const char *name;     /* the ONNX graph input or output name */
  int32_t dtype;        /* enum sinter_dtype */
  int32_t rank;
  const int64_t *shape; /* rank dimensions */
} sinter_tensor_info;

typedef struct sinter_model_info {
  uint32_t abi_version; /* SINTER_ABI_VERSION */
  uint32_t num_inputs;
  uint32_t num_outputs;
  uint32_t reserved;
  uint64_t workspace_size;
  const char *name; /* the symbol prefix */
  const sinter_tensor_info *inputs;
  const sinter_tensor_info *outputs;
} sinter_model_info;

typedef const sinter_model_info *(*sinter_info_fn)(void);
typedef size_t (*sinter_workspace_size_fn)(void);
typedef int (*sinter_run_fn)(const void *const *inputs, void *const *outputs,
                             void *workspace);

/* A model's entry points, however they were obtained. */
typedef struct sinter_model {
  const sinter_model_info *info;
  sinter_run_fn run;
  void *library; /* dlopen handle for loaded models, else NULL */
} sinter_model;

/* A readable name for a status code. */
const char *sinter_status_string(int status);
/* Bytes per element of a dtype; 0 for an unknown code. */
size_t sinter_dtype_size(int32_t dtype);
/* A readable name for a dtype ("float32", ...); "unknown" otherwise. */
const char *sinter_dtype_name(int32_t dtype);
/* Elements and bytes of a tensor. */
int64_t sinter_tensor_elements(const sinter_tensor_info *tensor);
size_t sinter_tensor_bytes(const sinter_tensor_info *tensor);

/* An aligned workspace of `size` bytes (never NULL for size 0 unless out of
 * memory); release with sinter_workspace_free. */
void *sinter_workspace_alloc(size_t size);
void sinter_workspace_free(void *workspace);

/* Loads a model compiled to a shared library. `prefix` is its symbol prefix;
 * NULL derives it from the file name as sinter-compile does. On failure
 * returns a status and, when `error` is given, a message in it. */
int sinter_load(const char *path, const char *prefix, sinter_model *model,
                char *error, size_t error_size);
void sinter_unload(sinter_model *model);

#ifdef __cplusplus
}
#endif

#endif /* SINTER_SINTER_H */
