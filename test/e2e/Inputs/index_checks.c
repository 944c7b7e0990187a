/* Runs the model of index_checks.onnxtxt (an embedding lookup with Gather
 * and a ScatterElements) with indices in range, including negative ones,
 * and then with an index out of range for each op: P_run must return
 * SINTER_ERROR_INDEX_OUT_OF_RANGE, and the buffers around the outputs and
 * the workspace (guard bytes) must be untouched. Prints "ok" or the first
 * failure and exits 1. */

#include "index_checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kGuard = 256 };

static int failures;

static void expect(int condition, const char *what) {
  if (!condition) {
    printf("FAILED: %s\n", what);
    ++failures;
  }
}

/* The table's row r holds 10 r + column. */
static float tableAt(int64_t row, int64_t column) {
  return (float)(10 * row + column);
}

/* A buffer with kGuard bytes of 0xA5 on both sides. */
static unsigned char *guarded(size_t bytes) {
  unsigned char *block = malloc(bytes + 2 * kGuard);
  memset(block, 0xA5, bytes + 2 * kGuard);
  return block;
}

static int guardsIntact(const unsigned char *block, size_t bytes) {
  for (size_t i = 0; i < kGuard; ++i)
    if (block[i] != 0xA5 || block[kGuard + bytes + i] != 0xA5)
      return 0;
  return 1;
}

static int run(const int64_t ids[6], const int64_t positions[4],
               float rows[24], float scattered[12]) {
  const float updates[4] = {1.5f, 2.5f, 3.5f, 4.5f};
  unsigned char *rowsBlock = guarded(24 * sizeof(float));
  unsigned char *scatteredBlock = guarded(12 * sizeof(float));
  void *workspace = sinter_workspace_alloc(index_checks_workspace_size());
  const void *inputs[] = {ids, positions, updates};
  void *outputs[] = {rowsBlock + kGuard, scatteredBlock + kGuard};
  int status = index_checks_run(inputs, outputs, workspace);
  expect(guardsIntact(rowsBlock, 24 * sizeof(float)),
         "the bytes around 'rows' are untouched");
  expect(guardsIntact(scatteredBlock, 12 * sizeof(float)),
         "the bytes around 'scattered' are untouched");
  memcpy(rows, rowsBlock + kGuard, 24 * sizeof(float));
  memcpy(scattered, scatteredBlock + kGuard, 12 * sizeof(float));
  free(rowsBlock);
  free(scatteredBlock);
  sinter_workspace_free(workspace);
  return status;
}

int main(void) {
  float rows[24], scattered[12];

  /* In range: -1 is the last row, -5 the first; positions [-1, 1] and
   * [0, 0] put 3.5 into (1, 3), 4.5 into (1, 1), and 1.5 + 2.5 into (0, 0). */
  const int64_t ids[6] = {0, 4, -1, 2, -5, 3};
  const int64_t positions[4] = {0, 0, -1, 1};
  expect(run(ids, positions, rows, scattered) == SINTER_OK,
         "indices in range run with SINTER_OK");
  for (int i = 0; i < 6; ++i) {
    int64_t row = ids[i] < 0 ? ids[i] + 5 : ids[i];
    for (int column = 0; column < 4; ++column)
      expect(rows[i * 4 + column] == tableAt(row, column),
             "each gathered row is the table's row");
  }
  const float expected[12] = {4.0f, 0, 0, 0, 0, 4.5f, 0, 3.5f, 0, 0, 0, 0};
  for (int i = 0; i < 12; ++i)
    expect(scattered[i] == expected[i], "the scatter adds the updates");

  /* Out of range for the Gather (5 rows), then for the scatter (4 columns),
   * by one past each end and by far. */
  const int64_t badIds[][6] = {{0, 5, 0, 0, 0, 0},
                               {0, 0, 0, -6, 0, 0},
                               {0, 0, 0, 0, 0, INT64_MAX}};
  for (size_t i = 0; i < sizeof badIds / sizeof badIds[0]; ++i)
    expect(run(badIds[i], positions, rows, scattered) ==
               SINTER_ERROR_INDEX_OUT_OF_RANGE,
           "a Gather index out of range returns "
           "SINTER_ERROR_INDEX_OUT_OF_RANGE");
  const int64_t badPositions[][4] = {{0, 4, 0, 0}, {0, 0, -5, 0},
                                     {INT64_MIN, 0, 0, 0}};
  for (size_t i = 0; i < sizeof badPositions / sizeof badPositions[0]; ++i)
    expect(run(ids, badPositions[i], rows, scattered) ==
               SINTER_ERROR_INDEX_OUT_OF_RANGE,
           "a ScatterElements index out of range returns "
           "SINTER_ERROR_INDEX_OUT_OF_RANGE");
  expect(strstr(sinter_status_string(SINTER_ERROR_INDEX_OUT_OF_RANGE),
                "out of range") != NULL,
         "the status has a message");

  if (failures)
    return 1;
  printf("ok\n");
  return 0;
}
