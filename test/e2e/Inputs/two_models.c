/* two_models.c: two models compiled to shared libraries, run at once from
 * two threads through P_run_parallel, first on one shared pool, then on a
 * pool each; every run's outputs must equal, bit for bit, those of P_run on
 * the calling thread alone. Inputs are deterministic pseudo-random floats.
 *
 *   two_models A.so B.so THREADS RUNS
 *
 * Prints one line per configuration and exits 0 when every output matched. */

#include "sinter/sinter.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  sinter_model model;
  const void **inputs;
  void **expected; /* P_run's outputs */
  const sinter_executor *executor;
  int runs;
  int mismatches;
} job;

static void fail(const char *message, const char *detail) {
  fprintf(stderr, "two_models: %s %s\n", message, detail ? detail : "");
  exit(1);
}

static void **alloc_tensors(const sinter_tensor_info *tensors, uint32_t count) {
  void **buffers = calloc(count ? count : 1, sizeof *buffers);
  for (uint32_t i = 0; i < count; ++i)
    buffers[i] = calloc(1, sinter_tensor_bytes(&tensors[i]) + 1);
  return buffers;
}

static void free_tensors(void **buffers, uint32_t count) {
  for (uint32_t i = 0; i < count; ++i)
    free(buffers[i]);
  free(buffers);
}

static void load(job *j, const char *path) {
  char error[512];
  if (sinter_load(path, NULL, &j->model, error, sizeof error) != SINTER_OK)
    fail("cannot load", error);
  const sinter_model_info *info = j->model.info;
  void **inputs = alloc_tensors(info->inputs, info->num_inputs);
  uint32_t seed = 12345;
  for (uint32_t i = 0; i < info->num_inputs; ++i) {
    if (info->inputs[i].dtype != SINTER_FLOAT32)
      fail("only float32 inputs:", info->inputs[i].name);
    float *values = inputs[i];
    for (int64_t k = 0; k < sinter_tensor_elements(&info->inputs[i]); ++k) {
      seed = seed * 1664525u + 1013904223u;
      values[k] = (float)(seed >> 8) / (float)(1u << 24) - 0.5f;
    }
  }
  j->inputs = (const void **)inputs;
  j->expected = alloc_tensors(info->outputs, info->num_outputs);
  void *workspace = sinter_workspace_alloc(info->workspace_size);
  if (j->model.run(j->inputs, j->expected, workspace) != SINTER_OK)
    fail("P_run failed for", path);
  sinter_workspace_free(workspace);
}

static void *run_many(void *argument) {
  job *j = argument;
  const sinter_model_info *info = j->model.info;
  void **outputs = alloc_tensors(info->outputs, info->num_outputs);
  void *workspace = sinter_workspace_alloc(info->workspace_size);
  for (int run = 0; run < j->runs; ++run) {
    for (uint32_t i = 0; i < info->num_outputs; ++i)
      memset(outputs[i], 0xff, sinter_tensor_bytes(&info->outputs[i]));
    if (j->model.run_parallel(j->executor, j->inputs, outputs, workspace) !=
        SINTER_OK)
      ++j->mismatches;
    for (uint32_t i = 0; i < info->num_outputs; ++i)
      if (memcmp(outputs[i], j->expected[i],
                 sinter_tensor_bytes(&info->outputs[i])) != 0)
        ++j->mismatches;
  }
  sinter_workspace_free(workspace);
  free_tensors(outputs, info->num_outputs);
  return NULL;
}

static void release(job *j) {
  free_tensors((void **)j->inputs, j->model.info->num_inputs);
  free_tensors(j->expected, j->model.info->num_outputs);
  sinter_unload(&j->model);
}

/* Both models at once, each on its executor; returns the mismatches. */
static int run_both(job *a, job *b, const sinter_executor *ea,
                    const sinter_executor *eb) {
  a->executor = ea;
  b->executor = eb;
  a->mismatches = b->mismatches = 0;
  pthread_t thread;
  pthread_create(&thread, NULL, run_many, b);
  run_many(a);
  pthread_join(thread, NULL);
  return a->mismatches + b->mismatches;
}

int main(int argc, char **argv) {
  if (argc != 5)
    fail("usage: two_models A.so B.so THREADS RUNS", NULL);
  int threads = atoi(argv[3]);
  job a = {0}, b = {0};
  load(&a, argv[1]);
  load(&b, argv[2]);
  a.runs = b.runs = atoi(argv[4]);

  sinter_pool *shared = sinter_pool_create(threads);
  if (!shared)
    fail("cannot create a pool", NULL);
  int mismatches = run_both(&a, &b, sinter_pool_executor(shared),
                            sinter_pool_executor(shared));
  printf("shared pool of %d threads: %d mismatches\n", threads, mismatches);
  fflush(stdout);
  int total = mismatches;
  sinter_pool_destroy(shared);

  sinter_pool *first = sinter_pool_create(threads);
  sinter_pool *second = sinter_pool_create(threads);
  if (!first || !second)
    fail("cannot create a pool", NULL);
  mismatches = run_both(&a, &b, sinter_pool_executor(first),
                        sinter_pool_executor(second));
  printf("separate pools of %d threads: %d mismatches\n", threads, mismatches);
  total += mismatches;
  sinter_pool_destroy(first);
  sinter_pool_destroy(second);

  mismatches = run_both(&a, &b, NULL, NULL);
  printf("no executor: %d mismatches\n", mismatches);
  total += mismatches;
  release(&a);
  release(&b);
  return total ? 1 : 0;
}
