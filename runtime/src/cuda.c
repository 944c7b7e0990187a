/*===- cuda.c - GPU models over the CUDA driver API, loaded at run time ---===*
 *
 * Nothing here links CUDA: the driver's entry points are looked up with
 * dlsym in libcuda.so.1 when a model is initialised, and kept in the
 * model, so that the runtime builds and runs everywhere and keeps no global
 * state. The types and constants below are the driver API's (cuda.h), of
 * which only what the runtime calls is declared.
 *
 *===----------------------------------------------------------------------===*/

#include "sinter/sinter.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
typedef int CUdevice;
typedef uint64_t CUdeviceptr;
typedef void *CUcontext;
typedef void *CUmodule;
typedef void *CUfunction;
typedef void *CUstream;
typedef void *CUevent;

enum {
  CUDA_SUCCESS = 0,
  CUDA_ERROR_OUT_OF_MEMORY = 2,
  CUDA_ERROR_NO_DEVICE = 100,
  CUDA_ERROR_INVALID_DEVICE = 101,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75,
  CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76,
  CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES = 8,
  CU_JIT_ERROR_LOG_BUFFER = 5,
  CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6,
};

/* The driver entry points the runtime uses, with the symbol each comes
 * from (the _v2 names are the current ABI of those functions). */
#define SINTER_CUDA_FUNCTIONS(X)                                               \
  X(init, "cuInit", CUresult, (unsigned))                                      \
  X(get_error_string, "cuGetErrorString", CUresult, (CUresult, const char **)) \
  X(device_get_count, "cuDeviceGetCount", CUresult, (int *))                   \
  X(device_get, "cuDeviceGet", CUresult, (CUdevice *, int))                    \
  X(device_get_attribute, "cuDeviceGetAttribute",                              \
    CUresult, (int *, int, CUdevice))                                          \
  X(primary_ctx_retain, "cuDevicePrimaryCtxRetain",                            \
    CUresult, (CUcontext *, CUdevice))                                         \
  X(primary_ctx_release, "cuDevicePrimaryCtxRelease_v2", CUresult, (CUdevice)) \
  X(ctx_push, "cuCtxPushCurrent_v2", CUresult, (CUcontext))                    \
  X(ctx_pop, "cuCtxPopCurrent_v2", CUresult, (CUcontext *))                    \
  X(module_load, "cuModuleLoadDataEx",                                         \
    CUresult, (CUmodule *, const void *, unsigned, int *, void **))            \
  X(module_get_function, "cuModuleGetFunction",                                \
    CUresult, (CUfunction *, CUmodule, const char *))                          \
  X(module_unload, "cuModuleUnload", CUresult, (CUmodule))                     \
  X(func_set_attribute, "cuFuncSetAttribute",                                  \
    CUresult, (CUfunction, int, int))                                          \
  X(mem_alloc, "cuMemAlloc_v2", CUresult, (CUdeviceptr *, size_t))             \
  X(mem_free, "cuMemFree_v2", CUresult, (CUdeviceptr))                         \
  X(memcpy_htod, "cuMemcpyHtoD_v2",                                            \
    CUresult, (CUdeviceptr, const void *, size_t))                             \
  X(memcpy_dtoh, "cuMemcpyDtoH_v2", CUresult, (void *, CUdeviceptr, size_t))   \
  X(launch_kernel, "cuLaunchKernel",                                           \
    CUresult, (CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned,   \
                 unsigned, unsigned, CUstream, void **, void **))              \
  X(event_create, "cuEventCreate", CUresult, (CUevent *, unsigned))            \
  X(event_record, "cuEventRecord", CUresult, (CUevent, CUstream))              \
  X(event_synchronize, "cuEventSynchronize", CUresult, (CUevent))              \
  X(event_elapsed, "cuEventElapsedTime", CUresult, (float *, CUevent, CUevent)) \
  X(event_destroy, "cuEventDestroy_v2", CUresult, (CUevent))

typedef struct cuda_driver {
  void *library;
#define SINTER_CUDA_FIELD(field, symbol, result, parameters) result(*field) parameters;
  SINTER_CUDA_FUNCTIONS(SINTER_CUDA_FIELD)
#undef SINTER_CUDA_FIELD
} cuda_driver;

struct sinter_cuda_model {
  cuda_driver driver;
  const sinter_gpu_program *program;
  CUdevice device;
  uint32_t capability; /* the device's: 90 for 9.0 */
  CUcontext context;
  CUmodule module;
  CUfunction *functions;
  CUdeviceptr weights;
};

