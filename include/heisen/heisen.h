/*
 * heisen.h — the C API of heisen's runtime lock validator.
 *
 * A kernel, a bare-metal program or a C library calls these functions around its own lock
 * operations; the validator reports lock-order cycles, sleeping in atomic context, interrupt
 * usage conflicts, recursion and unbalanced unlocking from one ordinary run.
 *
 * Every lock the program wants validated embeds (or is associated with) one `heisen_lock_map`.
 * The map must start zeroed (static storage, or memset) and be initialised with
 * heisen_lock_init() before first use.
 *
 * Freestanding: this header needs only <stdint.h> and <stddef.h>.
 * Compile with HEISEN_DISABLE defined to turn every call into nothing.
 */
#ifndef HEISEN_HEISEN_H
#define HEISEN_HEISEN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Lock kinds (heisen_lock_init `kind`) ------------------------------------------------- */
/* Exactly one of SPIN or SLEEP; the others are modifiers. */
#define HEISEN_LOCK_SPIN            0x01u /* spinning: its holder must not sleep */
#define HEISEN_LOCK_SLEEP           0x02u /* mutex, sleeplock, semaphore used as a lock */
#define HEISEN_LOCK_RW              0x04u /* reader/writer: acquisitions may pass HEISEN_ACQ_READ */
#define HEISEN_LOCK_READ_RECURSIVE  0x08u /* RW whose read side may be re-taken (rwlock_t style) */
#define HEISEN_LOCK_RECURSIVE       0x10u /* the same instance may be re-taken by its owner */
#define HEISEN_LOCK_OWNER_CPU       0x20u /* held by the CPU, not the task (xv6 spinlocks) */
/* Two locks of this lock's class held at once are judged by the order of the instances instead
 * of reported at once as "possible recursive locking": silent while every such nesting takes
 * the lower address first (or the higher), or runs under one common lock (an eviction lock);
 * reported once the class has been nested in both address orders with nothing serialising it.
 * For classes of many instances, such as hash-bucket locks sharing one name. */
#define HEISEN_LOCK_ORDER_INSTANCES 0x40u
#define HEISEN_LOCK_EXIT_HELD_OK    0x80u /* a context may end holding it (a semaphore, a robust
                                           * mutex): not reported at task exit */
/* Not a lock: an event a context waits for and another triggers (a condition variable's signal, a
 * semaphore's post, a thread's exit for join, xv6's wakeup of a channel). Initialise with
 * heisen_event_init(); see "Waits and events" below. */
#define HEISEN_EVENT                0x100u
/* Default ownership: SPIN locks by the CPU in kernel ports, SLEEP locks by the task. In user
 * space (the POSIX port) every thread is its own CPU, so the distinction disappears. */

/* ---- How locks are grouped into classes (heisen_lock_init `class_mode`) ------------------- */
#define HEISEN_CLASS_BY_KEY       0u /* `key` is the address of a static heisen_class_key */
#define HEISEN_CLASS_BY_NAME      1u /* all locks with one name are one class (xv6, WITNESS) */
#define HEISEN_CLASS_BY_SITE      2u /* `key` is the init call site (return address / __FILE__:__LINE__ string) */
#define HEISEN_CLASS_BY_INSTANCE  3u /* every lock is its own class; retired on destroy */

/* ---- Acquisition flags (heisen_acquire `flags`) ------------------------------------------- */
#define HEISEN_ACQ_TRY   0x01u /* a try-acquisition that succeeded: adds no order edge */
#define HEISEN_ACQ_READ  0x02u /* the read side of a HEISEN_LOCK_RW lock */
/* The caller has interrupts disabled on this CPU and says so (a kernel spinlock's acquire after
 * its push_off/local_irq_save): the port is not asked. Passing it with interrupts enabled hides
 * "inconsistent lock state" reports for that acquisition. */
#define HEISEN_ACQ_IRQS_OFF 0x04u

#define HEISEN_MAX_SUBCLASS 8u /* subclasses 0..7 (like mutex_lock_nested) */

/* A static object whose address names a class (HEISEN_CLASS_BY_KEY). */
typedef struct heisen_class_key {
    char unused;
} heisen_class_key;

/* Per-lock validator state. Treat as opaque; zero it, then heisen_lock_init(). */
typedef struct heisen_lock_map {
    const char *name;     /* the lock's name as reports show it */
    const void *key;      /* class key, init site, or NULL */
    uint32_t class_index; /* cached class (0 = not yet looked up); subclass adds to it */
    uint32_t generation;  /* the cached class's generation (retired classes are not used); with
                             class_index 0, the engine's note that no class could be made */
    uint16_t kind;        /* HEISEN_LOCK_* */
    uint8_t class_mode;   /* HEISEN_CLASS_* */
} heisen_lock_map;

