/* F and D against qemu: arithmetic in every rounding mode, fused multiply-add, square roots,
 * conversions with saturation, min/max, classification, and the accrued flags after each step.
 * Built for rv64imafdc with the lp64 (integer) ABI, so it needs no floating-point libc. */
#include "rt.h"

#define FLAGS() ({ u64 f_; __asm__ volatile("frflags %0" : "=r"(f_)); f_; })
#define CLEAR() __asm__ volatile("fsflags zero")
#define SETRM(m) __asm__ volatile("fsrm %0" : : "r"((u64)(m)))

static u64 bits_d(double d) { union { double d; u64 u; } x = {.d = d}; return x.u; }
static u64 bits_s(float f) { union { float f; u32 u; } x = {.f = f}; return x.u; }

static volatile double dv[] = {1.0, 3.0, -7.5, 0.1, 1e308, 1e-310, -0.0, 2.5, 1e19, -3e9};
static volatile float fv[] = {1.0f, 3.0f, -7.5f, 0.1f, 3e38f, 1e-40f, -0.0f, 2.5f, 1e10f, 16777217.0f};

int main(void) {
  u64 h = 0;
#define MIX(v) (h = (h ^ (u64)(v)) * 0x100000001b3UL)
  int n = sizeof dv / sizeof dv[0];
  for (int rm = 0; rm < 5; rm++) {
    SETRM(rm);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double a = dv[i], b = dv[j];
        float x = fv[i], y = fv[j];
        CLEAR(); MIX(bits_d(a + b)); MIX(FLAGS());
        CLEAR(); MIX(bits_d(a * b)); MIX(FLAGS());
        CLEAR(); MIX(bits_d(a / b)); MIX(FLAGS());
        CLEAR(); MIX(bits_d(__builtin_fma(a, b, a))); MIX(FLAGS());
        CLEAR(); MIX(bits_s(x - y)); MIX(FLAGS());
        CLEAR(); MIX(bits_s(x * y)); MIX(FLAGS());
        CLEAR(); MIX(bits_s(x / y)); MIX(FLAGS());
        CLEAR(); MIX(bits_s(__builtin_fmaf(x, y, -x))); MIX(FLAGS());
        double mn;
        float mx;
        CLEAR();
        __asm__ volatile("fmin.d %0, %1, %2" : "=f"(mn) : "f"(a), "f"(b));
        __asm__ volatile("fmax.s %0, %1, %2" : "=f"(mx) : "f"(x), "f"(y));
        MIX(bits_d(mn)); MIX(bits_s(mx)); MIX(FLAGS());
        MIX(a < b); MIX(x <= y); MIX(a == b);
      }
      double a = dv[i];
      float x = fv[i];
      long l; unsigned long lu; int w; unsigned wu;
      CLEAR(); MIX(bits_d(__builtin_sqrt(a))); MIX(FLAGS());
      CLEAR(); MIX(bits_s(__builtin_sqrtf(x))); MIX(FLAGS());
      CLEAR(); __asm__ volatile("fcvt.l.d %0, %1" : "=r"(l) : "f"(a)); MIX(l); MIX(FLAGS());
      CLEAR(); __asm__ volatile("fcvt.lu.d %0, %1" : "=r"(lu) : "f"(a)); MIX(lu); MIX(FLAGS());
      CLEAR(); __asm__ volatile("fcvt.w.d %0, %1" : "=r"(w) : "f"(a)); MIX((long)w); MIX(FLAGS());
      CLEAR(); __asm__ volatile("fcvt.wu.s %0, %1" : "=r"(wu) : "f"(x)); MIX((long)(int)wu); MIX(FLAGS());
      CLEAR(); MIX(bits_s((float)a)); MIX(FLAGS());
      CLEAR(); MIX(bits_d((double)x)); MIX(FLAGS());
      CLEAR(); MIX(bits_d((double)(long)(a * 1e3 > 9e18 || a * 1e3 < -9e18 ? 1 : (long)(a * 1e3)))); MIX(FLAGS());
      CLEAR(); MIX(bits_s((float)(0x7fffffffffffffffL - i))); MIX(bits_d((double)(~0UL - i))); MIX(FLAGS());
      u64 cls;
      __asm__ volatile("fclass.d %0, %1" : "=r"(cls) : "f"(a)); MIX(cls);
      __asm__ volatile("fclass.s %0, %1" : "=r"(cls) : "f"(x)); MIX(cls);
    }
    show("hash after mode", h);
  }
  SETRM(0);
  volatile double third = 1.0 / 3.0;
  show("1/3", bits_d(third));
  show("(float)1/3", bits_s((float)third));
  show("sqrt 2", bits_d(__builtin_sqrt(2.0 * third * 3.0)));
  return (int)(h & 0x7f);
}
