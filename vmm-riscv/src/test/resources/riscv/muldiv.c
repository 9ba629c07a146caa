/* M extension edge cases, exactly as the ISA manual's table: division by zero, the signed
 * overflow MIN / -1, and the W forms' sign extension. Operands are volatile so the compiler
 * cannot fold the operations away. Inline asm where C would be undefined behaviour. */
#include "rt.h"

#define OP(name, insn, a, b)                                                  \
  do {                                                                        \
    u64 r;                                                                    \
    __asm__ volatile(insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));           \
    show(name, r);                                                            \
  } while (0)

int main(void) {
  volatile i64 zero = 0, seven = 7, m7 = -7, min = (i64)0x8000000000000000UL, m1 = -1;
  volatile i64 min32 = (i64)(i32)0x80000000, big = 0x123456789abcdefL;
  OP("div 7/0", "div", seven, zero);
  OP("divu 7/0", "divu", seven, zero);
  OP("rem 7%0", "rem", seven, zero);
  OP("remu -7%0", "remu", m7, zero);
  OP("div min/-1", "div", min, m1);
  OP("rem min%-1", "rem", min, m1);
  OP("div -7/2", "div", m7, (i64)2);
  OP("rem -7%2", "rem", m7, (i64)2);
  OP("divu -7/2", "divu", m7, (i64)2);
  OP("remu -7%2", "remu", m7, (i64)2);
  OP("divw 7/0", "divw", seven, zero);
  OP("divuw 7/0", "divuw", seven, zero);
  OP("remw -7%0", "remw", m7, zero);
  OP("remuw -7%0", "remuw", m7, zero);
  OP("divw min32/-1", "divw", min32, m1);
  OP("remw min32%-1", "remw", min32, m1);
  OP("divuw big/3", "divuw", big, (i64)3);
  OP("mul", "mul", big, m7);
  OP("mulh", "mulh", big, m7);
  OP("mulhu", "mulhu", big, m7);
  OP("mulhsu", "mulhsu", m7, big);
  OP("mulhsu -7*-1", "mulhsu", m7, m1);
  OP("mulh min*min", "mulh", min, min);
  OP("mulw", "mulw", big, big);
  i64 acc = 1;
  for (volatile int i = 1; i < 20; i++) acc = acc * i / (i % 3 + 1) + i;
  show("loop", (u64)acc);
  return (int)(acc & 0x3f);
}