static int report(char *error, size_t error_size, int status,
                  const char *format, ...) {
  if (error && error_size) {
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(error, error_size, format, arguments);
    va_end(arguments);
  }
  return status;
}

/* Every driver call on a model's memory or code runs with its context
 * current on the calling thread, which may be any thread. */
static void enter_context(const sinter_cuda_model *model) {
  model->driver.ctx_push(model->context);
}

static void leave_context(const sinter_cuda_model *model) {
  CUcontext previous;
  model->driver.ctx_pop(&previous);
}

static const char *driver_message(const cuda_driver *driver, CUresult result) {
  const char *message = NULL;
  if (driver->get_error_string &&
      driver->get_error_string(result, &message) == CUDA_SUCCESS && message)
    return message;
  return "unknown CUDA error";
}

/* The status of a failed driver call: out of memory, or `otherwise`. */
static int status_of(CUresult result, int otherwise) {
  return result == CUDA_ERROR_OUT_OF_MEMORY ? SINTER_ERROR_CUDA_MEMORY
                                            : otherwise;
}

static int load_driver(cuda_driver *driver, char *error, size_t error_size) {
  const char *path = getenv("SINTER_CUDA_DRIVER");
  if (!path || !*path)
    path = "libcuda.so.1";
  driver->library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!driver->library)
    return report(error, error_size, SINTER_ERROR_CUDA_DRIVER,
                  "no NVIDIA driver: %s cannot be loaded (%s); running a "
                  "model compiled with --device=cuda needs an NVIDIA GPU and "
                  "its driver",
                  path, dlerror());
#define SINTER_CUDA_LOOKUP(field, symbol, result, parameters)                  \
  *(void **)&driver->field = dlsym(driver->library, symbol);                   \
  if (!driver->field) {                                                        \
    dlclose(driver->library);                                                  \
    return report(error, error_size, SINTER_ERROR_CUDA_DRIVER,                 \
                  "the NVIDIA driver %s lacks %s (a driver for CUDA 12 or "    \
                  "later is needed)",                                          \
                  path, symbol);                                               \
  }
  SINTER_CUDA_FUNCTIONS(SINTER_CUDA_LOOKUP)
#undef SINTER_CUDA_LOOKUP
  CUresult result = driver->init(0);
  if (result != CUDA_SUCCESS) {
    int status = result == CUDA_ERROR_NO_DEVICE ? SINTER_ERROR_CUDA_DEVICE
                                                : SINTER_ERROR_CUDA_DRIVER;
    report(error, error_size, status, "the NVIDIA driver does not start: %s",
           driver_message(driver, result));
    dlclose(driver->library);
    return status;
  }
  return SINTER_OK;
}

/* Checks what the program says of itself before anything uses it. */
static const char *program_problem(const sinter_gpu_program *program) {
  if (!program->ptx && !program->cubin)
    return "the program has no code";
  for (uint32_t l = 0; l < program->num_launches; ++l) {
    const sinter_gpu_launch *launch = &program->launches[l];
    if (launch->kernel >= program->num_kernels)
      return "a launch names no kernel of the program";
    if (launch->num_args > SINTER_GPU_MAX_ARGS)
      return "a launch has more than SINTER_GPU_MAX_ARGS arguments";
    for (uint32_t a = 0; a < launch->num_args; ++a) {
      const sinter_gpu_arg *arg = &launch->args[a];
      int in_range =
          (arg->kind == SINTER_GPU_ARG_INPUT && arg->index >= 0 &&
           (uint32_t)arg->index < program->num_inputs) ||
          (arg->kind == SINTER_GPU_ARG_OUTPUT && arg->index >= 0 &&
           (uint32_t)arg->index < program->num_outputs) ||
          (arg->kind == SINTER_GPU_ARG_WORKSPACE &&
           (uint64_t)arg->value < program->workspace_size + 1) ||
          (arg->kind == SINTER_GPU_ARG_WEIGHTS &&
           (uint64_t)arg->value < program->weights_size + 1) ||
          arg->kind == SINTER_GPU_ARG_INT64;
      if (!in_range || (arg->kind != SINTER_GPU_ARG_INT64 && arg->value < 0))
        return "a launch argument is outside the program's buffers";
    }
  }
  return NULL;
}

