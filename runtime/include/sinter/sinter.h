/*===- sinter.h - the Sinter runtime ABI ----------------------------------===*
 *
 * Every model compiled by sinter-compile exports, under its symbol prefix P:
 *
 *   const sinter_model_info *P_info(void);
 *   size_t P_workspace_size(void);
 *   int P_run(const void *const *inputs, void *const *outputs, void *workspace);
 *   int P_run_parallel(const sinter_executor *executor,
 *                      const void *const *inputs, void *const *outputs,
 *                      void *workspace);
 *   int P_run_with_weights(const void *weights,
 *                          const sinter_executor *executor,
 *                          const void *const *inputs, void *const *outputs,
 *                          void *workspace);
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
 * P_run_parallel (ABI version 2) is P_run that splits each large kernel's
 * outermost parallel loop (output tiles, never a reduction) over
 * `executor`, an application's thread pool or the runtime's own
 * (sinter_pool_create). Each output element is computed by the same
 * instructions in the same order at every thread count, so outputs are
 * bitwise identical. Kernels below a compile-time amount of work, and every
 * kernel when `executor` is NULL or has threads <= 1, run on the calling
 * thread. The workspace is the same for every thread count: tiles of one
 * loop write disjoint parts of it and keep their scratch in registers and
 * on the stack (per-thread scratch: 0 bytes per thread).
 *
 * CPU features (ABI version 3): sinter_model_info.cpu_features names the
 * instruction-set extensions the model's code was compiled to use (from
 * --target-cpu; the x86 ones of SINTER_X86_FEATURES). A model compiled to
 * an object checks them in P_run and P_run_parallel before any of its
 * other code runs, and returns SINTER_ERROR_CPU_FEATURES on a CPU that
 * lacks one; sinter_load checks them before it returns a shared library's
 * entry points, with the missing names in its message.
 *
 * Weights in a file (ABI version 4): a model compiled with --weights=file
 * holds no weights; sinter-compile writes them to OUT.weights, a
 * sinter_weights_header followed by the weights (info->weights_size bytes).
 * P_run_with_weights reads them from `weights`, which must point to that
 * data, SINTER_WEIGHTS_ALIGNMENT-aligned, for as long as the call runs;
 * sinter_weights_open maps a file and checks that it is this model's.
 * P_run and P_run_parallel of such a model return SINTER_ERROR_WEIGHTS.
 * A model with embedded weights (info->weights_size == 0) ignores
 * `weights`, which may be NULL. sinter_load maps LIBRARY.weights (the
 * library's path with its extension replaced) beside a shared library that
 * needs one, and sinter_model_run passes it.
 *
 *===----------------------------------------------------------------------===*/

#ifndef SINTER_SINTER_H
#define SINTER_SINTER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SINTER_ABI_VERSION 4
#define SINTER_WORKSPACE_ALIGNMENT 64
#define SINTER_WEIGHTS_ALIGNMENT 64

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
  /* The CPU lacks an instruction-set extension the model was compiled for
   * (sinter_check_cpu_features names which). Nothing of the model ran. */
  SINTER_ERROR_CPU_FEATURES = 7,
  /* The model keeps its weights in a file, and none were given (P_run,
   * P_run_parallel, or a NULL or misaligned pointer), or the file is
   * missing, unreadable or not this model's (sinter_weights_open). */
  SINTER_ERROR_WEIGHTS = 8,
  /* NVIDIA GPUs (sinter_cuda_*): the CUDA driver (libcuda.so.1) cannot be
   * loaded or initialised. */
  SINTER_ERROR_CUDA_DRIVER = 9,
  /* No CUDA device with the requested ordinal. */
  SINTER_ERROR_CUDA_DEVICE = 10,
  /* The device's compute capability is below the model's. */
  SINTER_ERROR_CUDA_ARCH = 11,
  /* Out of device memory. */
  SINTER_ERROR_CUDA_MEMORY = 12,
  /* The driver refused the model's code, a kernel launch or a copy (the
   * message names the kernel). */
  SINTER_ERROR_CUDA_LAUNCH = 13,
  /* The model was compiled for another device (a CPU model given to
   * sinter_cuda_init, or a GPU model run on the CPU). */
  SINTER_ERROR_DEVICE_KIND = 14,
};

