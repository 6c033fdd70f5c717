/* 64-bit bit operations from 32-bit halves on i386. */

/* Index of the lowest set bit of a nonzero 64-bit value: the result is written by the first
 * bsf while the high half may still sit in the same register. */
unsigned ffs64_buggy(unsigned lo, unsigned hi) {
    unsigned bit;
    __asm__("bsfl %1, %0\n\t"                // expect: missing-earlyclobber
            "jnz 1f\n\t"
            "bsfl %2, %0\n\t"
            "addl $32, %0\n"
            "1:"
            : "=r"(bit)
            : "rm"(lo), "rm"(hi)
            : "cc");
    return bit;
}

unsigned ffs64(unsigned lo, unsigned hi) {
    unsigned bit;
    __asm__("bsfl %1, %0\n\t"
            "jnz 1f\n\t"
            "bsfl %2, %0\n\t"
            "addl $32, %0\n"
            "1:"
            : "=&r"(bit)
            : "rm"(lo), "rm"(hi)
            : "cc");
    return bit;
}

unsigned fls64(unsigned lo, unsigned hi) {
    unsigned bit;
    __asm__("bsrl %2, %0\n\t"
            "jnz 1f\n\t"
            "bsrl %1, %0\n\t"
            "jmp 2f\n"
            "1:\taddl $32, %0\n"
            "2:"
            : "=&r"(bit)
            : "rm"(lo), "rm"(hi)
            : "cc");
    return bit;
}

int cas8(unsigned long long *p, unsigned long long old, unsigned lo, unsigned hi) {
    unsigned char ok;
    __asm__ volatile("lock cmpxchg8b %1\n\t"
                     "sete %0"
                     : "=q"(ok), "+m"(*p), "+A"(old)
                     : "b"(lo), "c"(hi)
                     : "cc");
    return ok;
}

unsigned long long cas8_write_only(unsigned long long *p, unsigned lo, unsigned hi) {
    unsigned long long old;
    __asm__ volatile("lock cmpxchg8b %1"     // expect: write-only-output-read
                     : "=A"(old), "+m"(*p)
                     : "b"(lo), "c"(hi)
                     : "cc");
    return old;
}

unsigned long long rdtsc(void) {
    unsigned long long tsc;
    __asm__ volatile("rdtsc" : "=A"(tsc));
    return tsc;
}

unsigned long long rdmsr_buggy(unsigned msr) {
    unsigned lo;
    __asm__ volatile("rdmsr" : "=a"(lo) : "c"(msr));   // expect: undeclared-write
    return lo;
}

void cpuid(unsigned leaf, unsigned *a, unsigned *b, unsigned *c, unsigned *d) {
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "0"(leaf), "2"(0));
}

long sys_write(int fd, const void *buf, unsigned long n) {
    long ret;
    __asm__ volatile("int $0x80"
                     : "=a"(ret)
                     : "0"(4), "b"(fd), "c"(buf), "d"(n)
                     : "memory");
    return ret;
}

void fill_buggy(unsigned *dst, unsigned n) {
    __asm__ volatile("rep stosl"             // expect: input-modified input-modified
                     :
                     : "D"(dst), "c"(n), "a"(0)
                     : "memory");
}

void fill(unsigned *dst, unsigned n) {
    __asm__ volatile("rep stosl" : "+D"(dst), "+c"(n) : "a"(0) : "memory");
}
