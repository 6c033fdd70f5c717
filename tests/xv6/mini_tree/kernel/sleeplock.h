// A lock held across long operations (here it only spins: the mini kernel has no scheduler).
struct sleeplock {
  uint locked;
  struct spinlock lk;
  char *name;
  int pid;
};