/* The x86 CPU features a model may be compiled to need, as LLVM names them
 * (and as __builtin_cpu_supports does). The compiler records the ones its
 * target enables; the runtime checks them. */
#define SINTER_X86_FEATURES(X) \
  X("sse3") \
  X("ssse3") \
  X("fma") \
  X("sse4.1") \
  X("sse4.2") \
  X("movbe") \
  X("popcnt") \
  X("avx") \
  X("f16c") \
  X("bmi") \
  X("avx2") \
  X("bmi2") \
  X("avx512f") \
  X("avx512dq") \
  X("avx512ifma") \
  X("avx512cd") \
  X("avx512bw") \
  X("avx512vl") \
  X("avx512vbmi") \
  X("avx512vbmi2") \
  X("avx512vnni") \
  X("avx512bitalg") \
  X("avx512vpopcntdq") \
  X("avx512fp16") \
  X("avxvnni") \
  X("avx512bf16") \
  X("lzcnt")

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
  /* The CPU features the code needs, comma-separated ("avx2,fma"); "" for
   * none that the runtime checks (other architectures). */
  const char *cpu_features;
  /* Weights in a file: their size in bytes and the fingerprint their file's
   * header must carry; both 0 for a model that embeds its weights. */
  uint64_t weights_size;
  uint64_t weights_fingerprint;
} sinter_model_info;

/* The first SINTER_WEIGHTS_ALIGNMENT bytes of a weights file; the weights
 * follow. Numbers are little-endian. */
#define SINTER_WEIGHTS_MAGIC "SINTERWT"
#define SINTER_WEIGHTS_FORMAT 1
typedef struct sinter_weights_header {
  char magic[8];                /* SINTER_WEIGHTS_MAGIC, without its NUL */
  uint32_t format;              /* SINTER_WEIGHTS_FORMAT */
  uint32_t header_size;         /* sizeof(sinter_weights_header) */
  uint64_t weights_size;        /* = the model's info->weights_size */
  uint64_t weights_fingerprint; /* = the model's info->weights_fingerprint */
  uint8_t reserved[32];         /* zero */
} sinter_weights_header;

typedef const sinter_model_info *(*sinter_info_fn)(void);
typedef size_t (*sinter_workspace_size_fn)(void);
typedef int (*sinter_run_fn)(const void *const *inputs, void *const *outputs,
                             void *workspace);

/* A range of a parallel loop's iterations, [begin, end), run by a
 * compiled model's task. */
typedef void (*sinter_task_fn)(void *task, int64_t begin, int64_t end);

/* How a model runs its parallel loops. parallel_for must call `fn(task, b,
 * e)` on ranges that cover [0, count) exactly once, in any order and on any
 * threads, and return when all have returned; `context` is passed back to
 * it. `threads` is how many threads it may use at once (the caller's
 * included); with threads <= 1 the model never calls parallel_for. A
 * parallel_for may be entered by several threads at once (models running
 * concurrently on one executor). */
typedef struct sinter_executor {
  void (*parallel_for)(void *context, int64_t count, sinter_task_fn fn,
                       void *task);
  void *context;
  int32_t threads;
} sinter_executor;

typedef int (*sinter_run_parallel_fn)(const sinter_executor *executor,
                                      const void *const *inputs,
                                      void *const *outputs, void *workspace);
typedef int (*sinter_run_with_weights_fn)(const void *weights,
                                          const sinter_executor *executor,
                                          const void *const *inputs,
                                          void *const *outputs,
                                          void *workspace);

/* A model's weights file, mapped read-only (sinter_weights_open). */
typedef struct sinter_weights {
  const void *data; /* the weights: P_run_with_weights' `weights` */
  uint64_t size;
  void *mapping; /* the whole file's mapping */
  size_t mapping_size;
} sinter_weights;

