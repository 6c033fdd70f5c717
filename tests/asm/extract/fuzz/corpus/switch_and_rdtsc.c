#include <stdint.h>
/* asm("bogus") in a comment */
static const char *s = "asm(\"nop\")";
#define SWITCH(prev, next) \
    asm volatile("movq %%rsp, %0\n\t" \
                 "movq %1, %%rsp" \
                 : "=m"(prev) : "m"(next))
static inline uint64_t rdtsc(void) {
    uint32_t lo, hi;
    __asm__ __volatile__("rdtsc" : "=a"(lo) : : );
    return lo;
}
void f(long x) {
    asm("movq $1, %%rax\n\t"
        "addq %1, %0" : "+r"(x) : "r"(x));
#if 0
    asm("this isn't code");
#endif
    asm("nop");
}