/* The device, its context and compute capability. */
static int open_device(sinter_cuda_model *model, int ordinal, char *error,
                       size_t error_size) {
  cuda_driver *driver = &model->driver;
  int count = 0;
  CUresult result = driver->device_get_count(&count);
  if (result != CUDA_SUCCESS || ordinal < 0 || ordinal >= count)
    return report(error, error_size, SINTER_ERROR_CUDA_DEVICE,
                  "no CUDA device %d (this machine has %d)", ordinal,
                  result == CUDA_SUCCESS ? count : 0);
  result = driver->device_get(&model->device, ordinal);
  int major = 0, minor = 0;
  if (result == CUDA_SUCCESS)
    result = driver->device_get_attribute(
        &major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, model->device);
  if (result == CUDA_SUCCESS)
    result = driver->device_get_attribute(
        &minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, model->device);
  if (result != CUDA_SUCCESS)
    return report(error, error_size, SINTER_ERROR_CUDA_DEVICE,
                  "CUDA device %d cannot be queried: %s", ordinal,
                  driver_message(driver, result));
  uint32_t capability = (uint32_t)(major * 10 + minor);
  if (capability < model->program->compute_capability)
    return report(error, error_size, SINTER_ERROR_CUDA_ARCH,
                  "CUDA device %d has compute capability %d.%d; the model was "
                  "compiled for sm_%u or newer (--cuda-arch)",
                  ordinal, major, minor, model->program->compute_capability);
  result = driver->primary_ctx_retain(&model->context, model->device);
  if (result != CUDA_SUCCESS)
    return report(error, error_size, status_of(result, SINTER_ERROR_CUDA_DEVICE),
                  "CUDA device %d: no context: %s", ordinal,
                  driver_message(driver, result));
  model->capability = capability;
  return SINTER_OK;
}

/* The module (the cubin when it is for this very device, else the PTX,
 * which the driver compiles for it) and its kernels. */
static int load_code(sinter_cuda_model *model, char *error, size_t error_size) {
  cuda_driver *driver = &model->driver;
  const sinter_gpu_program *program = model->program;
  int use_cubin = program->cubin && model->capability == program->compute_capability;
  char log[2048] = "";
  int options[] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *values[] = {log, (void *)(uintptr_t)sizeof log};
  CUresult result = driver->module_load(
      &model->module, use_cubin ? program->cubin : (const void *)program->ptx, 2,
      options, values);
  if (result != CUDA_SUCCESS)
    return report(error, error_size, status_of(result, SINTER_ERROR_CUDA_LAUNCH),
                  "the driver refuses the model's %s: %s%s%s",
                  use_cubin ? "cubin" : "PTX", driver_message(driver, result),
                  log[0] ? ": " : "", log);
  model->functions = calloc(program->num_kernels ? program->num_kernels : 1,
                            sizeof *model->functions);
  if (!model->functions)
    return report(error, error_size, SINTER_ERROR_CUDA_MEMORY, "out of host memory");
  for (uint32_t k = 0; k < program->num_kernels; ++k) {
    result = driver->module_get_function(&model->functions[k], model->module,
                                         program->kernel_names[k]);
    if (result != CUDA_SUCCESS)
      return report(error, error_size, SINTER_ERROR_CUDA_LAUNCH,
                    "kernel %s is not in the model's code: %s",
                    program->kernel_names[k], driver_message(driver, result));
  }
  /* Kernels that use more than the default 48 KiB of shared memory must
   * ask for it. */
  for (uint32_t l = 0; l < program->num_launches; ++l) {
    const sinter_gpu_launch *launch = &program->launches[l];
    if (launch->shared_bytes <= 48 * 1024)
      continue;
    result = driver->func_set_attribute(model->functions[launch->kernel],
                                        CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                                        (int)launch->shared_bytes);
    if (result != CUDA_SUCCESS)
      return report(error, error_size, SINTER_ERROR_CUDA_LAUNCH,
                    "kernel %s cannot have %u bytes of shared memory: %s",
                    program->kernel_names[launch->kernel], launch->shared_bytes,
                    driver_message(driver, result));
  }
  return SINTER_OK;
}

