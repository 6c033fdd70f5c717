/* fake_kernel.h — what the test controls in the fake xv6 kernel (C linkage). */
#ifndef FAKE_XV6_FAKE_KERNEL_H
#define FAKE_XV6_FAKE_KERNEL_H
#ifdef __cplusplus
extern "C" {
#endif
extern int fake_hart;               /* the running hart */
extern int fake_sie[];              /* its interrupt-enable bit (sstatus.SIE) */

#ifdef __cplusplus
}
#endif
#endif
