/*===- loader.c - models compiled to shared libraries ---------------------===*/

#include "sinter/sinter.h"

#include <ctype.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* The file name of `path`, and where its last extension starts (its end
 * when it has none). */
static const char *file_name(const char *path, const char **extension) {
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  *extension = dot ? dot : base + strlen(base);
  return base;
}

/* The prefix sinter-compile derives from a file name: the name without its
 * last extension, every character that cannot appear in a C identifier
 * replaced by '_', and '_' in front of a leading digit. */
static void prefix_from_path(const char *path, char *prefix, size_t size) {
  const char *extension;
  const char *base = file_name(path, &extension);
  size_t length = (size_t)(extension - base);
  size_t out = 0;
  if (length > 0 && isdigit((unsigned char)base[0]) && out + 1 < size)
    prefix[out++] = '_';
  for (size_t i = 0; i < length && out + 1 < size; ++i)
    prefix[out++] = isalnum((unsigned char)base[i]) ? base[i] : '_';
  prefix[out] = '\0';
}

/* Where sinter-compile writes a library's weights: its path with the last
 * extension of its file name replaced by .weights. */
static void weights_path_of(const char *path, char *weights, size_t size) {
  const char *extension;
  file_name(path, &extension);
  snprintf(weights, size, "%.*s.weights", (int)(extension - path), path);
}

static int fail(int status, char *error, size_t error_size, const char *what,
                const char *detail) {
  if (error && error_size)
    snprintf(error, error_size, "%s: %s", what, detail ? detail : "");
  return status;
}

int sinter_load(const char *path, const char *prefix, sinter_model *model,
                char *error, size_t error_size) {
  char derived[256];
  if (!prefix) {
    prefix_from_path(path, derived, sizeof derived);
    prefix = derived;
  }
  memset(model, 0, sizeof *model);
  /* dlopen searches the library path for names without a slash; a model
   * file is always meant literally. */
  char local[4096];
  if (!strchr(path, '/')) {
    snprintf(local, sizeof local, "./%s", path);
    path = local;
  }
  void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!library)
    return fail(SINTER_ERROR_LOAD, error, error_size, path, dlerror());

  char symbol[300];
  snprintf(symbol, sizeof symbol, "%s_info", prefix);
  sinter_info_fn info = (sinter_info_fn)dlsym(library, symbol);
  snprintf(symbol, sizeof symbol, "%s_run", prefix);
  sinter_run_fn run = (sinter_run_fn)dlsym(library, symbol);
  snprintf(symbol, sizeof symbol, "%s_run_parallel", prefix);
  sinter_run_parallel_fn run_parallel =
      (sinter_run_parallel_fn)dlsym(library, symbol);
  snprintf(symbol, sizeof symbol, "%s_run_with_weights", prefix);
  sinter_run_with_weights_fn run_with_weights =
      (sinter_run_with_weights_fn)dlsym(library, symbol);
  snprintf(symbol, sizeof symbol, "%s_gpu_program", prefix);
  sinter_gpu_program_fn gpu_program = (sinter_gpu_program_fn)dlsym(library, symbol);
  if (!info || (!run && !gpu_program)) {
    dlclose(library);
    return fail(SINTER_ERROR_SYMBOL, error, error_size, path,
                "no <prefix>_info/<prefix>_run symbols for this prefix");
  }
  if (info()->abi_version != SINTER_ABI_VERSION) {
    dlclose(library);
    return fail(SINTER_ERROR_ABI_VERSION, error, error_size, path,
                sinter_status_string(SINTER_ERROR_ABI_VERSION));
  }
  char missing[256];
  if (sinter_check_cpu_features(info()->cpu_features, missing, sizeof missing) != SINTER_OK) {
    dlclose(library);
    char detail[400];
    snprintf(detail, sizeof detail,
             "this CPU lacks %s, which the model was compiled for (compile it with a "
             "--target-cpu this CPU has)",
             missing);
    return fail(SINTER_ERROR_CPU_FEATURES, error, error_size, path, detail);
  }
  if (gpu_program) {
    /* A GPU model: sinter_cuda_init checks the device when it runs. */
    model->info = info();
    model->gpu_program = gpu_program();
    model->library = library;
    return SINTER_OK;
  }
  if (!run_parallel || !run_with_weights) {
    dlclose(library);
    return fail(SINTER_ERROR_SYMBOL, error, error_size, path,
                "no <prefix>_run_parallel/<prefix>_run_with_weights symbols "
                "for this prefix");
  }
  char weights_path[4096];
  weights_path_of(path, weights_path, sizeof weights_path);
  int status = sinter_weights_open(weights_path, info(), &model->weights, error,
                                   error_size);
  if (status != SINTER_OK) {
    dlclose(library);
    return status;
  }
  model->info = info();
  model->run = run;
  model->run_parallel = run_parallel;
  model->run_with_weights = run_with_weights;
  model->library = library;
  return SINTER_OK;
}

void sinter_unload(sinter_model *model) {
  sinter_weights_close(&model->weights);
  if (model->library)
    dlclose(model->library);
  memset(model, 0, sizeof *model);
}