static int upload_weights(sinter_cuda_model *model, char *error,
                          size_t error_size) {
  cuda_driver *driver = &model->driver;
  const sinter_gpu_program *program = model->program;
  if (program->weights_size == 0)
    return SINTER_OK;
  CUresult result = driver->mem_alloc(&model->weights, program->weights_size);
  if (result == CUDA_SUCCESS)
    result = driver->memcpy_htod(model->weights, program->weights,
                                 program->weights_size);
  if (result != CUDA_SUCCESS)
    return report(error, error_size, status_of(result, SINTER_ERROR_CUDA_LAUNCH),
                  "the weights (%llu bytes) cannot be uploaded: %s",
                  (unsigned long long)program->weights_size,
                  driver_message(driver, result));
  return SINTER_OK;
}

int sinter_cuda_init(const sinter_gpu_program *program, int device,
                     sinter_cuda_model **model, char *error, size_t error_size) {
  *model = NULL;
  if (!program)
    return report(error, error_size, SINTER_ERROR_DEVICE_KIND,
                  "the model was not compiled for --device=cuda");
  const char *problem = program_problem(program);
  if (problem)
    return report(error, error_size, SINTER_ERROR_CUDA_LAUNCH, "%s", problem);
  sinter_cuda_model *created = calloc(1, sizeof *created);
  if (!created)
    return report(error, error_size, SINTER_ERROR_CUDA_MEMORY, "out of host memory");
  created->program = program;
  int status = load_driver(&created->driver, error, error_size);
  if (status != SINTER_OK) {
    free(created);
    return status;
  }
  status = open_device(created, device, error, error_size);
  if (status == SINTER_OK) {
    enter_context(created);
    status = load_code(created, error, error_size);
    if (status == SINTER_OK)
      status = upload_weights(created, error, error_size);
    leave_context(created);
  }
  if (status != SINTER_OK) {
    sinter_cuda_release(created);
    return status;
  }
  *model = created;
  return SINTER_OK;
}

void sinter_cuda_release(sinter_cuda_model *model) {
  if (!model)
    return;
  cuda_driver *driver = &model->driver;
  if (model->context) {
    enter_context(model);
    if (model->weights)
      driver->mem_free(model->weights);
    if (model->module)
      driver->module_unload(model->module);
    leave_context(model);
    driver->primary_ctx_release(model->device);
  }
  free(model->functions);
  dlclose(driver->library);
  free(model);
}

/* The value of one launch argument. */
static uint64_t argument_value(const sinter_cuda_model *model,
                               const sinter_gpu_arg *arg, const uint64_t *inputs,
                               const uint64_t *outputs, uint64_t workspace) {
  switch (arg->kind) {
  case SINTER_GPU_ARG_INPUT:
    return inputs[arg->index] + (uint64_t)arg->value;
  case SINTER_GPU_ARG_OUTPUT:
    return outputs[arg->index] + (uint64_t)arg->value;
  case SINTER_GPU_ARG_WORKSPACE:
    return workspace + (uint64_t)arg->value;
  case SINTER_GPU_ARG_WEIGHTS:
    return model->weights + (uint64_t)arg->value;
  default:
    return (uint64_t)arg->value;
  }
}

static int enqueue_run(const sinter_cuda_model *model, CUstream stream,
                       const uint64_t *inputs, const uint64_t *outputs,
                       uint64_t workspace, char *error, size_t error_size) {
  const cuda_driver *driver = &model->driver;
  const sinter_gpu_program *program = model->program;
  uint64_t values[SINTER_GPU_MAX_ARGS];
  void *parameters[SINTER_GPU_MAX_ARGS];
  for (uint32_t l = 0; l < program->num_launches; ++l) {
    const sinter_gpu_launch *launch = &program->launches[l];
    for (uint32_t a = 0; a < launch->num_args; ++a) {
      values[a] = argument_value(model, &launch->args[a], inputs, outputs, workspace);
      parameters[a] = &values[a];
    }
    CUresult result = driver->launch_kernel(
        model->functions[launch->kernel], launch->grid[0], launch->grid[1],
        launch->grid[2], launch->block[0], launch->block[1], launch->block[2],
        launch->shared_bytes, stream, parameters, NULL);
    if (result != CUDA_SUCCESS)
      return report(error, error_size, status_of(result, SINTER_ERROR_CUDA_LAUNCH),
                    "launch %u of kernel %s (grid %ux%ux%u, block %ux%ux%u) "
                    "failed: %s",
                    l, program->kernel_names[launch->kernel], launch->grid[0],
                    launch->grid[1], launch->grid[2], launch->block[0],
                    launch->block[1], launch->block[2],
                    driver_message(driver, result));
  }
  return SINTER_OK;
}

