/*
 * heisen_xv6.h — the hooks `heisen port xv6` adds to an xv6-riscv kernel.
 *
 * Included from kernel/spinlock.h, so every file that knows struct spinlock knows these. The
 * tree compiles this header with its own CFLAGS, which need not include -ffreestanding, and its
 * compiler may ship no C library: so it includes nothing and uses only the compiler's types.
 * Each hook is called from one line the kit inserted (marked heisen-port); `ra` is the caller's
 * return address (__builtin_return_address(0) in the hooked function), so reports name the code
 * that took the lock, not acquire() itself.
 */
#ifndef HEISEN_XV6_H
#define HEISEN_XV6_H

struct spinlock;
struct sleeplock;

/* The member the kit adds to struct spinlock and struct sleeplock: the validator's lock map
 * (struct heisen_lock_map; heisen_xv6.c checks that it fits) and how the lock may nest. */
struct heisen_xv6_lock {
  union {
    void *align;
    unsigned char bytes[32];
  } map;
  unsigned char nested_by_design; /* decided once, when the lock is initialised */
};

void heisen_xv6_initlock(struct spinlock *lk);
void heisen_xv6_acquire(struct spinlock *lk, void *ra);
void heisen_xv6_release(struct spinlock *lk, void *ra);
void heisen_xv6_initsleeplock(struct sleeplock *lk);
void heisen_xv6_acquiresleep(struct sleeplock *lk, void *ra);
void heisen_xv6_acquiresleep_cannot_block(void);
void heisen_xv6_releasesleep(struct sleeplock *lk, void *ra);
void heisen_xv6_sleep(void *chan, struct spinlock *lk, void *ra);
void heisen_xv6_sleep_done(void *ra);
void heisen_xv6_wakeup(void *chan, void *ra);
void heisen_xv6_sched(struct spinlock *proc_lock, void *ra);
void heisen_xv6_exit(void *ra);
void heisen_xv6_panic(void);
int heisen_xv6_devintr(void);
void heisen_irq_nesting_underflow(const void *ip); /* the validator's (heisen.h) */

/* pop_off() calls this on every release: inline, so a balanced pop_off() costs one compare. */
static inline void
heisen_xv6_pop_off(int noff, void *ra)
{
  if(noff < 1)
    heisen_irq_nesting_underflow(ra);
}

#endif /* HEISEN_XV6_H */
