/*===- cpu.c - the CPU-feature check of compiled models ------------------===*
 *
 * sinter_check_cpu_features reads CPUID (and XGETBV for the operating
 * system's support of the AVX and AVX-512 register state) on every call: no
 * state is kept, and the check costs well under a microsecond next to a
 * model's run.
 *
 *===----------------------------------------------------------------------===*/

#include "sinter/sinter.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

typedef struct {
  const char *name;
  unsigned leaf, subleaf, reg, bit;
} x86_feature;

#define SINTER_FEATURE_ENTRY(name, leaf, subleaf, reg, bit) {name, leaf, subleaf, reg, bit},
static const x86_feature kFeatures[] = {SINTER_X86_FEATURES(SINTER_FEATURE_ENTRY)};
#undef SINTER_FEATURE_ENTRY

/* XCR0 bits: SSE and AVX state (1, 2); AVX-512's opmask and upper registers
 * (5, 6, 7). */
static unsigned long long os_register_state(void) {
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & (1u << 27)))
    return 0; /* no OSXSAVE: the OS saves no extended state */
  unsigned low, high;
  __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
  return ((unsigned long long)high << 32) | low;
}

static bool cpu_has(const x86_feature *feature) {
  unsigned regs[4];
  unsigned max_leaf = __get_cpuid_max(feature->leaf & 0x80000000u, NULL);
  if (max_leaf < feature->leaf)
    return false;
  __cpuid_count(feature->leaf, feature->subleaf, regs[0], regs[1], regs[2], regs[3]);
  if (!(regs[feature->reg] & (1u << feature->bit)))
    return false;
  bool avx = strncmp(feature->name, "avx", 3) == 0 || strcmp(feature->name, "fma") == 0 ||
             strcmp(feature->name, "f16c") == 0;
  if (!avx)
    return true;
  unsigned long long state = os_register_state();
  if ((state & 0x6) != 0x6)
    return false;
  return strncmp(feature->name, "avx512", 6) != 0 || (state & 0xe0) == 0xe0;
}

static const x86_feature *find_feature(const char *name, size_t length) {
  for (size_t i = 0; i < sizeof kFeatures / sizeof kFeatures[0]; ++i)
    if (strlen(kFeatures[i].name) == length && strncmp(kFeatures[i].name, name, length) == 0)
      return &kFeatures[i];
  return NULL;
}
#endif

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
    bool present = true;
#if defined(__x86_64__) || defined(__i386__)
    const x86_feature *feature = find_feature(required, length);
    present = !feature || cpu_has(feature);
#endif
    if (list_contains(disabled, required, length))
      present = false;
    if (!present) {
      status = SINTER_ERROR_CPU_FEATURES;
      append_name(missing, missing_size, required, length);
    }
    required = end ? end + 1 : NULL;
  }
  return status;
}
