/* RV64I edge cases: wrap-around, shifts by large amounts, signed/unsigned compares, the 32-bit
 * W forms and their sign extension, loads of every width and signedness. */
#include "rt.h"

static volatile i64 v[] = {0, 1, -1, 0x7fffffffffffffffL, (i64)0x8000000000000000UL,
                           0x7fffffff, (i64)0xffffffff80000000UL, 0x123456789abcdef0L, 63, 64, 31, 32};

static volatile unsigned char bytes[16] = {0x80, 0x7f, 0xff, 0x01, 0x00, 0x80, 0xff, 0xff,
                                           0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};

int main(void) {
  u64 h = 0;
  int n = sizeof v / sizeof v[0];
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      i64 a = v[i], b = v[j];
      u64 r[] = {
          (u64)(a + b), (u64)(a - b), (u64)a << (b & 63), (u64)a >> (b & 63), (u64)(a >> (b & 63)),
          (u64)(a < b), (u64)((u64)a < (u64)b), (u64)(a ^ b), (u64)(a | b), (u64)(a & b),
          (u64)(i64)(i32)((u32)a + (u32)b), (u64)(i64)(i32)((u32)a - (u32)b),
          (u64)(i64)(i32)((u32)a << (b & 31)), (u64)(i64)(i32)((u32)a >> (b & 31)),
          (u64)(i64)((i32)a >> (b & 31)),
      };
      for (unsigned k = 0; k < sizeof r / sizeof r[0]; k++) h = (h ^ r[k]) * 0x100000001b3UL;
    }
  }
  show("alu hash", h);

  volatile unsigned char *p = bytes;
  show("lb", (u64)(i64) * (volatile signed char *)p);
  show("lbu", *p);
  show("lh", (u64)(i64) * (volatile short *)(p + 4));
  show("lhu", *(volatile unsigned short *)(p + 4));
  show("lw", (u64)(i64) * (volatile int *)(p + 4));
  show("lwu", *(volatile u32 *)(p + 4));
  show("ld", *(volatile u64 *)(p + 8));
  show("ld misaligned", *(volatile u64 *)(p + 3));

  volatile i64 big = 0x7fffffffffffffffL;
  show("max + 1", (u64)(big + 1));
  show("lui/addi", (u64)(i64)(i32)0xdeadbeef);
  return (int)(h & 0x7f);
}
