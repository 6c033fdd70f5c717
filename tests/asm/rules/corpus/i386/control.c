/* Stack switches, calls, labels and the rest of the rules on i386. */

void switch_buggy(void **prev_sp, void *next_sp) {
    __asm__ volatile("movl %%esp, (%0)\n\t"
                     "movl %1, %%esp"          // expect: stack-switch
                     :
                     : "r"(prev_sp), "r"(next_sp)
                     : "memory");
}

/* Callee-saved registers kept, caller-saved ones neither kept nor declared. */
void switch_saving(void **prev_sp, void *next_sp) {
    __asm__ volatile("pushl %%ebp\n\t"
                     "pushl %%ebx\n\t"
                     "pushl %%esi\n\t"
                     "pushl %%edi\n\t"
                     "movl %%esp, (%0)\n\t"
                     "movl %1, %%esp\n\t"    // expect: stack-switch
                     "popl %%edi\n\t"
                     "popl %%esi\n\t"
                     "popl %%ebx\n\t"
                     "popl %%ebp"
                     :
                     : "r"(prev_sp), "r"(next_sp)
                     : "memory");
}

/* Callee-saved registers kept, everything else declared (xmm0-xmm7 too when built with -msse);
 * the pointers are outputs, because after the switch their registers hold the resumed thread's
 * values. */
void switch_correct(void **prev_sp, void *next_sp) {
    __asm__ volatile("pushl %%ebp\n\t"
                     "pushl %%ebx\n\t"
                     "pushl %%esi\n\t"
                     "pushl %%edi\n\t"
                     "movl %%esp, (%0)\n\t"
                     "movl %1, %%esp\n\t"
                     "popl %%edi\n\t"
                     "popl %%esi\n\t"
                     "popl %%ebx\n\t"
                     "popl %%ebp"
                     : "+r"(prev_sp), "+r"(next_sp)
                     :
                     : "eax", "ecx", "edx", "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)",
                       "memory");
}

void hook(void);

void call_buggy(void) {
    __asm__ volatile("call hook" : : :);      // expect: escapes-to-function
}

void call_declared(void) {
    __asm__ volatile("call hook" : : : "eax", "ecx", "edx", "memory");
}

unsigned read_flags(void) {
    unsigned flags;
    __asm__ volatile("pushfl\n\t"
                     "popl %0"
                     : "=r"(flags));
    return flags;
}

void push_only(unsigned v) {
    __asm__ volatile("pushl %0" : : "r"(v));   // expect: stack-imbalance
}

static inline unsigned spin(unsigned n) {
    __asm__ volatile("wait_more:\n\t"        // expect: global-label
                     "decl %0\n\t"
                     "jnz wait_more"
                     : "+r"(n)
                     :
                     : "cc");
    return n;
}

unsigned use_spin(unsigned n) { return spin(n); }

unsigned copy_eax(unsigned x) {
    unsigned y;
    __asm__("movl %1, %%eax\n\t"             // expect: undeclared-write
            "movl %%eax, %0"
            : "=r"(y)
            : "r"(x));
    return y;
}

unsigned copy_eax_declared(unsigned x) {
    unsigned y;
    __asm__("movl %1, %%eax\n\t"
            "movl %%eax, %0"
            : "=r"(y)
            : "r"(x)
            : "eax");
    return y;
}

void bump_input(unsigned x) {
    __asm__ volatile("incl %0" : : "r"(x) : "cc");   // expect: input-modified
}

unsigned add_note(unsigned a, unsigned b) {
    __asm__("addl %1, %0" : "+r"(a) : "r"(b));   // expect: flags
    return a;
}

unsigned read_esi(void) {
    unsigned v;
    __asm__ volatile("movl %%esi, %0" : "=r"(v));   // expect: unbound-read
    return v;
}

unsigned maybe_one(unsigned c) {
    unsigned v;
    __asm__("testl %1, %1\n\t"
            "jz 1f\n\t"
            "movl $1, %0\n"
            "1:"
            : "=r"(v)                        // expect: output-not-written
            : "r"(c)
            : "cc");
    return v;
}

unsigned load_plus_buggy(const unsigned *p, unsigned bias) {
    unsigned v;
    __asm__("movl %2, %0\n\t"               // expect: address-base-clobbered
            "addl %1, %0"
            : "=r"(v)
            : "m"(*p), "r"(bias)
            : "cc");
    return v;
}

void store_through(unsigned *p) {
    __asm__ volatile("movl $1, (%0)" : : "r"(p));   // expect: missing-memory-clobber
}
