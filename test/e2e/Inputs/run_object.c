/* run_object.c: a C program linked with a model's object file and the
 * runtime, built with `-include MODEL.h -DPREFIX=name`.
 *
 *   run_object [--weights FILE] IN_0.raw ... OUT_0.raw ...
 *
 * Reads raw input tensors, runs the model, writes raw outputs. Along the way
 * it checks the ABI: the info table agrees with the header's macros, NULL
 * and misaligned arguments give their status codes, and two threads running
 * the model at once with their own buffers get the single-thread answer.
 * A model compiled with --weights=file runs on FILE, mapped with
 * sinter_weights_open; without its weights, with misaligned ones or with
 * another file it gets SINTER_ERROR_WEIGHTS. */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define MODEL_INFO CAT(PREFIX, _info)
#define MODEL_WORKSPACE_SIZE CAT(PREFIX, _workspace_size)
#define MODEL_RUN_WITH_WEIGHTS CAT(PREFIX, _run_with_weights)
#define MODEL_RUN(inputs, outputs, workspace) \
  MODEL_RUN_WITH_WEIGHTS(weights.data, NULL, inputs, outputs, workspace)

static const sinter_model_info *info;
static const void **inputs;
static sinter_weights weights;

static void fail(const char *message) {
  fprintf(stderr, "run_object: %s\n", message);
  exit(1);
}

static void *read_file(const char *path, size_t bytes) {
  FILE *file = fopen(path, "rb");
  if (!file)
    fail("cannot open an input file");
  void *data = malloc(bytes ? bytes : 1);
  if (fread(data, 1, bytes, file) != bytes || fgetc(file) != EOF)
    fail("an input file does not have the model's input size");
  fclose(file);
  return data;
}

/* Runs the model once into fresh outputs; returns them. */
static void **run_once(void) {
  void **outputs = calloc(info->num_outputs, sizeof *outputs);
  for (uint32_t i = 0; i < info->num_outputs; ++i)
    outputs[i] = malloc(sinter_tensor_bytes(&info->outputs[i]) + 1);
  void *workspace = sinter_workspace_alloc(MODEL_WORKSPACE_SIZE());
  int status = MODEL_RUN(inputs, outputs, workspace);
  if (status != SINTER_OK)
    fail(sinter_status_string(status));
  sinter_workspace_free(workspace);
  return outputs;
}

static void free_outputs(void **outputs) {
  for (uint32_t i = 0; i < info->num_outputs; ++i)
    free(outputs[i]);
  free(outputs);
}

static void *thread_main(void *result) {
  *(void ***)result = run_once();
  return NULL;
}

/* Opens the weights file, after checking what happens without it. */
static void open_weights(const char *path, const char *other_file) {
  char error[512];
  void *no_outputs[16] = {0};
  if (CAT(PREFIX, _run)(inputs, no_outputs, NULL) != SINTER_ERROR_WEIGHTS)
    fail("a run without the weights was not refused");
  if (sinter_weights_open(other_file, info, &weights, error, sizeof error) !=
      SINTER_ERROR_WEIGHTS)
    fail("a file that is not the model's weights was accepted");
  printf("another file: %s\n", error);
  if (sinter_weights_open(path, info, &weights, error, sizeof error) != SINTER_OK)
    fail(error);
  void **outputs = run_once();
  void *workspace = sinter_workspace_alloc(info->workspace_size);
  const char *data = weights.data;
  if (MODEL_RUN_WITH_WEIGHTS(data + 4, NULL, inputs, outputs, workspace) !=
      SINTER_ERROR_WEIGHTS)
    fail("misaligned weights were not refused");
  sinter_workspace_free(workspace);
  free_outputs(outputs);
}

int main(int argc, char **argv) {
  info = MODEL_INFO();
  if (info->abi_version != SINTER_ABI_VERSION)
    fail("ABI version mismatch");
  const char *weights_path = NULL;
  if (argc > 2 && strcmp(argv[1], "--weights") == 0) {
    weights_path = argv[2];
    argv += 2;
    argc -= 2;
  }
  if ((info->weights_size > 0) != (weights_path != NULL))
    fail("--weights FILE is needed exactly for a model compiled with --weights=file");
  if ((size_t)argc != 1 + info->num_inputs + info->num_outputs)
    fail("usage: run_object IN... OUT...");
  if (MODEL_WORKSPACE_SIZE() != info->workspace_size)
    fail("workspace sizes disagree");

  inputs = calloc(info->num_inputs, sizeof *inputs);
  for (uint32_t i = 0; i < info->num_inputs; ++i)
    inputs[i] = read_file(argv[1 + i], sinter_tensor_bytes(&info->inputs[i]));
  if (weights_path)
    open_weights(weights_path, argv[1]);

  /* Bad arguments give status codes, never a crash. */
  void *outputs_for_checks[16] = {0};
  if (MODEL_RUN(NULL, outputs_for_checks, NULL) != SINTER_ERROR_NULL_POINTER)
    fail("a NULL input array was not refused");
  if (info->workspace_size > 0) {
    void **outputs = run_once();
    char *workspace = sinter_workspace_alloc(info->workspace_size + 64);
    if (MODEL_RUN(inputs, outputs, workspace + 8) != SINTER_ERROR_MISALIGNED_WORKSPACE)
      fail("a misaligned workspace was not refused");
    if (MODEL_RUN(inputs, outputs, NULL) != SINTER_ERROR_NULL_POINTER)
      fail("a NULL workspace was not refused");
    sinter_workspace_free(workspace);
    free_outputs(outputs);
  }

  /* Two threads at once, each with its own outputs and workspace. */
  void **single = run_once();
  void **results[2];
  pthread_t threads[2];
  for (int t = 0; t < 2; ++t)
    pthread_create(&threads[t], NULL, thread_main, &results[t]);
  for (int t = 0; t < 2; ++t)
    pthread_join(threads[t], NULL);
  for (int t = 0; t < 2; ++t)
    for (uint32_t i = 0; i < info->num_outputs; ++i)
      if (memcmp(results[t][i], single[i], sinter_tensor_bytes(&info->outputs[i])))
        fail("concurrent runs disagree with a single run");
  for (int t = 0; t < 2; ++t)
    free_outputs(results[t]);

  for (uint32_t i = 0; i < info->num_outputs; ++i) {
    FILE *file = fopen(argv[1 + info->num_inputs + i], "wb");
    if (!file)
      fail("cannot write an output file");
    fwrite(single[i], 1, sinter_tensor_bytes(&info->outputs[i]), file);
    fclose(file);
  }
  free_outputs(single);
  for (uint32_t i = 0; i < info->num_inputs; ++i)
    free((void *)inputs[i]);
  free(inputs);
  sinter_weights_close(&weights);
  printf("%s: %u inputs, %u outputs, workspace %llu bytes: ran\n", info->name,
         info->num_inputs, info->num_outputs,
         (unsigned long long)info->workspace_size);
  return 0;
}