#ifndef HEISEN_DISABLE

/* ---- Lock registration ---------------------------------------------------------------- */
void heisen_lock_init(heisen_lock_map *map, const char *name, unsigned kind, unsigned class_mode,
                      const void *key);
/* The lock is being destroyed or its memory freed: reports if it is held. */
void heisen_lock_destroy(heisen_lock_map *map);
/* Memory [start, start+len) is being freed: reports any held lock inside it. */
void heisen_free_range(const void *start, size_t len);
/* The lock turned out to have no owner (a semaphore used to signal, not to lock): every
 * context's held entry for it is dropped without a report, and its instance class is retired
 * (its order history goes). The map stays initialised. */
void heisen_lock_disown(heisen_lock_map *map);
/* The program uses a lock after destroying it (freed = 0) or freeing its memory (freed = 1) at
 * `ended_at` (a code address): reported, once per place. The caller decides it really is the old
 * lock (not a new one at the same address); the use itself is not validated. */
void heisen_lock_used_after_end(const heisen_lock_map *map, int freed, const void *ended_at, const void *ip);

/* ---- Acquire and release ---------------------------------------------------------------- */
/* Call before blocking on the lock (so a deadlock is reported before it happens), or after a
 * successful try with HEISEN_ACQ_TRY. `ip` is the call site (NULL: the caller's return address). */
void heisen_acquire(heisen_lock_map *map, unsigned flags, unsigned subclass, const void *ip);
/* Optional, for statistics: the lock was found busy / has now been obtained. */
void heisen_contended(heisen_lock_map *map, const void *ip);
void heisen_acquired(heisen_lock_map *map);
void heisen_release(heisen_lock_map *map, const void *ip);

/* ---- Sleeping and scheduling ------------------------------------------------------------ */
/* The caller may sleep here (blocking call, explicit wait). */
void heisen_might_sleep(const void *ip);
/* A scheduler entry that legitimately holds exactly these locks (xv6 sched(): p->lock). Reports
 * if anything else is held, then treats the switch as not sleeping under them. */
void heisen_sched_enter(heisen_lock_map *const *allowed, size_t count, const void *ip);
/* The current task is exiting or returning to user mode: reports locks it still holds. */
void heisen_task_exit(const void *ip);
void heisen_return_to_user(const void *ip);

/* ---- Waits and events ------------------------------------------------------------------ */
/* A deadlock need not be a lock order: a context may hold M while it waits for an event only a
 * context that first takes M can trigger. Events are classes beside the lock classes (grouped
 * by the same HEISEN_CLASS_* modes); the validator records
 *   - "L was held while waiting for E" for every lock L held at heisen_wait_begin(E),
 *   - "E was triggered after L was acquired" for every lock L the triggering context holds at
 *     heisen_event(E), or acquired (and maybe released) since it last finished a wait, triggered
 *     an event or entered the scheduler (its newest HEISEN_RECENT_LOCKS acquisitions),
 * and reports a cycle through these and the lock order as "possible circular wait dependency",
 * at the first run that shows both halves, without needing the deadlock to happen. */
#define HEISEN_WAIT_SPIN 0x01u /* the wait spins on this CPU (a cross-CPU call's completion): with
                                * interrupts disabled it keeps the CPU from handling interrupts */
void heisen_event_init(heisen_lock_map *event, const char *name, unsigned class_mode, const void *key);
/* The caller is about to block until `event` happens, holding whatever it holds now. */
void heisen_wait_begin(heisen_lock_map *event, unsigned flags, const void *ip);
/* The same for a wait that gives up `released` (count maps) while it waits, as
 * pthread_cond_wait() gives up its mutex or xv6's sleep() its condition lock: they are not held
 * for the wait. Nothing else changes: the caller still tells heisen_release() when it lets go. */
void heisen_wait_begin_releasing(heisen_lock_map *event, heisen_lock_map *const *released, size_t count,
                                 unsigned flags, const void *ip);
/* The wait is over (the event happened, or it timed out). */
void heisen_wait_end(heisen_lock_map *event, const void *ip);
/* The caller triggers `event` (signals, posts, wakes up the waiters). */
void heisen_event(heisen_lock_map *event, const void *ip);

