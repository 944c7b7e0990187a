/*===- cpu.c - the CPU-feature check of compiled models ------------------===*
 *
 * sinter_check_cpu_features runs at the start of every P_run of an object,
 * so it must not read CPUID itself: under a hypervisor each CPUID traps,
 * and reading the leaves per feature cost about 0.6 ms per check on this
 * project's VM, twice a small model's run. __builtin_cpu_supports reads the
 * C runtime's CPU model instead, which CPUID and XGETBV (the operating
 * system's support of the AVX and AVX-512 register state) filled once when
 * the program started; the runtime itself keeps no state.
 *
 *===----------------------------------------------------------------------===*/

#include "sinter/sinter.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Whether the `length` bytes of `name` spell `feature`. */
static bool names(const char *name, size_t length, const char *feature) {
  return strlen(feature) == length && strncmp(feature, name, length) == 0;
}

/* Whether this CPU has the feature `name` (`length` bytes); features the
 * runtime does not know are not checked. */
static bool cpu_has(const char *name, size_t length) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
#define SINTER_FEATURE_TEST(feature)                                           \
  if (names(name, length, feature))                                            \
    return __builtin_cpu_supports(feature) != 0;
  SINTER_X86_FEATURES(SINTER_FEATURE_TEST)
#undef SINTER_FEATURE_TEST
#endif
  (void)name;
  (void)length;
  return true;
}

/* Whether the comma-separated `list` holds the `length` bytes of `name`. */
static bool list_contains(const char *list, const char *name, size_t length) {
  while (list && *list) {
    const char *end = strchr(list, ',');
    size_t item = end ? (size_t)(end - list) : strlen(list);
    if (item == length && strncmp(list, name, length) == 0)
      return true;
    list = end ? end + 1 : NULL;
  }
  return false;
}

/* Appends `length` bytes of `name` to `missing`, comma-separated, as far as
 * it fits (always terminated). */
static void append_name(char *missing, size_t size, const char *name, size_t length) {
  if (!missing || size == 0)
    return;
  size_t used = strlen(missing);
  if (used > 0 && used + 1 < size)
    missing[used++] = ',';
  size_t room = size - 1 - used;
  size_t copy = length < room ? length : room;
  memcpy(missing + used, name, copy);
  missing[used + copy] = '\0';
}

int sinter_check_cpu_features(const char *required, char *missing, size_t missing_size) {
  if (missing && missing_size > 0)
    missing[0] = '\0';
  const char *disabled = getenv("SINTER_CPU_DISABLE");
  int status = SINTER_OK;
  while (required && *required) {
    const char *end = strchr(required, ',');
    size_t length = end ? (size_t)(end - required) : strlen(required);
    if (!cpu_has(required, length) || list_contains(disabled, required, length)) {
      status = SINTER_ERROR_CPU_FEATURES;
      append_name(missing, missing_size, required, length);
    }
    required = end ? end + 1 : NULL;
  }
  return status;
}
