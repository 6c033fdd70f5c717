// Hart 0 sets up; every hart runs the buffer cache design; hart 0 then stops in mini_parked()
// holding a bucket lock and a buffer's sleeplock (GDB's test breaks there) and powers off.
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "defs.h"

#define HARTS 3

static volatile int started;
static int finished;

__attribute__((noinline)) void
mini_parked(void)
{
  asm volatile("");
}

void
main(void)
{
  int hart = cpuid();
  if(hart >= HARTS)
    for(;;)
      ;
  if(hart == 0){
    printf("mini: booting\n");
    binit();
    iinit();
    __sync_synchronize();
    started = 1;
  } else {
    while(started == 0)
      ;
    __sync_synchronize();
  }
  intr_on(); // no interrupt source is enabled: this only makes sleeping legal
  run_design(hart);
  __sync_fetch_and_add(&finished, 1);
  if(hart != 0)
    for(;;)
      ;
  while(__atomic_load_n(&finished, __ATOMIC_ACQUIRE) < HARTS)
    ;
  run_commit();
  hold_buffer_locks();
  printf("mini: parked\n");
  mini_parked();
  printf("mini: done\n");
  poweroff();
}
