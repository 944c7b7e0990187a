/* cpu_check.c: a C program linked with a model's object file and the
 * runtime, built with `-include MODEL.h -DPREFIX=name`. Prints the CPU
 * features the model's info records, then runs it on zero inputs with
 * P_run and P_run_parallel and prints their status, and what
 * sinter_check_cpu_features reports missing. SINTER_CPU_DISABLE in the
 * environment makes the check treat features as absent. */

#include <stdio.h>
#include <stdlib.h>

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define MODEL_INFO CAT(PREFIX, _info)
#define MODEL_WORKSPACE_SIZE CAT(PREFIX, _workspace_size)
#define MODEL_RUN CAT(PREFIX, _run)
#define MODEL_RUN_PARALLEL CAT(PREFIX, _run_parallel)

int main(void) {
  const sinter_model_info *info = MODEL_INFO();
  printf("requires: '%s'\n", info->cpu_features);
  const void **inputs = calloc(info->num_inputs, sizeof *inputs);
  void **outputs = calloc(info->num_outputs, sizeof *outputs);
  for (uint32_t i = 0; i < info->num_inputs; ++i)
    inputs[i] = calloc(1, sinter_tensor_bytes(&info->inputs[i]) + 1);
  for (uint32_t i = 0; i < info->num_outputs; ++i)
    outputs[i] = calloc(1, sinter_tensor_bytes(&info->outputs[i]) + 1);
  void *workspace = sinter_workspace_alloc(MODEL_WORKSPACE_SIZE());
  int status = MODEL_RUN(inputs, outputs, workspace);
  int parallel = MODEL_RUN_PARALLEL(NULL, inputs, outputs, workspace);
  char missing[128];
  sinter_check_cpu_features(info->cpu_features, missing, sizeof missing);
  printf("run: %d (%s); run_parallel: %d; missing: '%s'\n", status,
         sinter_status_string(status), parallel, missing);
  sinter_workspace_free(workspace);
  for (uint32_t i = 0; i < info->num_inputs; ++i)
    free((void *)inputs[i]);
  for (uint32_t i = 0; i < info->num_outputs; ++i)
    free(outputs[i]);
  free(inputs);
  free(outputs);
  return 0;
}
