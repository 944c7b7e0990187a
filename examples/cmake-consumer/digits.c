/* digits.c: classifies the held-out handwritten digits that
 * train_digits.py wrote, with both compiled models, and prints each one's
 * accuracy beside torch's and how often the two agree. The CNN's weights
 * are in the file DIGITS_CNN_WEIGHTS (WEIGHTS file in CMakeLists.txt); the
 * MLP's are in its object.
 * Usage: digits DIGITS_DIR. Exit status 1 when a file is missing or a run
 * fails. */

#include "digits_cnn.h" /* digits_cnn_info, _workspace_size, _run_with_weights */
#include "mlp.h"        /* mlp_info, mlp_workspace_size, mlp_run_with_weights */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kImages = 360, kPixels = 64, kClasses = 10 };

static int read_file(const char *dir, const char *name, void *data, size_t bytes) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *file = fopen(path, "rb");
  size_t got = file ? fread(data, 1, bytes, file) : 0;
  if (file)
    fclose(file);
  if (got != bytes) {
    fprintf(stderr, "digits: cannot read %zu bytes from %s\n", bytes, path);
    return 0;
  }
  return 1;
}

/* Classifies every image with one model (its weights: NULL when they are
 * in the object); returns the number it gets right, or -1 when a run
 * fails. */
static int classify(const char *name, sinter_run_with_weights_fn run, const void *weights,
                    size_t workspace_size, const float *images, const unsigned char *labels,
                    const unsigned char *torch_predictions) {
  void *workspace = sinter_workspace_alloc(workspace_size);
  int correct = 0, torch_correct = 0, agree = 0;
  for (int i = 0; i < kImages; ++i) {
    float logits[kClasses];
    const void *inputs[] = {images + (size_t)i * kPixels};
    void *outputs[] = {logits};
    int status = run(weights, NULL, inputs, outputs, workspace);
    if (status != SINTER_OK) {
      fprintf(stderr, "digits: %s: %s\n", name, sinter_status_string(status));
      sinter_workspace_free(workspace);
      return -1;
    }
    int best = 0;
    for (int c = 1; c < kClasses; ++c)
      if (logits[c] > logits[best])
        best = c;
    correct += best == labels[i];
    torch_correct += torch_predictions[i] == labels[i];
    agree += best == torch_predictions[i];
  }
  sinter_workspace_free(workspace);
  printf("%s: %.1f%% of %d held-out digits right (torch: %.1f%%); same answer as torch on %d of %d\n",
         name, 100.0 * correct / kImages, kImages, 100.0 * torch_correct / kImages, agree,
         kImages);
  return correct;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: digits DIGITS_DIR\n");
    return 1;
  }
  static float images[kImages * kPixels];
  static unsigned char labels[kImages], torch_predictions[2 * kImages];
  if (!read_file(argv[1], "test_images.f32", images, sizeof images) ||
      !read_file(argv[1], "test_labels.u8", labels, sizeof labels) ||
      !read_file(argv[1], "torch_predictions.u8", torch_predictions, sizeof torch_predictions))
    return 1;
  sinter_weights cnn_weights;
  char error[512];
  if (sinter_weights_open(DIGITS_CNN_WEIGHTS, digits_cnn_info(), &cnn_weights, error,
                          sizeof error) != SINTER_OK) {
    fprintf(stderr, "digits: %s\n", error);
    return 1;
  }
  int failed = classify(digits_cnn_info()->name, digits_cnn_run_with_weights, cnn_weights.data,
                        digits_cnn_workspace_size(), images, labels, torch_predictions) < 0 ||
               classify(mlp_info()->name, mlp_run_with_weights, NULL, mlp_workspace_size(),
                        images, labels, torch_predictions + kImages) < 0;
  sinter_weights_close(&cnn_weights);
  return failed;
}
