// Floating-point results and exception flags at the edges of the range, in every rounding mode,
// through glibc's <fenv.h>: overflow near the largest double and float (where the modes that round
// toward zero give the largest finite value and flag overflow only from 2^1024 or 2^128 up), and
// underflow near the smallest normal. Compared with qemu-riscv64's output.
#include <fenv.h>
#include <float.h>
#include <stdio.h>

static volatile double da, db, dr;
static volatile float fa, fb, fr;

static int flags(void) {
  int f = fetestexcept(FE_ALL_EXCEPT);
  return (f & FE_INVALID ? 16 : 0) | (f & FE_DIVBYZERO ? 8 : 0) | (f & FE_OVERFLOW ? 4 : 0)
      | (f & FE_UNDERFLOW ? 2 : 0) | (f & FE_INEXACT ? 1 : 0);
}

static void d(const char *mode, char op, double x, double y) {
  da = x;
  db = y;
  feclearexcept(FE_ALL_EXCEPT);
  dr = op == '+' ? da + db : op == '*' ? da * db : da / db;
  int raised = flags();
  printf("%s double %a %c %a = %a flags %02x\n", mode, x, op, y, dr, raised);
}

static void f(const char *mode, char op, float x, float y) {
  fa = x;
  fb = y;
  feclearexcept(FE_ALL_EXCEPT);
  fr = op == '+' ? fa + fb : op == '*' ? fa * fb : fa / fb;
  int raised = flags();
  printf("%s float %a %c %a = %a flags %02x\n", mode, (double) x, op, (double) y, (double) fr,
      raised);
}

int main(void) {
  static const int modes[] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
  static const char *names[] = {"RNE", "RTZ", "RDN", "RUP"};
  for (int i = 0; i < 4; i++) {
    fesetround(modes[i]);
    d(names[i], '+', DBL_MAX, 0x1p970);                 // halfway to 2^1024, below it
    d(names[i], '+', DBL_MAX, 0x1.8p970);               // above halfway, below 2^1024
    d(names[i], '+', -DBL_MAX, -0x1p970);
    d(names[i], '/', DBL_MAX, 0x1.fffffffffffffp-1);    // exactly 2^1024
    d(names[i], '*', -DBL_MAX, 2.0);                    // far beyond
    d(names[i], '*', 0x1.0000000000001p-1000, 0x1p-30); // subnormal, inexact: underflow
    d(names[i], '*', 0x1p-1000, 0x1p-30);               // subnormal, exact: no flag
    f(names[i], '+', FLT_MAX, 0x1p103f);                // halfway to 2^128
    f(names[i], '+', -FLT_MAX, -0x1.8p103f);
    f(names[i], '/', FLT_MAX, 0x1.fffffep-1f);          // exactly 2^128
    f(names[i], '*', 0x1.000002p-120f, 0x1p-10f);       // subnormal, inexact
  }
  fesetround(FE_TONEAREST);
  return 0;
}
