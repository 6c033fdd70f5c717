/* Calls, stack use, labels, flags and Intel syntax. */

void notify(void);

void call_from_asm_buggy(long arg) {
    __asm__ volatile("call notify"            // expect: escapes-to-function red-zone
                     :
                     : "D"(arg));
}

void call_from_asm(long arg) {
    __asm__ volatile("leaq -128(%%rsp), %%rsp\n\t"
                     "call notify\n\t"
                     "leaq 128(%%rsp), %%rsp"
                     : "+D"(arg)
                     :
                     : "rax", "rcx", "rdx", "rsi", "r8", "r9", "r10", "r11", "memory", "cc");
}

void leaves_a_word(long v) {
    __asm__ volatile("leaq -128(%%rsp), %%rsp\n\t"
                     "pushq %0"               // expect: stack-imbalance
                     :
                     : "r"(v));
}

static inline long count_down(long n) {
    __asm__ volatile("again:\n\t"            // expect: global-label
                     "decq %0\n\t"
                     "jnz again"
                     : "+r"(n)
                     :
                     : "cc");
    return n;
}

static inline long count_down_local(long n) {
    __asm__ volatile("1:\n\t"
                     "decq %0\n\t"
                     "jnz 1b"
                     : "+r"(n)
                     :
                     : "cc");
    return n;
}

static inline long count_down_unique(long n) {
    __asm__ volatile("again%=:\n\t"
                     "decq %0\n\t"
                     "jnz again%="
                     : "+r"(n)
                     :
                     : "cc");
    return n;
}

long use_labels(long n) { return count_down(n) + count_down_local(n) + count_down_unique(n); }

long read_rbx(void) {
    long v;
    __asm__ volatile("movq %%rbx, %0" : "=r"(v));   // expect: unbound-read
    return v;
}

long select_buggy(long c) {
    long v;
    __asm__("testq %1, %1\n\t"
            "jz 1f\n\t"
            "movq $1, %0\n"
            "1:"
            : "=r"(v)                                // expect: output-not-written
            : "r"(c)
            : "cc");
    return v;
}

long select(long c) {
    long v;
    __asm__("testq %1, %1\n\t"
            "movl $0, %k0\n\t"
            "jz 1f\n\t"
            "movq $1, %0\n"
            "1:"
            : "=r"(v)
            : "r"(c)
            : "cc");
    return v;
}

long add_flags_note(long a, long b) {
    __asm__("addq %1, %0" : "+r"(a) : "r"(b));     // expect: flags
    return a;
}

long intel_block(long x) {
    long y;
    __asm__(".intel_syntax noprefix\n\t"
            "mov rax, %1\n\t"                        // expect: undeclared-write
            "lea %0, [rax + 1]\n\t"
            ".att_syntax prefix"
            : "=r"(y)
            : "r"(x));
    return y;
}

int test_bit(long word, long bit) {
    __asm__ goto("btq %1, %0\n\t"
                 "jc %l[set]"
                 :
                 : "r"(word), "r"(bit)
                 : "cc"
                 : set);
    return 0;
set:
    return 1;
}
