/* defs.h — fake xv6 kernel: the kernel functions heisen_xv6.c calls. */
#ifndef FAKE_XV6_DEFS_H
#define FAKE_XV6_DEFS_H
#include <string.h>
struct proc;
struct cpu;
int cpuid(void);
struct cpu *mycpu(void);
struct proc *myproc(void);
#endif
