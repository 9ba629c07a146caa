/* A freestanding runtime for the test programs: raw Linux ecalls, no libc.
 * write = 64, exit = 93, exactly what the test's ecall handler serves. */
#ifndef RT_H
#define RT_H

typedef unsigned long u64;
typedef long i64;
typedef unsigned int u32;
typedef int i32;

static inline long sys3(long n, long a, long b, long c) {
  register long a0 __asm__("a0") = a;
  register long a1 __asm__("a1") = b;
  register long a2 __asm__("a2") = c;
  register long a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
  return a0;
}

static inline __attribute__((noreturn)) void exit(int code) {
  sys3(93, code, 0, 0);
  __builtin_unreachable();
}

static inline u64 strlen_(const char *s) {
  u64 n = 0;
  while (s[n]) n++;
  return n;
}

static inline void puts_(const char *s) { sys3(64, 1, (long)s, (long)strlen_(s)); }

static inline void put_hex(u64 v) {
  char buf[19];
  buf[0] = '0';
  buf[1] = 'x';
  for (int i = 0; i < 16; i++) buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
  buf[18] = 0;
  puts_(buf);
}

static inline void put_dec(i64 v) {
  char buf[24];
  int i = 23;
  u64 u = v < 0 ? -(u64)v : (u64)v;
  buf[i] = 0;
  do {
    buf[--i] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) buf[--i] = '-';
  puts_(buf + i);
}

/* "name = 0x...\n": one line per checked value, so a mismatch names itself. */
static inline void show(const char *name, u64 v) {
  puts_(name);
  puts_(" = ");
  put_hex(v);
  puts_("\n");
}

int main(void);

/* The entry point: sp is set by the loader (qemu or the test); call main, exit with its result. */
__asm__(".section .text._start\n"
        ".global _start\n"
        "_start:\n"
        "  .option push\n"
        "  .option norelax\n"
        "  la gp, __global_pointer$\n"
        "  .option pop\n"
        "  call main\n"
        "  li a7, 93\n"
        "  ecall\n");

#endif
