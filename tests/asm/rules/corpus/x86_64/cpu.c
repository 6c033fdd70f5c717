/* cpuid, rdtsc, rdmsr and wrmsr wrappers. */

void cpuid_buggy(unsigned leaf, unsigned *eax) {
    __asm__ volatile("cpuid"                  /* expect: undeclared-write undeclared-write undeclared-write unbound-read */
                     : "=a"(*eax)
                     : "0"(leaf));
}

void cpuid(unsigned leaf, unsigned sub, unsigned *a, unsigned *b, unsigned *c, unsigned *d) {
    __asm__ volatile("cpuid"
                     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
                     : "0"(leaf), "2"(sub));
}

/* "=A" on x86-64 is rax *or* rdx, not the pair: the high half is lost. */
unsigned long long rdtsc_buggy(void) {
    unsigned long long tsc;
    __asm__ volatile("rdtsc" : "=A"(tsc));   // expect: undeclared-write
    return tsc;
}

unsigned long long rdtsc(void) {
    unsigned lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((unsigned long long)hi << 32) | lo;
}

unsigned long long rdtsc_combined(void) {
    unsigned long long tsc;
    __asm__ volatile("rdtsc\n\t"
                     "shlq $32, %%rdx\n\t"   // expect: flags
                     "orq %%rdx, %0"
                     : "=a"(tsc)
                     :
                     : "rdx");
    return tsc;
}

unsigned long long rdmsr(unsigned msr) {
    unsigned lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((unsigned long long)hi << 32) | lo;
}

void wrmsr(unsigned msr, unsigned long long value) {
    __asm__ volatile("wrmsr"
                     :
                     : "c"(msr), "a"((unsigned)value), "d"((unsigned)(value >> 32))
                     : "memory");
}

/* Reads the flags without pushing into the red zone. */
unsigned long read_flags(void) {
    unsigned long flags;
    __asm__ volatile("pushfq\n\t"             // expect: red-zone
                     "popq %0"
                     : "=r"(flags));
    return flags;
}

unsigned long read_flags_safely(void) {
    unsigned long flags;
    __asm__ volatile("leaq -128(%%rsp), %%rsp\n\t"
                     "pushfq\n\t"
                     "popq %0\n\t"
                     "leaq 128(%%rsp), %%rsp"
                     : "=r"(flags));
    return flags;
}
