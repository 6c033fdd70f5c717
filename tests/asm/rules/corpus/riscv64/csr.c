/* CSR accessors, SBI calls, context switches and calls on riscv64. */

unsigned long read_sstatus(void) {
    unsigned long v;
    __asm__ volatile("csrr %0, sstatus" : "=r"(v));
    return v;
}

void write_stvec(unsigned long v) {
    __asm__ volatile("csrw stvec, %0" : : "r"(v) : "memory");
}

void set_sie_bit(void) {
    __asm__ volatile("csrsi sstatus, %0" : : "K"(2) : "memory");
}

unsigned long swap_sscratch_buggy(unsigned long v) {
    __asm__ volatile("csrrw %0, sscratch, %0" : : "r"(v));   // expect: input-modified
    return v;
}

unsigned long swap_sscratch(unsigned long v) {
    __asm__ volatile("csrrw %0, sscratch, %0" : "+r"(v));
    return v;
}

long sbi_call(long ext, long fid, long arg0) {
    register long a0 __asm__("a0") = arg0;
    register long a6 __asm__("a6") = fid;
    register long a7 __asm__("a7") = ext;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a6), "r"(a7) : "memory");
    return a0;
}

long sbi_call_buggy(long ext, long arg0) {
    register long a0 __asm__("a0") = arg0;
    register long a7 __asm__("a7") = ext;
    __asm__ volatile("ecall" : : "r"(a0), "r"(a7) : "memory");   // expect: input-modified
    return a0;
}

void switch_buggy(unsigned long *prev_sp, unsigned long next_sp) {
    __asm__ volatile("sd sp, 0(%0)\n\t"
                     "mv sp, %1"              // expect: stack-switch
                     :
                     : "r"(prev_sp), "r"(next_sp)
                     : "memory");
}

/* Callee-saved registers kept, caller-saved ones neither kept nor declared. */
void switch_saving(unsigned long *prev_sp, unsigned long next_sp) {
    __asm__ volatile("addi sp, sp, -112\n\t"
                     "sd ra, 0(sp)\n\t"
                     "sd s0, 8(sp)\n\t"
                     "sd s1, 16(sp)\n\t"
                     "sd s2, 24(sp)\n\t"
                     "sd s3, 32(sp)\n\t"
                     "sd s4, 40(sp)\n\t"
                     "sd s5, 48(sp)\n\t"
                     "sd s6, 56(sp)\n\t"
                     "sd s7, 64(sp)\n\t"
                     "sd s8, 72(sp)\n\t"
                     "sd s9, 80(sp)\n\t"
                     "sd s10, 88(sp)\n\t"
                     "sd s11, 96(sp)\n\t"
                     "sd sp, 0(%0)\n\t"
                     "mv sp, %1\n\t"        // expect: stack-switch
                     "ld ra, 0(sp)\n\t"
                     "ld s0, 8(sp)\n\t"
                     "ld s1, 16(sp)\n\t"
                     "ld s2, 24(sp)\n\t"
                     "ld s3, 32(sp)\n\t"
                     "ld s4, 40(sp)\n\t"
                     "ld s5, 48(sp)\n\t"
                     "ld s6, 56(sp)\n\t"
                     "ld s7, 64(sp)\n\t"
                     "ld s8, 72(sp)\n\t"
                     "ld s9, 80(sp)\n\t"
                     "ld s10, 88(sp)\n\t"
                     "ld s11, 96(sp)\n\t"
                     "addi sp, sp, 112"
                     :
                     : "r"(prev_sp), "r"(next_sp)
                     : "memory");
}

/* Callee-saved registers kept, everything else declared (the f registers too: the callee-saved
 * fs0-fs11 could be saved like s0-s11 instead); the pointers are outputs, because after the
 * switch their registers hold the resumed thread's values. */
void switch_correct(unsigned long *prev_sp, unsigned long next_sp) {
    __asm__ volatile("addi sp, sp, -112\n\t"
                     "sd ra, 0(sp)\n\t"
                     "sd s0, 8(sp)\n\t"
                     "sd s1, 16(sp)\n\t"
                     "sd s2, 24(sp)\n\t"
                     "sd s3, 32(sp)\n\t"
                     "sd s4, 40(sp)\n\t"
                     "sd s5, 48(sp)\n\t"
                     "sd s6, 56(sp)\n\t"
                     "sd s7, 64(sp)\n\t"
                     "sd s8, 72(sp)\n\t"
                     "sd s9, 80(sp)\n\t"
                     "sd s10, 88(sp)\n\t"
                     "sd s11, 96(sp)\n\t"
                     "sd sp, 0(%0)\n\t"
                     "mv sp, %1\n\t"
                     "ld ra, 0(sp)\n\t"
                     "ld s0, 8(sp)\n\t"
                     "ld s1, 16(sp)\n\t"
                     "ld s2, 24(sp)\n\t"
                     "ld s3, 32(sp)\n\t"
                     "ld s4, 40(sp)\n\t"
                     "ld s5, 48(sp)\n\t"
                     "ld s6, 56(sp)\n\t"
                     "ld s7, 64(sp)\n\t"
                     "ld s8, 72(sp)\n\t"
                     "ld s9, 80(sp)\n\t"
                     "ld s10, 88(sp)\n\t"
                     "ld s11, 96(sp)\n\t"
                     "addi sp, sp, 112"
                     : "+r"(prev_sp), "+r"(next_sp)
                     :
                     : "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
                       "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11",
                       "f12", "f13", "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23",
                       "f24", "f25", "f26", "f27", "f28", "f29", "f30", "f31",
                       "memory");
}

void handler(void);

void call_buggy(long x) {
    __asm__ volatile("call handler" : : "r"(x));   // expect: escapes-to-function
}

void call_declared(void) {
    __asm__ volatile("call handler"
                     :
                     :
                     : "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a0", "a1", "a2", "a3", "a4", "a5",
                       "a6", "a7", "memory");
}

void reserve_only(void) {
    __asm__ volatile("addi sp, sp, -16" : : :);   // expect: stack-imbalance
}

void save_ra(void) {
    __asm__ volatile("addi sp, sp, -16\n\t"
                     "sd ra, 0(sp)\n\t"
                     "ld ra, 0(sp)\n\t"
                     "addi sp, sp, 16"
                     : : :);
}

long read_t1(void) {
    long v;
    __asm__ volatile("mv %0, t1" : "=r"(v));   // expect: unbound-read
    return v;
}

long maybe_one(long c) {
    long v;
    __asm__("beqz %1, 1f\n\t"
            "li %0, 1\n"
            "1:"
            : "=r"(v)                         // expect: output-not-written
            : "r"(c));
    return v;
}

long bump_write_only(void) {
    long v;
    __asm__("addi %0, %0, 1" : "=r"(v));   // expect: write-only-output-read
    return v;
}

long add_no_flags(long a, long b) {
    __asm__("add %0, %0, %1" : "+r"(a) : "r"(b));
    return a;
}

void store_after_load_buggy(long *p) {
    long v;
    __asm__ volatile("li %0, 1\n\t"         // expect: address-base-clobbered
                     "sd %0, %1"
                     : "=r"(v), "=m"(*p));
}

void store_after_load(long *p) {
    long v;
    __asm__ volatile("li %0, 1\n\t"
                     "sd %0, %1"
                     : "=&r"(v), "=m"(*p));
}
