#define CSRR(reg, v) asm volatile("csrr %0, " #reg : "=r"(v))
static inline long cas(long *p, long o, long n) { long prev; int rc;
 asm volatile("1: lr.d %0, (%2)\n bne %0, %3, 2f\n sc.d %1, %4, (%2)\n bnez %1, 1b\n2:" : "=&r"(prev), "=&r"(rc) : "r"(p), "r"(o), "r"(n) : "memory"); return prev; }
