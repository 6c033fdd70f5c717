// kit_runtime_test.cpp — ports/xv6/heisen_xv6.c, the code `heisen port xv6` copies into a
// kernel, run on the host against a fake xv6 kernel (tests/xv6/fake_kernel) and the real engine.
// The test plays the kernel: which hart runs, its interrupt bit, and the calls acquire(),
// release() and acquiresleep() make into the kit. Reports are checked as the UART would show them.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

extern "C" {
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "proc.h"
#include "fake_kernel.h"
#include "heisen/heisen.h"
#include "core/port.h"
#include "core/reset.h"
#include "ports/riscv/heisen_riscv.h"
extern struct proc proc[NPROC];
void heisen_xv6_forget_state(void);
}

namespace {

std::string g_uart;                     // what the engine wrote
bool g_engine_entered_interruptible;    // the engine ran with the hart's interrupts on
int g_irq_state_queries;                // heisen_port_irqs_enabled() calls

int g_noff[NCPU];
int g_intena[NCPU];

// xv6's push_off()/pop_off() pair, as acquire() and release() use it.
void push_off() {
    int on = intr_get();
    intr_off();
    if (g_noff[fake_hart]++ == 0) g_intena[fake_hart] = on;
}

void pop_off() {
    if (--g_noff[fake_hart] == 0 && g_intena[fake_hart]) intr_on();
}

// The kit's hooks where the ported kernel calls them.
void acquire(struct spinlock *lk) {
    push_off();
    heisen_xv6_acquire(lk, __builtin_return_address(0));
}

void release(struct spinlock *lk) {
    heisen_xv6_release(lk, __builtin_return_address(0));
    pop_off();
}

// Not inlined, as in a kernel: the hook's return address is the caller's call site.
__attribute__((noinline)) void acquiresleep(struct sleeplock *lk) {
    heisen_xv6_acquiresleep(lk, __builtin_return_address(0));
    acquire(&lk->lk);
    release(&lk->lk);
}

__attribute__((noinline)) void releasesleep(struct sleeplock *lk) {
    heisen_xv6_releasesleep(lk, __builtin_return_address(0));
    acquire(&lk->lk);
    release(&lk->lk);
}

void initlock(struct spinlock *lk, const char *name) {
    lk->name = const_cast<char *>(name);
    heisen_xv6_initlock(lk);
}

void initsleeplock(struct sleeplock *lk, const char *name) {
    initlock(&lk->lk, "sleep lock");
    lk->name = const_cast<char *>(name);
    heisen_xv6_initsleeplock(lk);
}

std::string hex(const void *p) {
    char text[32];
    std::snprintf(text, sizeof text, "%#lx", reinterpret_cast<unsigned long>(p));
    return text;
}

int count(const std::string &text, const std::string &what) {
    int n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

const std::string kCircular = "WARNING: possible circular locking dependency detected";
const std::string kRecursive = "WARNING: possible recursive locking detected";
const std::string kSleepInAtomic = "BUG: sleeping function called from invalid context";
const std::string kForeignRelease = "WARNING: lock released by a context that does not own it!";
const std::string kNestingUnderflow = "WARNING: interrupt-disable nesting underflow!";

class Xv6Kit : public ::testing::Test {
protected:
    void SetUp() override {
        heisen_reset_for_testing();
        heisen_xv6_forget_state();
        g_uart.clear();
        g_engine_entered_interruptible = false;
        g_irq_state_queries = 0;
        fake_hart = 0;
        for (int i = 0; i < NCPU; ++i) {
            fake_sie[i] = 1;
            cpus[i].proc = nullptr;
            g_noff[i] = 0;
        }
        initlock(&itable, "itable");
        initsleeplock(&inode, "inode");
        for (int i = 0; i < 2; ++i) initlock(&proc[i].lock, "proc");
    }

    // The stock kernel's real orders: fork() takes itable (idup()) while the new process's
    // lock is held, and releasesleep() wakes sleepers, taking p->lock under "sleep lock".
    void fork_and_releasesleep() {
        cpus[0].proc = &proc[0];
        acquire(&proc[1].lock);
        acquire(&itable);
        release(&itable);
        release(&proc[1].lock);
        acquire(&inode.lk);
        acquire(&proc[1].lock);
        release(&proc[1].lock);
        release(&inode.lk);
    }

    // iput() of the last reference: the inode's sleeplock taken under itable.lock.
    void iput(bool marked) {
        cpus[0].proc = &proc[0];
        acquire(&itable);
        if (marked) heisen_xv6_acquiresleep_cannot_block();
        acquiresleep(&inode);
        release(&itable);
        releasesleep(&inode);
    }

    struct spinlock itable;
    struct sleeplock inode;
};

TEST_F(Xv6Kit, IputsUncontendedAcquiresleepAddsNoOrder) {
    fork_and_releasesleep();
    iput(true);
    EXPECT_EQ(g_uart, "");
}

TEST_F(Xv6Kit, IputsMarkCoversOneAcquiresleepOnly) {
    struct sleeplock other;
    initsleeplock(&other, "inode");
    fork_and_releasesleep();
    acquire(&itable);
    heisen_xv6_acquiresleep_cannot_block();
    acquiresleep(&inode);
    acquire(&other.lk);  // another sleeplock's spinlock under itable: a real order, still recorded
    release(&other.lk);
    release(&itable);
    releasesleep(&inode);
    EXPECT_EQ(count(g_uart, kCircular), 1) << g_uart;
    EXPECT_NE(g_uart.find("Chain exists of:\n  sleep lock --> proc --> itable --> sleep lock"), std::string::npos) << g_uart;
    EXPECT_EQ(count(g_uart, kSleepInAtomic), 0) << g_uart;
}

TEST_F(Xv6Kit, AcquiresleepUnderASpinlockIsReportedAtItsFirstCall) {
    iput(false);
    EXPECT_EQ(count(g_uart, kSleepInAtomic), 1) << g_uart;
    EXPECT_NE(g_uart.find("while holding 1 spinning lock:\n  \"itable\" (spinning)"), std::string::npos) << g_uart;
}

// The three designs of a bucket buffer cache whose bucket locks share one name, stealing a
// buffer from another bucket while holding its own.
class BucketSteal : public Xv6Kit {
protected:
    static constexpr int kBuckets = 13;
    void SetUp() override {
        Xv6Kit::SetUp();
        for (int i = 0; i < kBuckets; ++i) initlock(&bucket[i], "bcache.bucket");
        initlock(&evict, "bcache.evict");
    }
    // Holds bucket `own` while looking at `other`.
    void steal(int own, int other, bool under_evict = false) {
        if (under_evict) acquire(&evict);
        acquire(&bucket[own]);
        acquire(&bucket[other]);
        release(&bucket[other]);
        release(&bucket[own]);
        if (under_evict) release(&evict);
    }
    struct spinlock bucket[kBuckets];
    struct spinlock evict;
};

// A ring walk: each bucket holds itself while trying the next ones, wrapping from the last
// bucket to the first. Silent while every nesting runs in one address order; the wrap-around
// nests the other way and is reported, with both instance orders.
TEST_F(BucketSteal, CyclicRingWalkIsADeadlock) {
    for (int own = 0; own + 1 < kBuckets; ++own) steal(own, own + 1);
    EXPECT_EQ(g_uart, "");
    steal(kBuckets - 1, 0);  // the ring closes
    EXPECT_EQ(count(g_uart, kRecursive), 1) << g_uart;
    EXPECT_NE(g_uart.find("instances of \"bcache.bucket\" are nested in both orders, and no one lock is held around "
                          "every such nesting:"),
              std::string::npos)
        << g_uart;
    EXPECT_NE(g_uart.find("-> lower address first: \"bcache.bucket\" at " + hex(&bucket[0].heisen.map) +
                          " was held while \"bcache.bucket\" at " + hex(&bucket[1].heisen.map) + " was acquired"),
              std::string::npos)
        << g_uart;
    EXPECT_NE(g_uart.find("-> higher address first: \"bcache.bucket\" at " + hex(&bucket[kBuckets - 1].heisen.map) +
                          " was held while \"bcache.bucket\" at " + hex(&bucket[0].heisen.map) + " was acquired"),
              std::string::npos)
        << g_uart;
    EXPECT_NE(g_uart.find("*** DEADLOCK ***"), std::string::npos);
    EXPECT_NE(g_uart.find("hint: nest \"bcache.bucket\" locks in one order everywhere (e.g. the lower index first), or "
                          "hold one lock (an eviction lock) around every such nesting."),
              std::string::npos)
        << g_uart;
    steal(3, 1);  // more of the same: one report per class
    EXPECT_EQ(count(g_uart, kRecursive), 1);
}

TEST_F(BucketSteal, NestingAlwaysLowerIndexFirstIsSilent) {
    for (int own = 0; own < kBuckets; ++own)
        for (int other = own + 1; other < kBuckets; ++other) steal(own, other);
    EXPECT_EQ(g_uart, "");
}

TEST_F(BucketSteal, NestingUnderOneEvictionLockIsSilentUntilOneNestsWithoutIt) {
    for (int own = 0; own < kBuckets; ++own)
        for (int other = 0; other < kBuckets; ++other)
            if (other != own) steal(own, other, true);
    EXPECT_EQ(g_uart, "");
    steal(5, 2);  // without the eviction lock: the orders it saw are no longer serialised
    EXPECT_EQ(count(g_uart, kRecursive), 1) << g_uart;
    EXPECT_NE(g_uart.find("are nested in both orders"), std::string::npos) << g_uart;
}

// A trylock of another bucket cannot wait, so it makes no order.
TEST_F(BucketSteal, TryLockedNestingsInBothOrdersAreSilent) {
    for (int own = 0; own < kBuckets; ++own) {
        int other = (own + 1) % kBuckets;
        acquire(&bucket[own]);
        push_off();
        heisen_acquire(reinterpret_cast<heisen_lock_map *>(&bucket[other].heisen.map), HEISEN_ACQ_TRY | HEISEN_ACQ_IRQS_OFF,
                       0, nullptr);
        release(&bucket[other]);
        release(&bucket[own]);
    }
    EXPECT_EQ(g_uart, "");
}

// Designed nesting is recognised by where the lock lives (a struct buf, per the symbol table),
// not by its name: a tree that calls its buffer sleeplocks "blk" nests two (log block before
// home block) without a report, and reports name the locks' variables.
TEST_F(Xv6Kit, BufferSleeplocksRenamedStillNestByDesign) {
    initsleeplock(fake_buf_lock(0), "blk");
    initsleeplock(fake_buf_lock(1), "blk");
    cpus[0].proc = &proc[0];
    for (int round = 0; round < 2; ++round) {
        acquiresleep(fake_buf_lock(round));
        acquiresleep(fake_buf_lock(1 - round));
        releasesleep(fake_buf_lock(1 - round));
        releasesleep(fake_buf_lock(round));
    }
    EXPECT_EQ(g_uart, "");
    initlock(fake_bucket_lock(), "bcache.bucket");
    acquire(fake_bucket_lock());  // a spinlock held while sleeping: the report names its variable
    acquiresleep(fake_buf_lock(0));
    releasesleep(fake_buf_lock(0));
    release(fake_bucket_lock());
    EXPECT_NE(g_uart.find("while holding 1 spinning lock:\n  \"bcache.bucket\" (spinning) at " +
                          hex(&fake_bucket_lock()->heisen.map) + " (bcache.bucket[7]), acquired at:"),
              std::string::npos)
        << g_uart;
    EXPECT_NE(g_uart.find(" #0: \"bcache.bucket\" (bcache.bucket[7]), at: "), std::string::npos) << g_uart;
    releasesleep(fake_buf_lock(1));  // not held: the report names the sleeplock's variable
    EXPECT_NE(g_uart.find("is trying to release lock:\n  \"blk\" (sleeping) at " + hex(&fake_buf_lock(1)->heisen.map) +
                          " (bcache.buf[1].lock), released at:"),
              std::string::npos)
        << g_uart;
}

// Without a table entry for the lock (here: not in the fake table), xv6's names decide.
TEST_F(Xv6Kit, BufferSleeplocksOutsideTheTableNestByDesignByName) {
    struct sleeplock a, b;
    initsleeplock(&a, "buffer");
    initsleeplock(&b, "buffer");
    cpus[0].proc = &proc[0];
    for (int round = 0; round < 2; ++round) {
        struct sleeplock *outer = round ? &b : &a, *inner = round ? &a : &b;
        acquiresleep(outer);
        acquiresleep(inner);
        releasesleep(inner);
        releasesleep(outer);
    }
    EXPECT_EQ(g_uart, "");
}

// binit() in student trees: bucket names built in one stack buffer reused by the loop.
void init_buckets_from_a_reused_buffer(struct spinlock *bucket, int n) {
    char name[16];
    for (int i = 0; i < n; ++i) {
        std::snprintf(name, sizeof name, "bcache_%d", i);
        initlock(&bucket[i], name);
    }
    std::memset(name, 0, sizeof name);  // the frame dies; its bytes are reused
}

TEST_F(Xv6Kit, LockNamesFromAStackBufferKeepTheirTextAtInit) {
    struct spinlock bucket[2];
    init_buckets_from_a_reused_buffer(bucket, 2);
    acquire(&bucket[0]);
    acquire(&bucket[1]);  // two classes, "bcache_0" then "bcache_1": one order, no report
    release(&bucket[1]);
    release(&bucket[0]);
    EXPECT_EQ(g_uart, "");
    acquire(&bucket[1]);
    acquire(&bucket[0]);  // the other order
    release(&bucket[0]);
    release(&bucket[1]);
    EXPECT_EQ(count(g_uart, kCircular), 1) << g_uart;
    EXPECT_NE(g_uart.find("\"bcache_0\""), std::string::npos) << g_uart;
    EXPECT_NE(g_uart.find("\"bcache_1\""), std::string::npos) << g_uart;
}

// A timer interrupt inside an engine call could yield() and resume the process on another hart:
// the kit masks interrupts for the calls it makes with them on, and gives the mask back.
TEST_F(Xv6Kit, EngineRunsWithInterruptsMaskedAndTheCallerKeepsItsState) {
    cpus[0].proc = &proc[0];
    acquiresleep(&inode);
    EXPECT_EQ(intr_get(), 1);
    releasesleep(&inode);
    EXPECT_EQ(intr_get(), 1);
    heisen_xv6_exit(nullptr);
    EXPECT_EQ(intr_get(), 1);
    EXPECT_FALSE(g_engine_entered_interruptible);
    EXPECT_EQ(g_uart, "");  // the caller's interrupts were on: a valid place to sleep
}

TEST_F(Xv6Kit, SleepingWithTheCallersInterruptsOffIsReportedAsSuch) {
    cpus[0].proc = &proc[0];
    intr_off();
    acquiresleep(&inode);
    releasesleep(&inode);
    EXPECT_EQ(intr_get(), 0);
    EXPECT_EQ(count(g_uart, kSleepInAtomic), 1) << g_uart;
    EXPECT_NE(g_uart.find("interrupts disabled"), std::string::npos) << g_uart;
}

// acquire() runs the hook after push_off(): the kit says interrupts are off instead of the
// engine asking the port on every acquisition.
TEST_F(Xv6Kit, SpinlockAcquisitionsDoNotAskForTheInterruptState) {
    acquire(&itable);
    acquire(&proc[0].lock);
    release(&proc[0].lock);
    release(&itable);
    EXPECT_EQ(g_irq_state_queries, 0);
    EXPECT_EQ(g_uart, "");
    cpus[0].proc = &proc[0];
    acquiresleep(&inode);  // a sleeplock: the caller's state is asked for
    releasesleep(&inode);
    EXPECT_GT(g_irq_state_queries, 0);
}

// The hart is read from tp and the process from that hart's struct cpu: a sleeplock belongs to
// the process wherever it runs next.
TEST_F(Xv6Kit, SleeplockFollowsItsProcessToAnotherHart) {
    cpus[0].proc = &proc[0];
    acquiresleep(&inode);
    cpus[0].proc = nullptr;
    fake_hart = 1;
    cpus[1].proc = &proc[0];
    releasesleep(&inode);
    EXPECT_EQ(g_uart, "");
}

// The kit's line before release()'s holding() check: a spinlock taken on one hart and released
// on another is reported, naming the releasing hart, before xv6's panic("release").
TEST_F(Xv6Kit, SpinlockReleasedOnAnotherHartIsReported) {
    struct spinlock lk;
    initlock(&lk, "bcache");
    acquire(&lk);
    fake_hart = 1;
    heisen_xv6_release(&lk, __builtin_return_address(0));  // if(!holding(lk)) on hart 1
    EXPECT_EQ(count(g_uart, kForeignRelease), 1) << g_uart;
    EXPECT_NE(g_uart.find("cpu 1 is releasing lock:\n  \"bcache\" (spinning)"), std::string::npos) << g_uart;
}

TEST_F(Xv6Kit, SleeplockReleasedByAnotherProcessIsReported) {
    cpus[0].proc = &proc[0];
    acquiresleep(&inode);
    fake_hart = 1;
    cpus[1].proc = &proc[1];
    releasesleep(&inode);
    EXPECT_EQ(count(g_uart, kForeignRelease), 1) << g_uart;
    EXPECT_NE(g_uart.find("cpu 1 task " + hex(&proc[1]) + " is releasing lock:\n  \"inode\" (sleeping)"), std::string::npos)
        << g_uart;
}

// Two p->locks at once (wait() in 2020 trees) are nested by design; the slots are given back on
// release, so the same nesting later, in either order, is accepted again.
TEST_F(Xv6Kit, ProcLocksNestedByDesignAreNotRecursiveLocking) {
    for (int round = 0; round < 2; ++round) {
        struct spinlock *outer = &proc[round].lock, *inner = &proc[1 - round].lock;
        acquire(outer);
        acquire(inner);
        release(inner);
        release(outer);
    }
    EXPECT_EQ(g_uart, "");
}

TEST_F(Xv6Kit, PopOffBelowZeroIsReportedAndABalancedOneIsNot) {
    heisen_xv6_pop_off(1, nullptr);
    EXPECT_EQ(g_uart, "");
    heisen_xv6_pop_off(0, nullptr);
    EXPECT_EQ(count(g_uart, kNestingUnderflow), 1) << g_uart;
}

// sleep(chan, lk) and wakeup(chan) as the ported kernel calls the kit's hooks (without a
// scheduler: the sleep returns at once). The event is classed by the sleep()'s call site.
__attribute__((noinline)) void xv6_sleep(void *chan, struct spinlock *lk) {
    heisen_xv6_sleep(chan, lk, __builtin_return_address(0));
    release(lk);
    acquire(lk);
    heisen_xv6_sleep_done(__builtin_return_address(0));
}

__attribute__((noinline)) void xv6_wakeup(void *chan) { heisen_xv6_wakeup(chan, __builtin_return_address(0)); }

const std::string kCircularWait = "WARNING: possible circular wait dependency detected";

// A log-style hand-off: one process waits for a commit holding a sleeplock (an inode's); the
// committer wakes it up.
class Channels : public Xv6Kit {
protected:
    void SetUp() override {
        Xv6Kit::SetUp();
        initlock(&commit_lock, "log");
    }
    // Not inlined: each half has one call site, as in a kernel (reports are per call site).
    __attribute__((noinline)) void waiter(bool holding_inode) {
        fake_hart = 0;
        cpus[0].proc = &proc[0];
        if (holding_inode) acquiresleep(&inode);
        acquire(&commit_lock);
        xv6_sleep(&committed, &commit_lock);
        release(&commit_lock);
        if (holding_inode) releasesleep(&inode);
    }
    __attribute__((noinline)) void committer(bool taking_inode) {
        fake_hart = 1;
        cpus[1].proc = &proc[1];
        if (taking_inode) acquiresleep(&inode);
        acquire(&commit_lock);
        committed = 1;
        xv6_wakeup(&committed);
        release(&commit_lock);
        if (taking_inode) releasesleep(&inode);
    }
    struct spinlock commit_lock;
    int committed = 0;
};

TEST_F(Channels, SleepHoldingALockTheWakeupPathTakesIsReportedAtFirstOccurrence) {
    waiter(true);
    EXPECT_EQ(g_uart, "");
    committer(true);
    EXPECT_EQ(count(g_uart, kCircularWait), 1) << g_uart;
    EXPECT_NE(g_uart.find("cpu 1 task " + hex(&proc[1]) + " triggers event:\n  \"sleep@0x"), std::string::npos) << g_uart;
    EXPECT_NE(g_uart.find("after acquiring lock:\n  \"inode\" (sleeping)"), std::string::npos) << g_uart;
    EXPECT_NE(g_uart.find("-> #1: \"inode\" was held while waiting for \"sleep@0x"), std::string::npos) << g_uart;
    EXPECT_EQ(count(g_uart, "WARNING:") + count(g_uart, "BUG:"), 1) << g_uart;
    waiter(true);
    committer(true);
    EXPECT_EQ(count(g_uart, kCircularWait), 1) << "reported once" << g_uart;
}

TEST_F(Channels, WakeupPathWithoutTheLockIsSilent) {
    waiter(true);
    committer(false);
    EXPECT_EQ(g_uart, "");
}

TEST_F(Channels, SleepingWithoutTheLockIsSilent) {
    committer(true);
    waiter(false);
    committer(true);
    EXPECT_EQ(g_uart, "");
}

// acquiresleep()'s own sleep on the sleeplock and releasesleep()'s wakeup of it are the lock's
// wait and hand-off, validated as the lock: no event, even while holding another sleeplock.
TEST_F(Channels, SleeplocksOwnSleepAndWakeupAreNoEvents) {
    struct sleeplock other;
    initsleeplock(&other, "inode");
    fake_hart = 0;
    cpus[0].proc = &proc[0];
    acquiresleep(&inode);
    heisen_xv6_acquiresleep(&other, nullptr);  // contended: acquiresleep() sleeps on it
    acquire(&other.lk);
    xv6_sleep(&other, &other.lk);
    release(&other.lk);
    releasesleep(&other);
    releasesleep(&inode);
    fake_hart = 1;
    cpus[1].proc = &proc[1];
    acquiresleep(&inode);
    acquiresleep(&other);
    heisen_xv6_releasesleep(&other, nullptr);  // releasesleep() wakes the sleeplock's waiters
    acquire(&other.lk);
    xv6_wakeup(&other);
    release(&other.lk);
    releasesleep(&inode);
    EXPECT_EQ(g_uart, "");
}

}  // namespace

// The port beneath the engine, as riscv_port.c provides it in a kernel, with the fake hart.
extern "C" {
uint32_t heisen_port_cpu_id(void) {
    if (intr_get()) g_engine_entered_interruptible = true;
    return static_cast<uint32_t>(fake_hart);
}
uintptr_t heisen_port_task_id(void) { return heisen_riscv_task_id(); }
int heisen_port_irqs_enabled(void) {
    ++g_irq_state_queries;
    return heisen_riscv_irqs_enabled();
}
int heisen_port_irq_context_may_sleep(void) { return 0; }
void heisen_port_write(const char *text, size_t len) { g_uart.append(text, len); }
size_t heisen_port_stack(uintptr_t *, size_t, size_t) { return 0; }
size_t heisen_port_format_pc(uintptr_t pc, char *buf, size_t len) {
    int n = std::snprintf(buf, len, "%#lx", static_cast<unsigned long>(pc));
    return n < 0 ? 0 : static_cast<size_t>(n) < len ? static_cast<size_t>(n) : len - 1;
}
uint64_t heisen_port_now_ns(void) { return 0; }
int heisen_port_report_made(const struct heisen_report *) { return 0; }
void heisen_port_abort(void) { std::abort(); }
void heisen_riscv_panic_dump(void) { heisen_dump_all_held(); }
}
