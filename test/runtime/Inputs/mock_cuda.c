/* mock_cuda.c: a stand-in for libcuda.so.1 that runs the two kernels of
 * gpu_model.c on the host, so that the runtime's GPU path (driver loading,
 * device checks, weight upload, launch arguments, copies, events) is tested
 * on machines without a GPU. Device memory is host memory. The environment
 * shapes the fake machine: MOCK_CUDA_DEVICES (default 1; 0 fails cuInit as
 * the driver does), MOCK_CUDA_CAPABILITY (default 90), MOCK_CUDA_MEMORY
 * (bytes it can allocate in all), MOCK_CUDA_FAIL_LAUNCH (a kernel whose
 * launches fail), MOCK_CUDA_TRACE (when set: accept every kernel name and,
 * instead of computing, print each launch's kernel, grid and block: for
 * programs that sinter-compile --device=cuda emitted). Loaded through
 * SINTER_CUDA_DRIVER. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int CUresult;
enum {
  OK = 0, OUT_OF_MEMORY = 2, NO_DEVICE = 100, INVALID_DEVICE = 101,
  INVALID_PTX = 218, NOT_FOUND = 500, LAUNCH_FAILED = 719,
};

static long env_number(const char *name, long otherwise) {
  const char *text = getenv(name);
  return text && *text ? strtol(text, NULL, 10) : otherwise;
}

static long allocated;

CUresult cuGetErrorString(CUresult result, const char **message) {
  switch (result) {
  case OUT_OF_MEMORY: *message = "out of memory"; return OK;
  case NO_DEVICE: *message = "no CUDA-capable device is detected"; return OK;
  case INVALID_PTX: *message = "a PTX JIT compilation failed"; return OK;
  case NOT_FOUND: *message = "named symbol not found"; return OK;
  case LAUNCH_FAILED: *message = "unspecified launch failure"; return OK;
  default: *message = "mock error"; return OK;
  }
}
CUresult cuInit(unsigned flags) { return env_number("MOCK_CUDA_DEVICES", 1) ? OK : NO_DEVICE; }
CUresult cuDeviceGetCount(int *count) { *count = (int)env_number("MOCK_CUDA_DEVICES", 1); return OK; }
CUresult cuDeviceGet(int *device, int ordinal) { *device = ordinal; return OK; }
CUresult cuDeviceGetAttribute(int *value, int attribute, int device) {
  long capability = env_number("MOCK_CUDA_CAPABILITY", 90);
  *value = (int)(attribute == 75 ? capability / 10 : capability % 10);
  return OK;
}
static int context;
CUresult cuDevicePrimaryCtxRetain(void **ctx, int device) { *ctx = &context; return OK; }
CUresult cuDevicePrimaryCtxRelease_v2(int device) { return OK; }
CUresult cuCtxPushCurrent_v2(void *ctx) { return OK; }
CUresult cuCtxPopCurrent_v2(void **ctx) { *ctx = &context; return OK; }

static int module;
CUresult cuModuleLoadDataEx(void **out, const void *image, unsigned count,
                            int *options, void **values) {
  if (strncmp(image, "//", 2) != 0) {
    if (count >= 2 && options[0] == 5)
      snprintf(values[0], (size_t)(uintptr_t)values[1], "ptxas fatal: not PTX");
    return INVALID_PTX;
  }
  *out = &module;
  return OK;
}
static const char *const kernels[] = {"mul", "add"};
CUresult cuModuleGetFunction(void **function, void *mod, const char *name) {
  if (getenv("MOCK_CUDA_TRACE")) {
    *function = (void *)name;
    return OK;
  }
  for (int k = 0; k < 2; ++k)
    if (strcmp(name, kernels[k]) == 0) {
      *function = (void *)kernels[k];
      return OK;
    }
  return NOT_FOUND;
}
CUresult cuModuleUnload(void *mod) { return OK; }
CUresult cuFuncSetAttribute(void *function, int attribute, int value) { return OK; }

CUresult cuMemAlloc_v2(uint64_t *pointer, size_t bytes) {
  if (allocated + (long)bytes > env_number("MOCK_CUDA_MEMORY", 1L << 30))
    return OUT_OF_MEMORY;
  allocated += (long)bytes;
  *pointer = (uint64_t)(uintptr_t)calloc(1, bytes);
  return OK;
}
CUresult cuMemFree_v2(uint64_t pointer) { free((void *)(uintptr_t)pointer); return OK; }
CUresult cuMemcpyHtoD_v2(uint64_t to, const void *from, size_t bytes) {
  memcpy((void *)(uintptr_t)to, from, bytes);
  return OK;
}
CUresult cuMemcpyDtoH_v2(void *to, uint64_t from, size_t bytes) {
  memcpy(to, (const void *)(uintptr_t)from, bytes);
  return OK;
}

/* mul(a, b, out, n): out = a * b; add(a, b, out, n): out = a + b; one
 * thread per element. */
CUresult cuLaunchKernel(void *function, unsigned gx, unsigned gy, unsigned gz,
                        unsigned bx, unsigned by, unsigned bz, unsigned shared,
                        void *stream, void **params, void **extra) {
  const char *name = function;
  const char *failing = getenv("MOCK_CUDA_FAIL_LAUNCH");
  if (failing && strcmp(failing, name) == 0)
    return LAUNCH_FAILED;
  if (getenv("MOCK_CUDA_TRACE")) {
    printf("launch %s grid %ux%ux%u block %ux%ux%u shared %u\n", name, gx, gy,
           gz, bx, by, bz, shared);
    return OK;
  }
  const float *a = (const float *)(uintptr_t) * (uint64_t *)params[0];
  const float *b = (const float *)(uintptr_t) * (uint64_t *)params[1];
  float *out = (float *)(uintptr_t) * (uint64_t *)params[2];
  int64_t n = *(int64_t *)params[3];
  int64_t threads = (int64_t)gx * gy * gz * bx * by * bz;
  for (int64_t i = 0; i < n && i < threads; ++i)
    out[i] = name[0] == 'm' ? a[i] * b[i] : a[i] + b[i];
  return OK;
}

CUresult cuEventCreate(void **event, unsigned flags) { *event = malloc(1); return OK; }
CUresult cuEventRecord(void *event, void *stream) { return OK; }
CUresult cuEventSynchronize(void *event) { return OK; }
CUresult cuEventElapsedTime(float *ms, void *start, void *stop) { *ms = 0.25f; return OK; }
CUresult cuEventDestroy_v2(void *event) { free(event); return OK; }
