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
struct proc *fake_running[NCPU];
static struct cpu cpus[NCPU];

int
cpuid(void)
{
  return fake_hart;
}

struct cpu *
mycpu(void)
{
  cpus[fake_hart].proc = fake_running[fake_hart];
  return &cpus[fake_hart];
}

struct proc *
myproc(void)
{
  return fake_running[fake_hart];
}

int
devintr(void)
{
  return 0;
}