/* Checks the buffers a run is given. */
static int check_buffers(const sinter_cuda_model *model, const uint64_t *inputs,
                         const uint64_t *outputs, uint64_t workspace,
                         char *error, size_t error_size) {
  const sinter_gpu_program *program = model->program;
  if ((program->num_inputs && !inputs) || (program->num_outputs && !outputs) ||
      (program->workspace_size && !workspace))
    return report(error, error_size, SINTER_ERROR_NULL_POINTER,
                  "an input, output or workspace is missing");
  return SINTER_OK;
}

int sinter_cuda_run(const sinter_cuda_model *model, void *stream,
                    const uint64_t *inputs, const uint64_t *outputs,
                    uint64_t workspace, char *error, size_t error_size) {
  int status = check_buffers(model, inputs, outputs, workspace, error, error_size);
  if (status != SINTER_OK)
    return status;
  enter_context(model);
  status = enqueue_run(model, (CUstream)stream, inputs, outputs, workspace, error,
                       error_size);
  leave_context(model);
  return status;
}

int sinter_cuda_alloc(const sinter_cuda_model *model, uint64_t bytes,
                      uint64_t *pointer) {
  enter_context(model);
  CUdeviceptr allocated = 0;
  /* The driver refuses 0 bytes; a tensor without elements gets 1. */
  CUresult result = model->driver.mem_alloc(&allocated, bytes ? bytes : 1);
  leave_context(model);
  *pointer = result == CUDA_SUCCESS ? allocated : 0;
  return result == CUDA_SUCCESS ? SINTER_OK : SINTER_ERROR_CUDA_MEMORY;
}

void sinter_cuda_free(const sinter_cuda_model *model, uint64_t pointer) {
  if (!pointer)
    return;
  enter_context(model);
  model->driver.mem_free(pointer);
  leave_context(model);
}

int sinter_cuda_copy_to_device(const sinter_cuda_model *model,
                               uint64_t destination, const void *source,
                               uint64_t bytes) {
  if (bytes == 0)
    return SINTER_OK;
  enter_context(model);
  CUresult result = model->driver.memcpy_htod(destination, source, bytes);
  leave_context(model);
  return result == CUDA_SUCCESS ? SINTER_OK : SINTER_ERROR_CUDA_LAUNCH;
}

int sinter_cuda_copy_to_host(const sinter_cuda_model *model, void *destination,
                             uint64_t source, uint64_t bytes) {
  if (bytes == 0)
    return SINTER_OK;
  enter_context(model);
  CUresult result = model->driver.memcpy_dtoh(destination, source, bytes);
  leave_context(model);
  return result == CUDA_SUCCESS ? SINTER_OK : SINTER_ERROR_CUDA_LAUNCH;
}

int sinter_cuda_time_runs(const sinter_cuda_model *model,
                          const uint64_t *inputs, const uint64_t *outputs,
                          uint64_t workspace, int runs, float *milliseconds,
                          char *error, size_t error_size) {
  int status = check_buffers(model, inputs, outputs, workspace, error, error_size);
  if (status != SINTER_OK)
    return status;
  const cuda_driver *driver = &model->driver;
  enter_context(model);
  CUevent start = NULL, stop = NULL;
  CUresult result = driver->event_create(&start, 0);
  if (result == CUDA_SUCCESS)
    result = driver->event_create(&stop, 0);
  for (int run = 0; run < runs && result == CUDA_SUCCESS && status == SINTER_OK;
       ++run) {
    result = driver->event_record(start, NULL);
    if (result == CUDA_SUCCESS)
      status = enqueue_run(model, NULL, inputs, outputs, workspace, error, error_size);
    if (result == CUDA_SUCCESS && status == SINTER_OK)
      result = driver->event_record(stop, NULL);
    if (result == CUDA_SUCCESS && status == SINTER_OK)
      result = driver->event_synchronize(stop);
    if (result == CUDA_SUCCESS && status == SINTER_OK)
      result = driver->event_elapsed(&milliseconds[run], start, stop);
  }
  if (result != CUDA_SUCCESS && status == SINTER_OK)
    status = report(error, error_size, SINTER_ERROR_CUDA_LAUNCH,
                    "timing with CUDA events failed: %s",
                    driver_message(driver, result));
  if (start)
    driver->event_destroy(start);
  if (stop)
    driver->event_destroy(stop);
  leave_context(model);
  return status;
}
