/* The benchmark programs' heap: malloc and free over a static arena (a bump allocator; free does
 * nothing). Natively, under qemu and on a plain memory the programs run these. vmm's LinuxProcess
 * finds them by their symbols and serves every call from its tagged heap instead, so there the
 * programs' working buffers are tagged allocations and, in checked mode, every access to them is
 * checked against its allocation. */
#ifndef BENCH_H
#define BENCH_H

#include "rt.h"

#ifndef BENCH_ARENA
#error "define BENCH_ARENA, the bytes the program allocates, before including bench.h"
#endif

static unsigned char bench_arena[BENCH_ARENA] __attribute__((aligned(16)));
static u64 bench_used;

__attribute__((noinline, used)) void *malloc(u64 size) {
  u64 at = (bench_used + 15) & ~15UL;
  if (size > BENCH_ARENA - at) return 0;
  bench_used = at + size;
  return bench_arena + at;
}

__attribute__((noinline, used)) void free(void *p) { (void)p; }

/* The program's buffer, or exit 99 (no benchmark of a missing buffer). */
static inline void *allocate(u64 size) {
  void *p = malloc(size);
  if (!p) exit(99);
  return p;
}

#endif
