/* A extension: AMOs through the builtins, an LR/SC compare-and-swap loop, and the LR/SC
 * reservation rule: an SC fails after an intervening store to the reserved address. */
#include "rt.h"

static volatile long counter;
static volatile int word = -5;
static volatile long cell;

static long sc_after_store(volatile long *p, long v) {
  long old, fail;
  __asm__ volatile("lr.d %0, (%2)\n"
                   "sd %3, 0(%2)\n" /* the hart's own store to the reserved address */
                   "sc.d %1, %3, (%2)\n"
                   : "=&r"(old), "=&r"(fail)
                   : "r"(p), "r"(v)
                   : "memory");
  return fail;
}

static long sc_plain(volatile long *p, long v) {
  long old, fail;
  __asm__ volatile("lr.d %0, (%2)\n"
                   "sc.d %1, %3, (%2)\n"
                   : "=&r"(old), "=&r"(fail)
                   : "r"(p), "r"(v)
                   : "memory");
  return fail;
}

static long sc_without_lr(volatile long *p, long v) {
  long fail;
  __asm__ volatile("sc.d %0, %2, (%1)\n" : "=&r"(fail) : "r"(p), "r"(v) : "memory");
  return fail;
}

int main(void) {
  for (int i = 0; i < 1000; i++) __atomic_fetch_add(&counter, i, __ATOMIC_SEQ_CST);
  show("amoadd sum", (u64)counter);
  show("amoswap old", (u64)__atomic_exchange_n(&counter, 42, __ATOMIC_SEQ_CST));
  show("amoor", (u64)__atomic_fetch_or(&counter, 0x100, __ATOMIC_RELAXED));
  show("amoand", (u64)__atomic_fetch_and(&counter, 0x10f, __ATOMIC_RELAXED));
  show("amoxor", (u64)__atomic_fetch_xor(&counter, -1, __ATOMIC_RELAXED));
  show("counter", (u64)counter);
  show("amoadd.w old", (u64)(long)__atomic_fetch_add(&word, 3, __ATOMIC_SEQ_CST));
  show("word", (u64)(long)word);

  /* A CAS loop: gcc emits lr.w/sc.w for the compare-exchange. */
  int expected = word;
  int attempts = 0;
  while (!__atomic_compare_exchange_n(&word, &expected, expected * 10, 0, __ATOMIC_SEQ_CST,
                                      __ATOMIC_SEQ_CST))
    attempts++;
  show("cas word", (u64)(long)word);
  show("cas retries", (u64)attempts);

  long min = 0, max = 0, minu = 0, maxu = 0;
  volatile long m = -3;
  __asm__ volatile("amomin.d %0, %2, (%1)" : "=r"(min) : "r"(&m), "r"(5L) : "memory");
  show("amomin.d old", (u64)min);
  show("after amomin", (u64)m);
  __asm__ volatile("amomax.d %0, %2, (%1)" : "=r"(max) : "r"(&m), "r"(5L) : "memory");
  show("after amomax", (u64)m);
  __asm__ volatile("amominu.d %0, %2, (%1)" : "=r"(minu) : "r"(&m), "r"(-1L) : "memory");
  show("after amominu", (u64)m);
  __asm__ volatile("amomaxu.d %0, %2, (%1)" : "=r"(maxu) : "r"(&m), "r"(-1L) : "memory");
  show("after amomaxu", (u64)m);

  show("sc after own store fails", (u64)sc_after_store(&cell, 7));
  show("sc plain succeeds", (u64)sc_plain(&cell, 9));
  show("cell", (u64)cell);
  show("sc without lr fails", (u64)sc_without_lr(&cell, 11));
  show("cell unchanged", (u64)cell);
  return (int)(counter & 0x7f);
}
