// Per-hart state. There are no processes: myproc() is always 0, and sched(), sleep() and
// exit() exist for the shape the port looks for.
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "defs.h"

struct cpu cpus[NCPU];
struct proc proc[NPROC];

int
cpuid(void)
{
  return r_tp();
}

struct cpu *
mycpu(void)
{
  return &cpus[cpuid()];
}

struct proc *
myproc(void)
{
  push_off();
  struct proc *p = mycpu()->proc;
  pop_off();
  return p;
}

void
sched(void)
{
  struct proc *p = myproc();
  if(p)
    panic("sched: no scheduler");
}

void
sleep(void *chan, struct spinlock *lk)
{
  struct proc *p = myproc();
  (void)p;
  (void)chan;
  release(lk);
  acquire(lk);
}

// No process ever sleeps here: there is nobody to wake.
void
wakeup(void *chan)
{
  (void)chan;
}

void
exit(int status)
{
  struct proc *p = myproc();
  if(p)
    p->xstate = status;
  panic("exit");
}
