// The first glibc program: static startup (TLS, IRELATIVE relocations, auxv), stdio's buffered
// printf with a number and a string, and an exit code through return from main.
#include <stdio.h>

int main(void) {
  const char *who = "glibc";
  printf("hello from %s, %d + %d = %d\n", who, 40, 2, 40 + 2);
  return 3;
}
