/*
 * report.h — one validator report as plain data.
 *
 * The engine fills a heisen_report and hands it to the port (heisen_port_report_made). Every
 * field is plain data — fixed arrays, code addresses, pointers to static name strings — so a port
 * can copy it field by field across a pipe (the POSIX port ships it to `heisen run`, which
 * symbolizes the addresses) and the renderers (report_render.h) turn it into lockdep-dialect text or a
 * JSON object anywhere, freestanding or hosted.
 */
#ifndef HEISEN_CORE_REPORT_H
#define HEISEN_CORE_REPORT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HEISEN_REPORT_STACK_DEPTH 12 /* frames kept per acquisition */
#define HEISEN_REPORT_MAX_HELD    16 /* held locks listed (the rest are counted) */
#define HEISEN_REPORT_MAX_CHAIN   16 /* edges of a cycle listed */

/* Report kinds. The numeric values are stable: they cross process boundaries. */
enum heisen_report_kind {
    HEISEN_REPORT_CIRCULAR_DEPENDENCY = 1,
    HEISEN_REPORT_RECURSIVE_LOCKING = 2,
    HEISEN_REPORT_SELF_DEADLOCK = 3,
    HEISEN_REPORT_SLEEP_IN_ATOMIC = 4,
    HEISEN_REPORT_INCONSISTENT_LOCK_STATE = 5,
    HEISEN_REPORT_IRQ_LOCK_INVERSION = 6,
    HEISEN_REPORT_SLEEPING_LOCK_IN_IRQ = 7,
    HEISEN_REPORT_BAD_UNLOCK_BALANCE = 8,
    HEISEN_REPORT_NON_OWNER_RELEASE = 9,
    HEISEN_REPORT_HELD_LOCK_FREED = 10,
    HEISEN_REPORT_EXIT_WITH_LOCKS_HELD = 11,
    HEISEN_REPORT_RETURN_TO_USER_WITH_LOCKS_HELD = 12,
    HEISEN_REPORT_IRQ_NESTING_UNDERFLOW = 13,
    HEISEN_REPORT_ASSERT_HELD = 14,
    HEISEN_REPORT_ASSERT_NOT_HELD = 15,
    HEISEN_REPORT_DESTROYED_LOCK_USED = 16,
    HEISEN_REPORT_FREED_LOCK_USED = 17,
    HEISEN_REPORT_CIRCULAR_WAIT = 18,
    HEISEN_REPORT_DEADLOCK = 19, /* a cycle of contexts blocked right now (live_deadlock.h) */
    HEISEN_REPORT_KIND_COUNT = 20
};

/* heisen_report_lock.kind of the engine's "interrupt handling" node in a circular wait: a CPU
 * spinning with interrupts disabled keeps it from happening, and events triggered by interrupt
 * handlers wait for it. Shown beside HEISEN_EVENT. */
#define HEISEN_REPORT_INTERRUPT_HANDLING 0x200u

/* How a lock was taken. */
enum heisen_report_mode {
    HEISEN_MODE_WRITE = 0,          /* exclusive */
    HEISEN_MODE_READ = 1,           /* shared, not recursive */
    HEISEN_MODE_RECURSIVE_READ = 2, /* shared, may be re-taken */
};

typedef struct heisen_report_stack {
    uintptr_t pcs[HEISEN_REPORT_STACK_DEPTH];
    uint32_t depth;
} heisen_report_stack;

/* A lock as a report names it: its class, this instance, and where it was acquired. */
typedef struct heisen_report_lock {
    const char *name;      /* class name; NULL = no lock in this slot */
    uint32_t class_index;  /* the engine's class number (stable for the run) */
    uint32_t subclass;
    uint32_t mode;         /* heisen_report_mode */
    uint32_t kind;         /* HEISEN_LOCK_* flags of the lock */
    uintptr_t instance;    /* address of the lock's heisen_lock_map */
    const char *variable;  /* the variable the lock lies in ("bcache.bucket[3]"), where the port
                              can name it (heisen_port_lock_variable); NULL otherwise */
    heisen_report_stack stack; /* where it was acquired (or the relevant usage happened) */
} heisen_report_lock;

/* One edge "from was held when to was acquired" of the order graph, as first seen. */
typedef struct heisen_report_edge {
    heisen_report_lock from;
    heisen_report_lock to;
} heisen_report_edge;

typedef struct heisen_report {
    uint32_t kind;          /* heisen_report_kind */
    uint32_t cpu;           /* who made the offending call */
    uintptr_t task;
    uint8_t in_irq;
    uint8_t irqs_enabled;
    uint8_t reserved[6];

    /* The lock the offending call was about (acquired, released, freed, asserted). */
    heisen_report_lock subject;
    /* The other lock involved: the held lock of the same class (recursion), the lock that
     * closes a cycle, the irq-unsafe end of an inversion. name == NULL when unused. */
    heisen_report_lock other;
    /* The offending call's stack. */
    heisen_report_stack site;

    /* Irq usage reports: which usage was seen where. usage_first is the older usage
     * ("{IN-IRQ-W}" at ...), usage_second the one that conflicts with it. */
    const char *usage_first_name;
    heisen_report_stack usage_first;
    const char *usage_second_name;
    heisen_report_stack usage_second;

    /* Cycles: the chain of edges that already existed, from subject to other; the new edge
     * other -> subject closes it. In a circular wait an end may be an event (kind HEISEN_EVENT):
     * lock -> event "the lock was held while waiting for the event", event -> lock "the event
     * was triggered after the lock was acquired"; its stack is where it was waited for or
     * triggered. Recursive locking judged by instance order
     * (HEISEN_LOCK_ORDER_INSTANCES): two entries, the first nesting of the class with the held
     * instance at the lower address and the first with it at the higher one. */
    uint32_t chain_length;
    uint32_t chain_truncated; /* edges not listed */
    heisen_report_edge chain[HEISEN_REPORT_MAX_CHAIN];

    /* Every lock held by the context that made the call, oldest first. */
    uint32_t held_count;
    uint32_t held_truncated;  /* held locks not listed */
    heisen_report_lock held[HEISEN_REPORT_MAX_HELD];

    /* A deadlock (HEISEN_REPORT_DEADLOCK) involves several contexts: chain_cpu[i] waits for
     * chain[i].from, which chain_cpu[i + 1] (the first one after the last) holds or, for an
     * event, is to trigger; held_cpu[i] is the context holding held[i]. Unused otherwise. */
    uint32_t chain_cpu[HEISEN_REPORT_MAX_CHAIN];
    uint32_t held_cpu[HEISEN_REPORT_MAX_HELD];
} heisen_report;

/* Stable identifiers and lockdep-dialect headers of the kinds. */
const char *heisen_report_kind_id(uint32_t kind);     /* "circular-dependency", ... */
const char *heisen_report_kind_header(uint32_t kind); /* "WARNING: possible circular ..." */

#ifdef __cplusplus
}
#endif

#endif /* HEISEN_CORE_REPORT_H */
