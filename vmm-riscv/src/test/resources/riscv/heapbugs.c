// The classic C heap bugs, one per argument, each in a function of its own so that reports name
// it: the allocation and free sites are the return addresses of the malloc/free calls in
// allocate_* and release, and the faulting access is in the bug's own function. Built with
// -fno-optimize-sibling-calls so that no call to free is a tail call (its site would then be the
// caller's caller). Pointers pass through the volatile global `keep` so the compiler cannot see
// through them and drop or fold the buggy access.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

struct record {
  int id;
  char name[12];
};

void *volatile keep;
volatile long sink;

NOINLINE int *allocate_ints(size_t count) {
  int *a = malloc(count * sizeof *a);
  for (size_t i = 0; i < count; i++) {
    a[i] = (int)i;
  }
  keep = a;
  return keep;
}

NOINLINE struct record *allocate_records(size_t count) {
  struct record *r = calloc(count, sizeof *r);
  keep = r;
  return keep;
}

NOINLINE void release(void *p) {
  free(p);
  sink++;
}

NOINLINE int use_after_free(void) {
  int *a = allocate_ints(8);
  release(a);
  return a[2];
}

NOINLINE void overflow_one_past_the_end(void) {
  int *a = allocate_ints(10);
  a[10] = 42;
  release(a);
}

NOINLINE int underflow_before_the_start(void) {
  int *a = allocate_ints(10);
  int v = a[-1];
  release(a);
  return v;
}

NOINLINE void double_free(void) {
  int *a = allocate_ints(4);
  release(a);
  release(a);
}

NOINLINE void invalid_free(void) {
  int *a = allocate_ints(4);
  release(a + 1);
}

NOINLINE int use_after_realloc(void) {
  int *a = allocate_ints(4);
  int *blocker = allocate_ints(4); // the block right after a: realloc must move a
  int *b = realloc(a, 1000 * sizeof *b);
  keep = b;
  int v = a[1];
  release(b);
  release(blocker);
  return v;
}

NOINLINE void overflow_in_struct_array(size_t count) {
  struct record *r = allocate_records(count);
  for (size_t i = 0; i <= count; i++) { // off by one: writes record `count` too
    r[i].id = (int)i;
    strcpy(r[i].name, "rec");
  }
  release(r);
}

NOINLINE void leak(void) {
  keep = malloc(100);
  strcpy((char *)keep, "never freed");
  sink += (long)strlen((char *)keep);
  keep = NULL; // the only pointer to the block is gone
}

NOINLINE void jump_to_unmapped(void) {
  void (*target)(void) = (void (*)(void))0x100000000L;
  keep = (void *)target;
  ((void (*)(void))keep)();
}

NOINLINE long write_freed(void) {
  char *text = (char *)allocate_ints(4);
  strcpy(text, "gone\n");
  release(text);
  return write(1, text, 5); // the kernel reads freed memory
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: heapbugs BUG\n");
    return 2;
  }
  const char *bug = argv[1];
  printf("running %s\n", bug);
  if (!strcmp(bug, "use-after-free")) {
    sink = use_after_free();
  } else if (!strcmp(bug, "overflow")) {
    overflow_one_past_the_end();
  } else if (!strcmp(bug, "underflow")) {
    sink = underflow_before_the_start();
  } else if (!strcmp(bug, "double-free")) {
    double_free();
  } else if (!strcmp(bug, "invalid-free")) {
    invalid_free();
  } else if (!strcmp(bug, "use-after-realloc")) {
    sink = use_after_realloc();
  } else if (!strcmp(bug, "struct-array")) {
    overflow_in_struct_array(5);
  } else if (!strcmp(bug, "leak")) {
    leak();
  } else if (!strcmp(bug, "jump-unmapped")) {
    jump_to_unmapped();
  } else if (!strcmp(bug, "write-freed")) {
    sink = write_freed();
  } else {
    fprintf(stderr, "unknown bug %s\n", bug);
    return 2;
  }
  printf("survived %s\n", bug);
  return 0;
}
