/* status.c: a program built with `pkg-config --cflags --libs sinter` alone;
 * prints one of the runtime's status strings. */
#include <sinter/sinter.h>
#include <stdio.h>

int main(void) {
  printf("status %d: %s\n", SINTER_ERROR_CPU_FEATURES,
         sinter_status_string(SINTER_ERROR_CPU_FEATURES));
  return 0;
}
