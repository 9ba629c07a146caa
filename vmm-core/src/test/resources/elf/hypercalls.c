/* A static glibc program that talks to the VMM: its hypercalls (a7 in 0x0F000000..0x0F000FFF)
 * reach vmm-core's dispatcher, everything else glibc's Linux system calls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long hypercall2(long number, long a0, long a1) {
  register long r_a0 __asm__("a0") = a0;
  register long r_a1 __asm__("a1") = a1;
  register long r_a7 __asm__("a7") = number;
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a7) : "memory");
  return r_a0;
}

#define INFO 0x0F000000L
#define CONSOLE_WRITE 0x0F000001L

int main(void) {
  unsigned char *info = malloc(24);
  long n = hypercall2(INFO, (long)info, 24);
  unsigned int abi;
  memcpy(&abi, info + 8, 4);
  printf("info: %ld bytes, abi %u\n", n, abi);
  fflush(stdout);

  char *line = malloc(32);
  strcpy(line, "console: from the heap\n");
  long written = hypercall2(CONSOLE_WRITE, (long)line, (long)strlen(line));
  free(line);
  long stale = hypercall2(CONSOLE_WRITE, (long)line, 8); /* freed: the VMM refuses it */
  long wild = hypercall2(CONSOLE_WRITE, 0x10, 8);        /* unmapped */
  printf("written %ld, stale %ld, wild %ld\n", written, stale, wild);
  free(info);
  return 7;
}
