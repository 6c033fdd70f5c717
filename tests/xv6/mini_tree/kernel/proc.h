struct cpu {
  struct proc *proc;
  int noff;
  int intena;
};

struct proc {
  struct spinlock lock;
  int pid;
  int xstate;
};

extern struct cpu cpus[NCPU];
