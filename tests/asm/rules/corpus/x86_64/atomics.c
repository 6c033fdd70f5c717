/* Atomic read-modify-write wrappers. */

int cas16(unsigned long *p, unsigned long *old_lo, unsigned long *old_hi, unsigned long new_lo,
          unsigned long new_hi) {
    unsigned char ok;
    __asm__ volatile("lock cmpxchg16b %1\n\t"
                     "sete %0"
                     : "=q"(ok), "+m"(*p), "+a"(*old_lo), "+d"(*old_hi)
                     : "b"(new_lo), "c"(new_hi)
                     : "cc");
    return ok;
}

long cas_into_input(long *p, long old, long desired) {
    __asm__ volatile("lock cmpxchgq %2, %1"   // expect: input-modified
                     : "+a"(old)
                     : "m"(*p), "r"(desired)
                     : "cc");
    return old;
}

void increment_write_only(int *counter) {
    __asm__ volatile("lock incl %0"          // expect: write-only-output-read
                     : "=m"(*counter)
                     :
                     : "cc");
}

void increment(int *counter) {
    __asm__ volatile("lock incl %0" : "+m"(*counter) : : "cc");
}

long sum3_buggy(long a, long b, long c) {
    long sum;
    __asm__("movq %1, %0\n\t"                // expect: missing-earlyclobber missing-earlyclobber
            "addq %2, %0\n\t"
            "addq %3, %0"
            : "=r"(sum)
            : "r"(a), "r"(b), "r"(c)
            : "cc");
    return sum;
}

long sum3(long a, long b, long c) {
    long sum;
    __asm__("movq %1, %0\n\t"
            "addq %2, %0\n\t"
            "addq %3, %0"
            : "=&r"(sum)
            : "r"(a), "r"(b), "r"(c)
            : "cc");
    return sum;
}

long load_plus_buggy(const long *p, long bias) {
    long v;
    __asm__("movq %2, %0\n\t"               // expect: address-base-clobbered
            "addq %1, %0"
            : "=r"(v)
            : "m"(*p), "r"(bias)
            : "cc");
    return v;
}

long load_plus(const long *p, long bias) {
    long v;
    __asm__("movq %2, %0\n\t"
            "addq %1, %0"
            : "=&r"(v)
            : "m"(*p), "r"(bias)
            : "cc");
    return v;
}

long xadd(long *p, long v) {
    __asm__ volatile("lock xaddq %0, %1" : "+r"(v), "+m"(*p) : : "cc");
    return v;
}
