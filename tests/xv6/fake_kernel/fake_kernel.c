/* fake_kernel.c — the kernel state and functions the kit's hooks read, set by the test. */
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"
#include "fake_kernel.h"

int fake_hart;
int fake_sie[NCPU];
struct proc proc[NPROC];
struct cpu cpus[NCPU];

int
devintr(void)
{
  return 0;
}
