/* Benchmark: a sieve of Eratosthenes over a 2 MB byte array, repeated. Byte loads and stores,
 * tight loops, few calls: the shape of array-crunching integer code. */
#define N 2000000
#define ROUNDS 20
#define BENCH_ARENA (N + 16)
#include "bench.h"

static unsigned char *composite;

static u64 sieve(void) {
  for (int i = 0; i <= N; i++) composite[i] = 0;
  u64 count = 0, sum = 0;
  for (u64 i = 2; i <= N; i++) {
    if (composite[i]) continue;
    count++;
    sum += i;
    for (u64 j = i * i; j <= N; j += i) composite[j] = 1;
  }
  return count << 40 ^ sum;
}

int main(void) {
  composite = allocate(N + 1);
  u64 checksum = 0;
  for (int round = 0; round < ROUNDS; round++) checksum = checksum * 31 + sieve();
  show("sieve checksum", checksum);
  return (int)(checksum & 0x7F);
}
