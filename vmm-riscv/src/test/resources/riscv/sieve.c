/* A sieve of Eratosthenes and a heap sort of pseudo-random numbers: loops, arrays and calls,
 * the kind of code the compiler packs with compressed instructions. */
#include "rt.h"

#define N 20000
static unsigned char composite[N + 1];
static u32 data[2000];

static void sift(u32 *a, int start, int end) {
  int root = start;
  while (2 * root + 1 <= end) {
    int child = 2 * root + 1;
    if (child + 1 <= end && a[child] < a[child + 1]) child++;
    if (a[root] >= a[child]) return;
    u32 t = a[root];
    a[root] = a[child];
    a[child] = t;
    root = child;
  }
}

static void heapsort(u32 *a, int n) {
  for (int s = (n - 2) / 2; s >= 0; s--) sift(a, s, n - 1);
  for (int end = n - 1; end > 0; end--) {
    u32 t = a[0];
    a[0] = a[end];
    a[end] = t;
    sift(a, 0, end - 1);
  }
}

int main(void) {
  int primes = 0;
  u64 sum = 0;
  for (int i = 2; i <= N; i++) {
    if (composite[i]) continue;
    primes++;
    sum += (u64)i;
    for (int j = i * 2; j <= N; j += i) composite[j] = 1;
  }
  puts_("primes below ");
  put_dec(N);
  puts_(": ");
  put_dec(primes);
  puts_("\n");
  show("prime sum", sum);

  u64 x = 88172645463325252UL;
  for (int i = 0; i < 2000; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    data[i] = (u32)x;
  }
  heapsort(data, 2000);
  int sorted = 1;
  for (int i = 1; i < 2000; i++) sorted &= data[i - 1] <= data[i];
  show("sorted", (u64)sorted);
  show("min", data[0]);
  show("median", data[1000]);
  show("max", data[1999]);
  return primes % 256;
}
