// qsort of seeded pseudo-random integers (a fixed linear congruential generator, so every run
// sorts the same numbers), checked for order and summarised by a checksum.
#include <stdio.h>
#include <stdlib.h>

#define COUNT 20000

static unsigned long long state = 20261125;

static int next_random(void) {
  state = state * 6364136223846793005ull + 1442695040888963407ull;
  return (int) (state >> 33) - (1 << 30);
}

static int compare(const void *a, const void *b) {
  int x = *(const int *) a;
  int y = *(const int *) b;
  return (x > y) - (x < y);
}

int main(void) {
  int *values = malloc(COUNT * sizeof *values);
  if (values == NULL) {
    return 1;
  }
  for (int i = 0; i < COUNT; i++) {
    values[i] = next_random();
  }
  qsort(values, COUNT, sizeof *values, compare);
  int sorted = 1;
  unsigned long long checksum = 0;
  for (int i = 0; i < COUNT; i++) {
    if (i > 0 && values[i - 1] > values[i]) {
      sorted = 0;
    }
    checksum = checksum * 31 + (unsigned) values[i];
  }
  printf("sorted %d, min %d, median %d, max %d, checksum %llx\n", sorted, values[0],
         values[COUNT / 2], values[COUNT - 1], checksum);
  for (int i = 0; i < COUNT; i += COUNT / 8) {
    printf("values[%d] = %d\n", i, values[i]);
  }
  free(values);
  return 0;
}
