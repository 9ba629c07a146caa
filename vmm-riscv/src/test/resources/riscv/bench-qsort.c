/* Benchmark: quicksort of 2M pseudo-random 32-bit integers through a comparison function pointer,
 * as C's qsort does. Indirect calls, unpredictable branches, word loads and stores. */
#define COUNT (1 << 21)
#define BENCH_ARENA (COUNT * sizeof(i32) + 16)
#include "bench.h"

static i32 *data;

typedef int (*compare_fn)(const void *, const void *);

static int compare_ints(const void *a, const void *b) {
  i32 x = *(const i32 *)a, y = *(const i32 *)b;
  return (x > y) - (x < y);
}

static void swap(i32 *a, i32 *b) {
  i32 t = *a;
  *a = *b;
  *b = t;
}

/* Median-of-three quicksort with insertion sort below 16 elements; recurses on the smaller side. */
static void sort(i32 *a, long n, compare_fn cmp) {
  while (n > 16) {
    long mid = n / 2;
    if (cmp(&a[mid], &a[0]) < 0) swap(&a[mid], &a[0]);
    if (cmp(&a[n - 1], &a[0]) < 0) swap(&a[n - 1], &a[0]);
    if (cmp(&a[n - 1], &a[mid]) < 0) swap(&a[n - 1], &a[mid]);
    i32 pivot = a[mid];
    long i = 0, j = n - 1;
    for (;;) {
      while (cmp(&a[i], &pivot) < 0) i++;
      while (cmp(&pivot, &a[j]) < 0) j--;
      if (i >= j) break;
      swap(&a[i], &a[j]);
      i++;
      j--;
    }
    long left = j + 1;
    if (left < n - left) {
      sort(a, left, cmp);
      a += left;
      n -= left;
    } else {
      sort(a + left, n - left, cmp);
      n = left;
    }
  }
  for (long i = 1; i < n; i++) {
    i32 v = a[i];
    long k = i;
    while (k > 0 && cmp(&a[k - 1], &v) > 0) {
      a[k] = a[k - 1];
      k--;
    }
    a[k] = v;
  }
}

int main(void) {
  data = allocate(COUNT * sizeof *data);
  u64 x = 88172645463325252UL;
  for (int i = 0; i < COUNT; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    data[i] = (i32)x;
  }
  sort(data, COUNT, compare_ints);
  int sorted = 1;
  u64 checksum = 0;
  for (int i = 0; i < COUNT; i++) {
    if (i > 0) sorted &= data[i - 1] <= data[i];
    checksum = checksum * 1000003 + (u32)data[i];
  }
  show("sorted", (u64)sorted);
  show("min", (u64)(i64)data[0]);
  show("max", (u64)(i64)data[COUNT - 1]);
  show("checksum", checksum);
  return (int)(checksum & 0x7F);
}
