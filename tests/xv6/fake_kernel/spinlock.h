/* spinlock.h — fake xv6 kernel: struct spinlock as `heisen port xv6` leaves it. */
#ifndef FAKE_XV6_SPINLOCK_H
#define FAKE_XV6_SPINLOCK_H
#include "heisen_xv6.h"
struct spinlock {
  uint locked;
  char *name;
  struct cpu *cpu;
  struct heisen_xv6_lock heisen;
};
#endif
