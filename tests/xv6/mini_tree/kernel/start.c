// Machine mode: give supervisor mode all memory (PMP), keep the hart id in tp, and enter
// main() in supervisor mode with paging off.
#include "types.h"
#include "param.h"
#include "riscv.h"

void main(void);

__attribute__((aligned(16))) char stack0[4096 * NCPU] __attribute__((aligned(4096)));

void
start(void)
{
  uint64 x = r_mstatus();
  x &= ~MSTATUS_MPP_MASK;
  x |= MSTATUS_MPP_S;
  w_mstatus(x);
  w_mepc((uint64)main);
  asm volatile("csrw satp, zero");
  asm volatile("csrw medeleg, %0" : : "r"(0xffffUL));
  asm volatile("csrw mideleg, %0" : : "r"(0xffffUL));
  asm volatile("csrw pmpaddr0, %0" : : "r"(0x3fffffffffffffUL));
  asm volatile("csrw pmpcfg0, %0" : : "r"(0xfUL));
  w_tp(r_mhartid());
  asm volatile("mret");
}
