struct spinlock;
struct sleeplock;
struct proc;
struct cpu;

// printf.c
void printf(char *fmt, ...);
void panic(char *s) __attribute__((noreturn));
void poweroff(void) __attribute__((noreturn));
// string.c
void *memset(void *dst, int c, uint n);
void *memmove(void *dst, const void *src, uint n);
void *memcpy(void *dst, const void *src, uint n);
int strncmp(const char *p, const char *q, uint n);
// spinlock.c
void initlock(struct spinlock *lk, char *name);
void acquire(struct spinlock *lk);
void release(struct spinlock *lk);
int holding(struct spinlock *lk);
void push_off(void);
void pop_off(void);
// sleeplock.c
void initsleeplock(struct sleeplock *lk, char *name);
void acquiresleep(struct sleeplock *lk);
void releasesleep(struct sleeplock *lk);
// proc.c
int cpuid(void);
struct cpu *mycpu(void);
struct proc *myproc(void);
void sleep(void *chan, struct spinlock *lk);
void wakeup(void *chan);
// commit.c
void run_commit(void);
// fs.c
void iinit(void);
// bio_*.c
void binit(void);
void run_design(int hart);
void hold_buffer_locks(void);