/* ---- Interrupt context -------------------------------------------------------------------- */
void heisen_irq_enter(void);
void heisen_irq_exit(void);
/* For ports that learn the interrupt-enable state by notification rather than by reading it. */
void heisen_irqs_off(const void *ip);
void heisen_irqs_on(const void *ip);
/* An interrupt-disable nesting level dropped below zero (push_off/pop_off mismatch). */
void heisen_irq_nesting_underflow(const void *ip);

/* ---- Assertions --------------------------------------------------------------------------- */
void heisen_assert_held(const heisen_lock_map *map, const void *ip);
void heisen_assert_not_held(const heisen_lock_map *map, const void *ip);
int heisen_is_held(const heisen_lock_map *map);

/* ---- Introspection ------------------------------------------------------------------------ */
/* Prints the current context's held locks (lock-free, re-entrant). */
void heisen_dump_held(void);
/* Prints every context's held locks (CPUs and tasks). Used on panic. */
void heisen_dump_all_held(void);
/* Prints per-class statistics: acquisitions, contended, wait and hold time. */
void heisen_dump_stats(void);

typedef struct heisen_class_stats {
    const char *name;
    unsigned subclass;
    uint64_t acquisitions;
    uint64_t contended;
    uint64_t wait_ns_total;
    uint64_t wait_ns_max;
    uint64_t hold_ns_total;
    uint64_t hold_ns_max;
} heisen_class_stats;
/* Fills up to `max` entries; returns the number of classes in use. */
size_t heisen_get_stats(heisen_class_stats *out, size_t max);

/* ---- Configuration and results ------------------------------------------------------------ */
#define HEISEN_ON_REPORT_CONTINUE 0u /* default: keep validating after a report */
#define HEISEN_ON_REPORT_ABORT    1u /* stop the program at the first report (port abort) */
void heisen_set_on_report(unsigned mode);
/* Number of (deduplicated) reports made so far; a report counts once its text is written out. */
uint32_t heisen_report_count(void);
/* Turns validation off after an internal limit or on request; locks keep working. */
void heisen_set_enabled(int enabled);
/* Measures hold times on every acquisition (two clock reads per lock/unlock; off by default).
 * Wait times of contended acquisitions are measured either way. */
void heisen_set_lock_timing(int enabled);

/* ---- Port support ------------------------------------------------------------------------ */
/* Forgets everything a CPU slot holds (a user-space port reuses slots of threads that are
 * gone, e.g. in a child after fork()). */
void heisen_cpu_reset(uint32_t cpu);

#else /* HEISEN_DISABLE: every call compiles to nothing */

#define heisen_lock_init(m, n, k, c, key) ((void)0)
#define heisen_lock_destroy(m) ((void)0)
#define heisen_free_range(s, l) ((void)0)
#define heisen_lock_disown(m) ((void)0)
#define heisen_lock_used_after_end(m, f, e, ip) ((void)0)
#define heisen_acquire(m, f, s, ip) ((void)0)
#define heisen_contended(m, ip) ((void)0)
#define heisen_acquired(m) ((void)0)
#define heisen_release(m, ip) ((void)0)
#define heisen_might_sleep(ip) ((void)0)
#define heisen_sched_enter(a, c, ip) ((void)0)
#define heisen_task_exit(ip) ((void)0)
#define heisen_return_to_user(ip) ((void)0)
#define heisen_irq_enter() ((void)0)
#define heisen_irq_exit() ((void)0)
#define heisen_irqs_off(ip) ((void)0)
#define heisen_irqs_on(ip) ((void)0)
#define heisen_irq_nesting_underflow(ip) ((void)0)
#define heisen_assert_held(m, ip) ((void)0)
#define heisen_assert_not_held(m, ip) ((void)0)
#define heisen_is_held(m) 1
#define heisen_dump_held() ((void)0)
#define heisen_dump_all_held() ((void)0)
#define heisen_dump_stats() ((void)0)
#define heisen_get_stats(o, m) ((size_t)0)
#define heisen_set_on_report(m) ((void)0)
#define heisen_report_count() ((uint32_t)0)
#define heisen_set_enabled(e) ((void)0)
#define heisen_set_lock_timing(e) ((void)0)
#define heisen_cpu_reset(c) ((void)0)
#define heisen_event_init(e, n, c, key) ((void)0)
#define heisen_wait_begin(e, f, ip) ((void)0)
#define heisen_wait_begin_releasing(e, r, n, f, ip) ((void)0)
#define heisen_wait_end(e, ip) ((void)0)
#define heisen_event(e, ip) ((void)0)

#endif /* HEISEN_DISABLE */

#ifdef __cplusplus
}
#endif

#endif /* HEISEN_HEISEN_H */