/* Maps the weights file at `path` and checks its header against `info`
 * (size and fingerprint): SINTER_OK with `weights` filled in, or
 * SINTER_ERROR_WEIGHTS with the reason in `error` when it is given. A model
 * that embeds its weights needs no file: its `weights` is all zeros. The
 * mapping is shared by every thread and model run that uses it. */
int sinter_weights_open(const char *path, const sinter_model_info *info,
                        sinter_weights *weights, char *error,
                        size_t error_size);
void sinter_weights_close(sinter_weights *weights);

/* NVIDIA GPUs. A model compiled with --device=cuda exports P_info and
 *
 *   const sinter_gpu_program *P_gpu_program(void);
 *
 * instead of the run entry points: its kernels as PTX (and a cubin when
 * ptxas was found), the launches one run makes, in order, and its weights,
 * which sinter_cuda_init uploads to the device once. Each launch names its
 * kernel, grid, block and arguments; an argument is a device pointer into
 * an input, an output, the device workspace or the weights (at a byte
 * offset planned at compile time), or a 64-bit integer. Nothing in the
 * program needs CUDA to compile or link: the runtime loads the driver
 * (libcuda.so.1, or the file SINTER_CUDA_DRIVER names: a test hook) when
 * sinter_cuda_init is called. */
enum sinter_gpu_arg_kind {
  SINTER_GPU_ARG_INPUT = 0,     /* inputs[index] + value bytes */
  SINTER_GPU_ARG_OUTPUT = 1,    /* outputs[index] + value bytes */
  SINTER_GPU_ARG_WORKSPACE = 2, /* the device workspace + value bytes */
  SINTER_GPU_ARG_WEIGHTS = 3,   /* the uploaded weights + value bytes */
  SINTER_GPU_ARG_INT64 = 4,     /* the number `value` */
};

#define SINTER_GPU_MAX_ARGS 256

typedef struct sinter_gpu_arg {
  int32_t kind; /* enum sinter_gpu_arg_kind */
  int32_t index;
  int64_t value;
} sinter_gpu_arg;

typedef struct sinter_gpu_launch {
  uint32_t kernel; /* index into kernel_names */
  uint32_t grid[3];
  uint32_t block[3];
  uint32_t shared_bytes; /* dynamic shared memory */
  uint32_t num_args;
  const sinter_gpu_arg *args;
} sinter_gpu_launch;

typedef struct sinter_gpu_program {
  uint32_t compute_capability; /* the least it runs on: 80 for sm_80 */
  uint32_t num_kernels;
  const char *const *kernel_names;
  const char *ptx;   /* NUL-terminated PTX of every kernel */
  const void *cubin; /* for exactly compute_capability; NULL: PTX only */
  uint64_t cubin_size;
  uint32_t num_inputs, num_outputs; /* as in P_info */
  uint32_t num_launches;
  uint32_t reserved;
  const sinter_gpu_launch *launches; /* each with at most SINTER_GPU_MAX_ARGS */
  const void *weights; /* host copy, uploaded by sinter_cuda_init */
  uint64_t weights_size;
  uint64_t workspace_size; /* device bytes per run, 256-byte aligned */
} sinter_gpu_program;

typedef const sinter_gpu_program *(*sinter_gpu_program_fn)(void);

/* A GPU model made ready on one device: the driver, a context (the
 * device's primary context), the loaded module with its kernels and the
 * uploaded weights. Threads may run one sinter_cuda_model at once, each
 * with its own device workspace and outputs. */
typedef struct sinter_cuda_model sinter_cuda_model;

/* Loads the driver, checks device `device` (its ordinal) and its compute
 * capability, loads the program's code (the cubin when the device matches
 * it, else the PTX, which the driver compiles) and uploads the weights.
 * On failure returns a status (SINTER_ERROR_CUDA_*) with a message in
 * `error` when it is given, and sets *model to NULL. */
int sinter_cuda_init(const sinter_gpu_program *program, int device,
                     sinter_cuda_model **model, char *error,
                     size_t error_size);
/* Enqueues one run on `stream` (a CUstream; NULL: the context's default
 * stream): every launch of the program, on device pointers (CUdeviceptr
 * values) to the inputs and outputs, and a device workspace of the
 * program's workspace_size bytes. Returns when the launches are enqueued;
 * synchronize the stream before reading the outputs. */
