// Double free: an error path frees a buffer that the normal path frees again.
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static int parse(char *buffer, int fail) {
  if (fail) {
    free(buffer);  // the error path cleans up ...
    return -1;
  }
  return 0;
}

int main(void) {
  char *buffer = malloc(64);
  if (parse(buffer, 1) < 0) {
    printf("parse failed\n");
  }
  free(buffer);  // ... and so does the caller
  return 0;
}
