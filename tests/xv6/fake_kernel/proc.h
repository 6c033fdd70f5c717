/* proc.h — fake xv6 kernel: a process is its lock and pid. */
#ifndef FAKE_XV6_PROC_H
#define FAKE_XV6_PROC_H
struct proc {
  struct spinlock lock;
  int pid;
};

struct cpu {
  struct proc *proc; /* the process running on this hart, or 0 */
};
extern struct cpu cpus[NCPU]; /* indexed by hart id, as tp holds it */
#endif
