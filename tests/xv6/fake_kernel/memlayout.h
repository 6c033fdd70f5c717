/* memlayout.h — fake xv6 kernel: the address ranges heisen_xv6.c bounds stack walks with. */
#define KERNBASE 0x80000000L
#define PHYSTOP (KERNBASE + 128 * 1024 * 1024)
#define TRAMPOLINE (MAXVA - PGSIZE)
