// Heap buffer overflow by one: the copy forgets room for the terminating NUL. The 16 bytes of a
// real allocator's chunk would hide this; vmm checks every access to the byte and stops at the
// store one past the end.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static char *duplicate(const char *text) {
  size_t length = strlen(text);
  char *copy = malloc(length);  // bug: length + 1
  for (size_t i = 0; i <= length; i++) {
    copy[i] = text[i];
  }
  return copy;
}

int main(void) {
  char *name = duplicate("guest-17");
  printf("%s\n", name);
  free(name);
  return 0;
}