int sinter_cuda_run(const sinter_cuda_model *model, void *stream,
                    const uint64_t *inputs, const uint64_t *outputs,
                    uint64_t workspace, char *error, size_t error_size);
/* Frees the weights, unloads the module, releases the context. */
void sinter_cuda_release(sinter_cuda_model *model);

/* Device memory and copies on the model's context, for programs that have
 * no CUDA of their own (sinter-run). Copies are synchronous. */
int sinter_cuda_alloc(const sinter_cuda_model *model, uint64_t bytes,
                      uint64_t *pointer);
void sinter_cuda_free(const sinter_cuda_model *model, uint64_t pointer);
int sinter_cuda_copy_to_device(const sinter_cuda_model *model,
                               uint64_t destination, const void *source,
                               uint64_t bytes);
int sinter_cuda_copy_to_host(const sinter_cuda_model *model,
                             void *destination, uint64_t source,
                             uint64_t bytes);
/* Runs the model `runs` times on the default stream, timing each run
 * with CUDA events; writes the milliseconds of each to `milliseconds`. */
int sinter_cuda_time_runs(const sinter_cuda_model *model,
                          const uint64_t *inputs, const uint64_t *outputs,
                          uint64_t workspace, int runs, float *milliseconds,
                          char *error, size_t error_size);

/* A model's entry points, however they were obtained. */
typedef struct sinter_model {
  const sinter_model_info *info;
  sinter_run_fn run;
  sinter_run_parallel_fn run_parallel;
  sinter_run_with_weights_fn run_with_weights;
  sinter_weights weights; /* mapped by sinter_load when the model needs it */
  /* A model compiled with --device=cuda: its program, and no run entry
   * points (NULL above). */
  const sinter_gpu_program *gpu_program;
  void *library; /* dlopen handle for loaded models, else NULL */
} sinter_model;

/* Runs a model with its weights: model->run_with_weights(model->weights.data,
 * executor, inputs, outputs, workspace). `executor` may be NULL. */
int sinter_model_run(const sinter_model *model, const sinter_executor *executor,
                     const void *const *inputs, void *const *outputs,
                     void *workspace);

/* The runtime's thread pool: `threads` - 1 worker threads, started once;
 * each parallel_for runs on them and on its calling thread. Concurrent
 * parallel_for calls (two models sharing the pool) share the workers, so the
 * pool never runs more than `threads` - 1 workers plus its callers. NULL when
 * out of memory or when a thread cannot be started. */
typedef struct sinter_pool sinter_pool;
sinter_pool *sinter_pool_create(int32_t threads);
/* Stops and joins the workers; no parallel_for may be running. */
void sinter_pool_destroy(sinter_pool *pool);
/* The pool as an executor, valid until sinter_pool_destroy. */
const sinter_executor *sinter_pool_executor(const sinter_pool *pool);

/* Checks that this CPU has every feature of the comma-separated `required`
 * (SINTER_X86_FEATURES names; others are ignored), as the C runtime's CPU
 * model reports them (CPUID and the operating system's support of the AVX
 * and AVX-512 register state, read once when the program starts): SINTER_OK, or
 * SINTER_ERROR_CPU_FEATURES with the missing names, comma-separated, in
 * `missing` when it is given. The environment variable SINTER_CPU_DISABLE
 * (comma-separated names) makes the check treat those features as absent:
 * a test hook for what an older CPU does. */
int sinter_check_cpu_features(const char *required, char *missing,
                              size_t missing_size);

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
 * NULL derives it from the file name as sinter-compile does. A model whose
 * weights are in a file gets PATH's name with the extension replaced by
 * .weights mapped (sinter_weights_open). On failure returns a status and,
 * when `error` is given, a message in it. */
int sinter_load(const char *path, const char *prefix, sinter_model *model,
                char *error, size_t error_size);
/* Closes the library and unmaps its weights. */
void sinter_unload(sinter_model *model);

#ifdef __cplusplus
}
#endif

#endif /* SINTER_SINTER_H */
