/* Benchmark: a sieve of Eratosthenes over a 2 MB byte array, repeated. Byte loads and stores,
 * tight loops, few calls: the shape of array-crunching integer code. */
#include "rt.h"

#define N 2000000
#define ROUNDS 20
static unsigned char composite[N + 1];

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
  u64 checksum = 0;
  for (int round = 0; round < ROUNDS; round++) checksum = checksum * 31 + sieve();
  show("sieve checksum", checksum);
  return (int)(checksum & 0x7F);
}
