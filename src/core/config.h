/*
 * config.h — the validator's fixed capacities, chosen at compile time.
 *
 * Every table is static and zero-initialised. When one fills, the engine prints one line naming
 * the limit (the macro below) and keeps validating what fits. Override any of them with -D.
 */
#ifndef HEISEN_CORE_CONFIG_H
#define HEISEN_CORE_CONFIG_H

/* Hosted builds (user space) default to larger tables than kernels. */
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__
#define HEISEN_HOSTED_DEFAULT(hosted, kernel) (hosted)
#else
#define HEISEN_HOSTED_DEFAULT(hosted, kernel) (kernel)
#endif

#ifndef HEISEN_SELFCHECK   /* 1: check every fast-path verdict against the full path's and the order
                              graph's invariants after each change (selfcheck.cpp); for tests */
#define HEISEN_SELFCHECK 0
#endif

#ifndef HEISEN_MAX_CPUS     /* CPUs (user space: concurrently live threads) */
#define HEISEN_MAX_CPUS HEISEN_HOSTED_DEFAULT(512, 16)
#endif
#ifndef HEISEN_MAX_TASKS    /* tasks holding task-owned locks at one time */
#define HEISEN_MAX_TASKS 256
#endif
#ifndef HEISEN_MAX_HELD     /* locks one CPU or task holds at once */
#define HEISEN_MAX_HELD 48
#endif
#ifndef HEISEN_MAX_HELD_OVERFLOW /* locks beyond HEISEN_MAX_HELD kept (unvalidated) for unlock balance */
#define HEISEN_MAX_HELD_OVERFLOW HEISEN_HOSTED_DEFAULT(64, 8)
#endif
#ifndef HEISEN_MAX_CLASSES  /* live lock classes (power of two) */
#define HEISEN_MAX_CLASSES HEISEN_HOSTED_DEFAULT(4096, 1024)
#endif
#ifndef HEISEN_MAX_EDGES    /* order-graph edges between classes */
#define HEISEN_MAX_EDGES HEISEN_HOSTED_DEFAULT(16384, 4096)
#endif
#ifndef HEISEN_MAX_CHAINS   /* distinct held-lock sequences remembered (power of two) */
#define HEISEN_MAX_CHAINS HEISEN_HOSTED_DEFAULT(32768, 8192)
#endif
#ifndef HEISEN_MAX_STACKS   /* saved acquisition stacks */
#define HEISEN_MAX_STACKS HEISEN_HOSTED_DEFAULT(8192, 2048)
#endif
#ifndef HEISEN_MAX_REPORTS  /* distinct report signatures remembered for deduplication */
#define HEISEN_MAX_REPORTS 512
#endif
#ifndef HEISEN_MAX_NESTING_CLASSES   /* classes whose instances nest with each other (instance_order.h) */
#define HEISEN_MAX_NESTING_CLASSES 64
#endif
#ifndef HEISEN_MAX_INSTANCE_NESTINGS /* distinct (held, new) instance pairs remembered per run */
#define HEISEN_MAX_INSTANCE_NESTINGS HEISEN_HOSTED_DEFAULT(16384, 4096)
#endif
#ifndef HEISEN_REPEAT_MEMO_WAYS /* repeated acquisitions each CPU remembers (power of two; repeat_memo.h) */
#define HEISEN_REPEAT_MEMO_WAYS HEISEN_HOSTED_DEFAULT(128, 16)
#endif
#ifndef HEISEN_RECENT_LOCKS  /* newest acquisitions kept per context for the event window (power of two) */
#define HEISEN_RECENT_LOCKS 8
#endif

#endif /* HEISEN_CORE_CONFIG_H */
