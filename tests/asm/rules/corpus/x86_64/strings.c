/* rep movs/stos/ins/outs. */

void copy_buggy(void *dst, const void *src, unsigned long n) {
    __asm__ volatile("rep movsb"             /* expect: input-modified input-modified input-modified missing-memory-clobber missing-memory-clobber */
                     :
                     : "D"(dst), "S"(src), "c"(n));
}

void copy(void *dst, const void *src, unsigned long n) {
    __asm__ volatile("rep movsb"
                     : "+D"(dst), "+S"(src), "+c"(n)
                     :
                     : "memory");
}

void zero_words(unsigned long *dst, unsigned long n) {
    __asm__ volatile("rep stosq"
                     : "+D"(dst), "+c"(n)
                     : "a"(0UL)
                     : "memory");
}

void port_read(unsigned short port, void *buf, unsigned long n) {
    __asm__ volatile("rep insb"
                     : "+D"(buf), "+c"(n)
                     : "d"(port)
                     : "memory");
}

void port_write(unsigned short port, const void *buf, unsigned long n) {
    __asm__ volatile("rep outsb"
                     : "+S"(buf), "+c"(n)
                     : "d"(port)
                     : "memory");
}

void store_flag(int *p) {
    __asm__ volatile("movl $1, (%0)"        // expect: missing-memory-clobber
                     :
                     : "r"(p));
}

void store_flag_declared(int *p) {
    __asm__ volatile("movl $1, %0" : "=m"(*p));
}
