#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "defs.h"

int devintr();

// Not reached: no interrupt source is enabled.
void
kerneltrap(void)
{
  if(devintr() == 0)
    panic("kerneltrap");
}

int
devintr()
{
  return 0;
}
