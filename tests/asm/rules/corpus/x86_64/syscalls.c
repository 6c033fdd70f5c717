/* Linux x86-64 system call wrappers. */

long syscall1_buggy(long nr, long a1) {
    long ret;
    __asm__ volatile("syscall"                /* expect: undeclared-write undeclared-write */
                     : "=a"(ret)
                     : "a"(nr), "D"(a1)
                     : "memory");
    return ret;
}

long syscall1(long nr, long a1) {
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a1)
                     : "rcx", "r11", "memory");
    return ret;
}

long syscall4(long nr, long a1, long a2, long a3, long a4) {
    long ret;
    register long r10 __asm__("r10") = a4;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
                     : "rcx", "r11", "memory");
    return ret;
}

/* The result is read back as if rax still held the number: '=' says it need not. */
long syscall0_reads_output(void) {
    long ret;
    __asm__ volatile("movq $39, %0\n\t"
                     "syscall"
                     : "=a"(ret)
                     :
                     : "rcx", "r11", "memory");
    return ret;
}
