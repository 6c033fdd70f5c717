/* riscv.h — fake xv6 kernel: the running hart and its interrupt-enable bit are plain variables
 * the test sets (fake_kernel.c), read and written through xv6's helper names. */
#ifndef FAKE_XV6_RISCV_H
#define FAKE_XV6_RISCV_H
#define PGSIZE 4096
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE - 1))
#define MAXVA (1L << 38)

extern int fake_hart;
extern int fake_sie[];

static inline int intr_get(void) { return fake_sie[fake_hart]; }
static inline void intr_on(void) { fake_sie[fake_hart] = 1; }
static inline void intr_off(void) { fake_sie[fake_hart] = 0; }
static inline uint64 r_tp(void) { return (uint64)fake_hart; }
#endif
