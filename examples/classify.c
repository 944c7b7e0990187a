/* classify.c: links the bundled example model, compiled by
 *   sinter-compile tiny_resnet.onnx -o tiny_resnet.o
 * and the Sinter runtime, and classifies a synthetic 32x32 image. */

#include "tiny_resnet.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>

int main(void) {
  const sinter_model_info *info = tiny_resnet_info();
  printf("model %s: input \"%s\" [%lld, %lld, %lld, %lld], output \"%s\" [%lld, %lld], "
         "workspace %llu bytes\n",
         info->name, info->inputs[0].name, (long long)info->inputs[0].shape[0],
         (long long)info->inputs[0].shape[1], (long long)info->inputs[0].shape[2],
         (long long)info->inputs[0].shape[3], info->outputs[0].name,
         (long long)info->outputs[0].shape[0], (long long)info->outputs[0].shape[1],
         (unsigned long long)tiny_resnet_workspace_size());

  /* A synthetic image: a bright diagonal stripe on a dark gradient. */
  static float image[1 * 3 * 32 * 32];
  for (int c = 0; c < 3; ++c)
    for (int y = 0; y < 32; ++y)
      for (int x = 0; x < 32; ++x)
        image[(c * 32 + y) * 32 + x] =
            (abs(x - y) < 3 ? 1.0f : -0.5f) + 0.02f * (float)(x + c * y);
  float logits[10];

  void *workspace = sinter_workspace_alloc(tiny_resnet_workspace_size());
  const void *inputs[] = {image};
  void *outputs[] = {logits};
  int status = tiny_resnet_run(inputs, outputs, workspace);
  sinter_workspace_free(workspace);
  if (status != SINTER_OK) {
    fprintf(stderr, "tiny_resnet_run failed: %s\n", sinter_status_string(status));
    return 1;
  }

  /* Softmax over the 10 classes, then the three most likely. */
  float largest = logits[0], total = 0, probabilities[10];
  for (int i = 1; i < 10; ++i)
    largest = logits[i] > largest ? logits[i] : largest;
  for (int i = 0; i < 10; ++i)
    total += probabilities[i] = expf(logits[i] - largest);
  printf("logits:");
  for (int i = 0; i < 10; ++i)
    printf(" %.4f", logits[i]);
  printf("\n");
  for (int rank = 0; rank < 3; ++rank) {
    int best = 0;
    for (int i = 1; i < 10; ++i)
      if (probabilities[i] > probabilities[best])
        best = i;
    printf("top %d: class %d, probability %.3f\n", rank + 1, best,
           probabilities[best] / total);
    probabilities[best] = -1;
  }
  return 0;
}
