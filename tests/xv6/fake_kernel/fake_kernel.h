/* fake_kernel.h — what the test controls in the fake xv6 kernel (C linkage). */
#ifndef FAKE_XV6_FAKE_KERNEL_H
#define FAKE_XV6_FAKE_KERNEL_H
#ifdef __cplusplus
extern "C" {
#endif
extern int fake_hart;               /* the running hart */
extern int fake_sie[];              /* its interrupt-enable bit (sstatus.SIE) */
/* Locks the fake symbol table (fake_symbols.c) knows: buffer sleeplocks in a struct buf, and a
 * bucket spinlock. */
struct sleeplock *fake_buf_lock(int i);
struct spinlock *fake_bucket_lock(void);
#ifdef __cplusplus
}
#endif
#endif
