/* lr/sc compare-and-swap loops and AMOs on riscv64. */

int cas_buggy(int *p, int old, int desired) {
    int prev, rc;
    __asm__ volatile("1: lr.w %0, %2\n\t"   // expect: missing-earlyclobber missing-earlyclobber address-base-clobbered
                     "bne %0, %3, 2f\n\t"
                     "sc.w %1, %4, %2\n\t"
                     "bnez %1, 1b\n"
                     "2:"
                     : "=r"(prev), "=&r"(rc), "+A"(*p)
                     : "r"(old), "r"(desired)
                     : "memory");
    return prev;
}

int cas(int *p, int old, int desired) {
    int prev, rc;
    __asm__ volatile("1: lr.w %0, %2\n\t"
                     "bne %0, %3, 2f\n\t"
                     "sc.w %1, %4, %2\n\t"
                     "bnez %1, 1b\n"
                     "2:"
                     : "=&r"(prev), "=&r"(rc), "+A"(*p)
                     : "r"(old), "r"(desired)
                     : "memory");
    return prev;
}

long fetch_add_scratch_buggy(long *p, long v) {
    long prev;
    __asm__ volatile("1: lr.d %0, %1\n\t"
                     "add t0, %0, %2\n\t"     // expect: undeclared-write
                     "sc.d t0, t0, %1\n\t"
                     "bnez t0, 1b"
                     : "=&r"(prev), "+A"(*p)
                     : "r"(v)
                     : "memory");
    return prev;
}

int swap(int *p, int v) {
    int old;
    __asm__ volatile("amoswap.w.aqrl %0, %2, %1" : "=r"(old), "+A"(*p) : "r"(v) : "memory");
    return old;
}

static inline void spin_lock(int *lock) {
    int tmp;
    __asm__ volatile("retry:\n\t"           // expect: global-label
                     "amoswap.w.aq %0, %2, %1\n\t"
                     "bnez %0, retry"
                     : "=&r"(tmp), "+A"(*lock)
                     : "r"(1)
                     : "memory");
}

static inline void spin_lock_local(int *lock) {
    int tmp;
    __asm__ volatile("1:\n\t"
                     "amoswap.w.aq %0, %2, %1\n\t"
                     "bnez %0, 1b"
                     : "=&r"(tmp), "+A"(*lock)
                     : "r"(1)
                     : "memory");
}

void lock_both(int *a, int *b) {
    spin_lock(a);
    spin_lock_local(b);
}

void store_zero_buggy(int *p) {
    __asm__ volatile("sw zero, 0(%0)" : : "r"(p));   // expect: missing-memory-clobber
}

void store_zero(int *p) {
    __asm__ volatile("sw zero, %0" : "=m"(*p));
}

long sum3_buggy(long a, long b, long c) {
    long s;
    __asm__("mv %0, %1\n\t"                 // expect: missing-earlyclobber missing-earlyclobber
            "add %0, %0, %2\n\t"
            "add %0, %0, %3"
            : "=r"(s)
            : "r"(a), "r"(b), "r"(c));
    return s;
}

long sum3(long a, long b, long c) {
    long s;
    __asm__("add %0, %1, %2\n\t"
            "add %0, %0, %3"
            : "=&r"(s)
            : "r"(a), "r"(b), "r"(c));
    return s;
}
