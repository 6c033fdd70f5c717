/* sleeplock.h — fake xv6 kernel: struct sleeplock as `heisen port xv6` leaves it. */
#ifndef FAKE_XV6_SLEEPLOCK_H
#define FAKE_XV6_SLEEPLOCK_H
struct sleeplock {
  uint locked;
  struct spinlock lk;
  char *name;
  int pid;
  struct heisen_xv6_lock heisen;
};
#endif
