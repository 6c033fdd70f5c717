// A busy-waiting lock.
struct spinlock {
  uint locked;
  char *name;
  struct cpu *cpu;
};
