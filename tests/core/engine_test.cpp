// engine_test.cpp — engine behaviour beyond the matrix: wording, rendering, deduplication,
// limits, abort mode, statistics, listings and re-entrancy.
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "fake_port.h"
#include "heisen/heisen.h"

extern "C" {
#include "core/config.h"
#include "core/report_render.h"
}

namespace {

class Engine : public ::testing::Test {
  protected:
    void SetUp() override { fake::reset(); }
    heisen_lock_map *make(const char *name, unsigned kind = HEISEN_LOCK_SPIN) {
        maps_.push_back(heisen_lock_map{});
        heisen_lock_init(&maps_.back(), name, kind, HEISEN_CLASS_BY_NAME, nullptr);
        return &maps_.back();
    }
    void abba(heisen_lock_map *a, heisen_lock_map *b) {
        heisen_acquire(a, 0, 0, nullptr); heisen_acquire(b, 0, 0, nullptr);
        heisen_release(b, nullptr); heisen_release(a, nullptr);
        heisen_acquire(b, 0, 0, nullptr); heisen_acquire(a, 0, 0, nullptr);
        heisen_release(a, nullptr); heisen_release(b, nullptr);
    }
    std::deque<heisen_lock_map> maps_;  // a deque: the engine keeps pointers to the maps
};

TEST_F(Engine, CircularReportUsesLockdepWordingAndNamesEveryLock) {
    abba(make("accounts"), make("ledger"));
    ASSERT_EQ(fake::kinds(), std::vector<std::string>{"circular-dependency"});
    const std::string &t = fake::port().reports[0].text;
    EXPECT_NE(t.find("WARNING: possible circular locking dependency detected\n"), std::string::npos);
    EXPECT_NE(t.find("is trying to acquire lock:\n  \"accounts\" (spinning)"), std::string::npos) << t;
    EXPECT_NE(t.find("but already holds lock:\n  \"ledger\" (spinning)"), std::string::npos) << t;
    EXPECT_NE(t.find("-> #1: \"accounts\" was held while \"ledger\" was acquired"), std::string::npos) << t;
    EXPECT_NE(t.find(" Possible unsafe locking scenario:\n\n       CPU0                    CPU1\n"
                     "       ----                    ----\n  lock(ledger);\n"
                     "                               lock(accounts);\n"
                     "                               lock(ledger);\n  lock(accounts);\n\n *** DEADLOCK ***"),
              std::string::npos) << t;
}

TEST_F(Engine, JsonReportCarriesKindLocksAndChain) {
    abba(make("a"), make("b"));
    ASSERT_EQ(fake::port().reports.size(), 1u);
    const std::string &j = fake::port().reports[0].json;
    EXPECT_EQ(j.rfind("{\"kind\":\"circular-dependency\",\"header\":\"WARNING: possible circular locking dependency detected\"", 0), 0u) << j;
    EXPECT_NE(j.find("\"lock\":{\"name\":\"a\""), std::string::npos) << j;
    EXPECT_NE(j.find("\"other\":{\"name\":\"b\""), std::string::npos) << j;
    EXPECT_NE(j.find("\"chain\":[{\"from\":{\"name\":\"a\""), std::string::npos) << j;
    EXPECT_EQ(j.back(), '\n');
    EXPECT_EQ(j.find('\n'), j.size() - 1);
}

// A lock name is whatever bytes the caller passed: the JSON stays valid UTF-8 and escapes
// control characters, as every JSON heisen writes does.
TEST_F(Engine, JsonReportEscapesNamesIntoValidUtf8) {
    abba(make("caf\xc3\xa9\xff\"q\"\n\x7f"), make("b"));
    ASSERT_EQ(fake::port().reports.size(), 1u);
    const std::string &j = fake::port().reports[0].json;
    EXPECT_NE(j.find("\"lock\":{\"name\":\"caf\xc3\xa9\xEF\xBF\xBD\\\"q\\\"\\n\\u007f\""), std::string::npos) << j;
    EXPECT_EQ(j.find('\xff'), std::string::npos) << j;
}

TEST_F(Engine, RepeatedBugIsReportedOnce) {
    heisen_lock_map *a = make("a"), *b = make("b");
    for (int i = 0; i < 5; ++i) abba(a, b);
    EXPECT_EQ(fake::kinds().size(), 1u);
    EXPECT_EQ(heisen_report_count(), 1u);
}

TEST_F(Engine, WithoutPortDeliveryTheEngineWritesTextThroughThePort) {
    fake::port().port_delivers = false;
    heisen_lock_map *a = make("a");
    heisen_release(a, nullptr);
    EXPECT_NE(fake::port().written.find("WARNING: bad unlock balance detected!\n"), std::string::npos);
    EXPECT_NE(fake::port().written.find("but there are no more locks to release!"), std::string::npos);
}

TEST_F(Engine, AbortModeStopsAtTheFirstReport) {
    heisen_lock_map *a = make("a");
    EXPECT_EXIT(
        {
            heisen_set_on_report(HEISEN_ON_REPORT_ABORT);
            heisen_release(a, nullptr);
        },
        ::testing::ExitedWithCode(77), "");
}

TEST_F(Engine, FullHeldStackPrintsOneLineAndKeepsGoing) {
    fake::port().port_delivers = false;
    std::vector<heisen_lock_map *> locks;
    // Names must outlive the classes (the engine keeps the pointer): a static pool of strings.
    static std::deque<std::string> names;
    for (int i = 0; i < HEISEN_MAX_HELD + 4; ++i) {
        names.emplace_back("l");
        names.back() += std::to_string(i);
        locks.push_back(make(names.back().c_str()));
    }
    for (heisen_lock_map *m : locks) heisen_acquire(m, 0, 0, nullptr);
    for (size_t i = locks.size(); i-- > 0;) heisen_release(locks[i], nullptr);
    const std::string &w = fake::port().written;
    EXPECT_NE(w.find("heisen: held-lock stack is full (HEISEN_MAX_HELD=48): deeper locks are not validated, only their unlocks balanced; validation continues\n"),
              std::string::npos) << w;
    EXPECT_EQ(w.find("held-lock stack is full"), w.rfind("held-lock stack is full"));
    EXPECT_EQ(w.find("bad unlock balance"), std::string::npos) << w;
}

TEST_F(Engine, LocksBeyondAFullHeldStackStillBalanceTheirUnlocks) {
    fake::port().port_delivers = false;
    static std::deque<std::string> names;
    std::vector<heisen_lock_map *> locks;
    for (int i = 0; i < HEISEN_MAX_HELD + 10; ++i) {
        names.emplace_back("deep" + std::to_string(i));
        locks.push_back(make(names.back().c_str()));
    }
    heisen_lock_map *never_taken = make("never_taken");
    for (heisen_lock_map *m : locks) heisen_acquire(m, 0, 0, nullptr);
    heisen_release(never_taken, nullptr);                         // the one real bug
    for (heisen_lock_map *m : locks) heisen_release(m, nullptr);  // oldest first: all balanced
    const std::string &w = fake::port().written;
    EXPECT_EQ(heisen_report_count(), 1u) << w;
    EXPECT_NE(w.find("is trying to release lock:\n  \"never_taken\""), std::string::npos) << w;
}

// Beyond the held stack, locks a holder may end holding (semaphores) are no exit report, however
// many; locks beyond the overflow table are unknown and not counted either. A plain lock in the
// overflow table still is.
TEST_F(Engine, ExitHoldingMoreSemaphoresThanTheHeldStackKeepsReportsNothing) {
    fake::port().port_delivers = false;
    static std::deque<std::string> names;
    for (int i = 0; i < HEISEN_MAX_HELD + HEISEN_MAX_HELD_OVERFLOW + 20; ++i) {
        names.emplace_back("sem" + std::to_string(i));
        heisen_acquire(make(names.back().c_str(), HEISEN_LOCK_SLEEP | HEISEN_LOCK_EXIT_HELD_OK), 0, 0, nullptr);
    }
    heisen_task_exit(nullptr);
    EXPECT_EQ(heisen_report_count(), 0u) << fake::port().written;
}

TEST_F(Engine, ExitHoldingAPlainLockBeyondTheHeldStackIsReported) {
    fake::port().port_delivers = false;
    static std::deque<std::string> names;
    for (int i = 0; i < HEISEN_MAX_HELD; ++i) {
        names.emplace_back("held_ok" + std::to_string(i));
        heisen_acquire(make(names.back().c_str(), HEISEN_LOCK_SLEEP | HEISEN_LOCK_EXIT_HELD_OK), 0, 0, nullptr);
    }
    heisen_acquire(make("plain", HEISEN_LOCK_SLEEP), 0, 0, nullptr);
    heisen_task_exit(nullptr);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"exit-with-locks-held"});
}

// A lock released by another context is no longer held by its first owner.
TEST_F(Engine, ExitAfterAnotherContextReleasedTheLockReportsNothingMore) {
    heisen_lock_map *job = make("job", HEISEN_LOCK_SLEEP);
    heisen_acquire(job, 0, 0, nullptr);
    fake::port().cpu = 1;
    heisen_release(job, nullptr);
    fake::port().cpu = 0;
    heisen_task_exit(nullptr);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"non-owner-release"});
}

__attribute__((noinline)) void release_through_helper(heisen_lock_map *m) {
    heisen_release(m, nullptr);
    __asm__ volatile("");  // not a tail call: the helper keeps its own frame
}
__attribute__((noinline)) void first_caller(heisen_lock_map *m, int times) {
    for (int i = 0; i < times; ++i) {  // one call site, repeated (the asm keeps the loop a loop)
        release_through_helper(m);
        __asm__ volatile("" : "+r"(i));
    }
}
__attribute__((noinline)) void second_caller(heisen_lock_map *m) {
    release_through_helper(m);
    __asm__ volatile("");
}

TEST_F(Engine, OneBugReachedThroughASharedHelperIsReportedOncePerCaller) {
    heisen_lock_map *device = make("device");
    first_caller(device, 3);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"bad-unlock-balance"});
    second_caller(device);
    EXPECT_EQ(fake::kinds(), (std::vector<std::string>{"bad-unlock-balance", "bad-unlock-balance"}));
}

// A robust mutex or a semaphore may be left held by a context that ends: not an error.
TEST_F(Engine, EndingWhileHoldingALockThatMayOutliveItsHolderIsSilent) {
    heisen_lock_map *robust = make("robust", HEISEN_LOCK_SLEEP | HEISEN_LOCK_EXIT_HELD_OK);
    heisen_lock_map *plain = make("plain", HEISEN_LOCK_SLEEP);
    heisen_acquire(robust, 0, 0, nullptr);
    heisen_task_exit(nullptr);
    EXPECT_TRUE(fake::kinds().empty());
    heisen_acquire(robust, 0, 0, nullptr);
    heisen_acquire(plain, 0, 0, nullptr);
    heisen_task_exit(nullptr);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"exit-with-locks-held"});
}

// A lock found to be a signal, not a lock: every holder forgets it without a report, and its
// order history goes with its retired class.
TEST_F(Engine, DisownedLockLeavesEveryContextQuietlyAndTakesItsOrdersAlong) {
    heisen_lock_map token{}, other{};
    heisen_lock_init(&token, "token", HEISEN_LOCK_SLEEP, HEISEN_CLASS_BY_INSTANCE, nullptr);
    heisen_lock_init(&other, "other", HEISEN_LOCK_SLEEP, HEISEN_CLASS_BY_INSTANCE, nullptr);
    heisen_acquire(&token, 0, 0, nullptr);
    heisen_acquire(&other, 0, 0, nullptr);  // the order token -> other
    heisen_release(&other, nullptr);
    fake::port().cpu = 1;
    heisen_acquire(&token, 0, 0, nullptr);  // cpu 1 holds it too (a counting semaphore)
    fake::port().cpu = 2;
    heisen_lock_disown(&token);
    EXPECT_TRUE(fake::kinds().empty());
    fake::port().cpu = 0;
    heisen_acquire(&other, 0, 0, nullptr);  // drops cpu 0's released entry
    heisen_release(&other, nullptr);
    heisen_task_exit(nullptr);
    fake::port().cpu = 1;
    heisen_task_exit(nullptr);
    EXPECT_TRUE(fake::kinds().empty());
    // Used as a lock again later, it starts without the old order.
    fake::port().cpu = 0;
    heisen_acquire(&other, 0, 0, nullptr);
    heisen_acquire(&token, 0, 0, nullptr);
    heisen_release(&token, nullptr);
    heisen_release(&other, nullptr);
    EXPECT_TRUE(fake::kinds().empty());
}

TEST_F(Engine, LockUsedAfterItsEndNamesWhereItEnded) {
    heisen_lock_map *cache = make("cache", HEISEN_LOCK_SLEEP);
    int destroyed_here = 0, freed_here = 0;
    heisen_lock_used_after_end(cache, 0, &destroyed_here, nullptr);
    heisen_lock_used_after_end(cache, 1, &freed_here, nullptr);
    ASSERT_EQ(fake::kinds(), (std::vector<std::string>{"destroyed-lock-used", "freed-lock-used"}));
    const std::string &destroyed = fake::port().reports[0].text;
    EXPECT_NE(destroyed.find("BUG: destroyed lock used!\n"), std::string::npos) << destroyed;
    EXPECT_NE(destroyed.find("is using lock:\n  \"cache\" (sleeping)"), std::string::npos) << destroyed;
    char where[64];
    std::snprintf(where, sizeof where, "destroyed at:\n    #0 %#lx", reinterpret_cast<unsigned long>(&destroyed_here));
    EXPECT_NE(destroyed.find(where), std::string::npos) << destroyed;
    const std::string &freed = fake::port().reports[1].text;
    EXPECT_NE(freed.find("BUG: lock used after its memory was freed!\n"), std::string::npos) << freed;
    EXPECT_NE(freed.find("memory freed at:"), std::string::npos) << freed;
}

// A recursive lock re-taken three times and then ordered against another lock makes one cycle,
// reported once (not once per re-entry).
TEST_F(Engine, CycleThroughARecursiveLockHeldSeveralTimesIsReportedOnce) {
    heisen_lock_map *outer = make("outer", HEISEN_LOCK_SLEEP | HEISEN_LOCK_RECURSIVE);
    heisen_lock_map *inner = make("inner", HEISEN_LOCK_SLEEP | HEISEN_LOCK_RECURSIVE);
    static int site[4];
    for (int i = 0; i < 3; ++i) heisen_acquire(outer, 0, 0, &site[i]);
    heisen_acquire(inner, 0, 0, &site[3]);
    heisen_release(inner, nullptr);
    for (int i = 0; i < 3; ++i) heisen_release(outer, nullptr);
    for (int i = 0; i < 3; ++i) heisen_acquire(inner, 0, 0, &site[i]);
    heisen_acquire(outer, 0, 0, &site[3]);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"circular-dependency"});
}

TEST_F(Engine, StatisticsCountAcquisitionsAndContention) {
    heisen_lock_map *a = make("stats.lock");
    heisen_set_lock_timing(1);
    for (int i = 0; i < 3; ++i) {
        heisen_acquire(a, 0, 0, nullptr);
        if (i == 1) heisen_contended(a, nullptr);
        heisen_acquired(a);
        heisen_release(a, nullptr);
    }
    heisen_class_stats stats[4];
    ASSERT_EQ(heisen_get_stats(stats, 4), 1u);
    EXPECT_STREQ(stats[0].name, "stats.lock");
    EXPECT_EQ(stats[0].acquisitions, 3u);
    EXPECT_EQ(stats[0].contended, 1u);
    heisen_dump_stats();
    EXPECT_NE(fake::port().written.find("  stats.lock: 3 1 "), std::string::npos) << fake::port().written;
}

// Counts pending on several CPUs are all reported; a destroyed instance class's counts do not
// carry over to the class that reuses its slot.
TEST_F(Engine, StatisticsSumEveryCpuAndForgetRetiredClasses) {
    heisen_lock_map *a = make("stats.cpus");
    for (uint32_t cpu = 0; cpu < 3; ++cpu) {
        fake::port().cpu = cpu;
        for (int i = 0; i < 5; ++i) {
            heisen_acquire(a, 0, 0, nullptr);
            heisen_release(a, nullptr);
        }
    }
    heisen_class_stats stats[4];
    ASSERT_EQ(heisen_get_stats(stats, 4), 1u);
    EXPECT_EQ(stats[0].acquisitions, 15u);

    heisen_lock_map first{};
    heisen_lock_init(&first, "stats.instance", HEISEN_LOCK_SPIN, HEISEN_CLASS_BY_INSTANCE, nullptr);
    heisen_acquire(&first, 0, 0, nullptr);
    heisen_release(&first, nullptr);
    heisen_lock_destroy(&first);
    first = heisen_lock_map{};  // the same lock object set up again: a new instance class
    heisen_lock_init(&first, "stats.instance", HEISEN_LOCK_SPIN, HEISEN_CLASS_BY_INSTANCE, nullptr);
    heisen_acquire(&first, 0, 0, nullptr);
    heisen_release(&first, nullptr);
    size_t n = heisen_get_stats(stats, 4);
    ASSERT_EQ(n, 2u);
    for (size_t i = 0; i < n; ++i) {
        if (std::string(stats[i].name) != "stats.instance") continue;
        EXPECT_EQ(stats[i].acquisitions, 1u);
    }
}

TEST_F(Engine, DumpListsHeldLocksOfThisAndEveryContext) {
    heisen_lock_map *a = make("bcache.bucket"), *b = make("buffer", HEISEN_LOCK_SLEEP);
    fake::port().cpu = 1;
    heisen_acquire(a, 0, 0, nullptr);
    fake::port().cpu = 2;
    fake::port().task = 0x77;
    heisen_acquire(b, 0, 0, nullptr);
    heisen_dump_held();
    heisen_dump_all_held();
    const std::string &w = fake::port().written;
    EXPECT_NE(w.find("heisen: 1 lock held by cpu 2 task 0x77:\n #0: buffer (sleep), at: "), std::string::npos) << w;
    EXPECT_NE(w.find("heisen: locks held by every CPU and task:\ncpu 1:\n #0: bcache.bucket (spin), at: "), std::string::npos) << w;
    EXPECT_NE(w.find("task 0x77:\n #0: buffer (sleep)"), std::string::npos) << w;
    EXPECT_NE(w.find("heisen: end of held locks\n"), std::string::npos);
}

TEST_F(Engine, SchedulerEntryMayHoldExactlyTheDeclaredLock) {
    heisen_lock_map *p_lock = make("proc"), *bucket = make("bcache.bucket");
    fake::port().task = 0x100;
    heisen_acquire(p_lock, 0, 0, nullptr);
    heisen_lock_map *allowed[] = {p_lock};
    heisen_sched_enter(allowed, 1, nullptr);
    EXPECT_TRUE(fake::kinds().empty());
    heisen_acquire(bucket, 0, 0, nullptr);
    heisen_sched_enter(allowed, 1, nullptr);
    ASSERT_EQ(fake::kinds(), std::vector<std::string>{"sleep-in-atomic"});
    EXPECT_NE(fake::port().reports[0].text.find("\"bcache.bucket\""), std::string::npos);
}

TEST_F(Engine, SleepInAtomicListsEveryHeldLock) {
    heisen_lock_map *bucket = make("bcache.bucket"), *buf = make("buffer", HEISEN_LOCK_SLEEP);
    heisen_acquire(bucket, 0, 0, nullptr);
    heisen_acquire(buf, 0, 0, nullptr);
    ASSERT_EQ(fake::kinds(), std::vector<std::string>{"sleep-in-atomic"});
    const std::string &t = fake::port().reports[0].text;
    EXPECT_NE(t.find("BUG: sleeping function called from invalid context\n"), std::string::npos);
    EXPECT_NE(t.find("acquiring sleeping lock:\n  \"buffer\" (sleeping)"), std::string::npos) << t;
    EXPECT_NE(t.find("while holding 1 spinning lock:\n  \"bcache.bucket\" (spinning)"), std::string::npos) << t;
    EXPECT_NE(t.find("1 lock held by cpu 0:\n #0: \"bcache.bucket\", at: "), std::string::npos) << t;
}

TEST_F(Engine, UserSpacePortLetsSignalContextSleepButKeepsIrqRules) {
    fake::port().irq_context_may_sleep = true;
    heisen_lock_map *m = make("m", HEISEN_LOCK_SLEEP);
    heisen_irq_enter();
    heisen_acquire(m, 0, 0, nullptr);
    heisen_release(m, nullptr);
    heisen_irq_exit();
    EXPECT_TRUE(fake::kinds().empty());
    heisen_acquire(m, 0, 0, nullptr);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"inconsistent-lock-state"});
}

// A try cannot wait, so a handler that only try-locks cannot deadlock on the context it
// interrupted: the class does not become irq-safe (as in lockdep). A blocking acquisition in
// the handler still does.
TEST_F(Engine, TryAcquisitionInIrqContextMakesTheClassNoIrqSafeUsage) {
    fake::port().irq_context_may_sleep = true;
    heisen_lock_map *stats = make("stats", HEISEN_LOCK_SLEEP);
    heisen_irq_enter();
    heisen_acquire(stats, HEISEN_ACQ_TRY, 0, nullptr);
    heisen_release(stats, nullptr);
    heisen_irq_exit();
    heisen_acquire(stats, 0, 0, nullptr);
    heisen_release(stats, nullptr);
    EXPECT_TRUE(fake::kinds().empty());
    heisen_irq_enter();
    heisen_acquire(stats, 0, 0, nullptr);
    heisen_release(stats, nullptr);
    heisen_irq_exit();
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"inconsistent-lock-state"});
}

// A kernel spinlock's acquire runs after its push_off(): the caller says interrupts are off
// (HEISEN_ACQ_IRQS_OFF) and the engine believes it instead of asking the port.
TEST_F(Engine, CallerSaysIrqsOffForAnIrqSafeLock) {
    heisen_lock_map *tick = make("tickslock");
    heisen_irq_enter();
    heisen_acquire(tick, 0, 0, nullptr);
    heisen_release(tick, nullptr);
    heisen_irq_exit();
    for (int round = 0; round < 2; ++round) {  // the first and the repeated path
        heisen_acquire(tick, HEISEN_ACQ_IRQS_OFF, 0, nullptr);
        heisen_release(tick, nullptr);
    }
    EXPECT_TRUE(fake::kinds().empty());
    heisen_acquire(tick, 0, 0, nullptr);  // the port says interrupts are on
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"inconsistent-lock-state"});
}

TEST_F(Engine, CallerSaysIrqsOffSoASleepingLockIsASleepInAtomic) {
    heisen_lock_map *buf = make("buffer", HEISEN_LOCK_SLEEP);
    heisen_acquire(buf, 0, 0, nullptr);
    heisen_release(buf, nullptr);
    EXPECT_TRUE(fake::kinds().empty());
    heisen_acquire(buf, HEISEN_ACQ_IRQS_OFF, 0, nullptr);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"sleep-in-atomic"});
}

// A CPU remembers the task slot it looked up last; another task on that CPU must still see
// only its own held locks (a stale slot would make this a recursive acquisition).
TEST_F(Engine, TasksTakingTurnsOnOneCpuKeepTheirOwnHeldLocks) {
    heisen_lock_map *s = make("sleeplock", HEISEN_LOCK_SLEEP);
    fake::port().task = 2;
    heisen_acquire(s, 0, 0, nullptr);  // task 2's slot, and the sequence "s" validated
    heisen_release(s, nullptr);
    fake::port().task = 1;
    heisen_acquire(s, 0, 0, nullptr);  // the CPU now remembers task 1
    fake::port().task = 2;
    heisen_acquire(s, 0, 0, nullptr);  // the repeated path, for task 2
    EXPECT_TRUE(fake::kinds().empty());
    heisen_acquire(s, 0, 0, nullptr);  // task 2 itself takes it twice
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"self-deadlock"});
}

TEST_F(Engine, InstanceClassesAreRetiredOnDestroy) {
    heisen_lock_map a{}, b{};
    auto init = [](heisen_lock_map *m, const char *n) { heisen_lock_init(m, n, HEISEN_LOCK_SLEEP, HEISEN_CLASS_BY_INSTANCE, nullptr); };
    init(&a, "first");
    init(&b, "second");
    heisen_acquire(&a, 0, 0, nullptr); heisen_acquire(&b, 0, 0, nullptr);
    heisen_release(&b, nullptr); heisen_release(&a, nullptr);
    heisen_lock_destroy(&a);
    heisen_lock_destroy(&b);
    // New locks at the same addresses, taken in the opposite order: not a cycle.
    init(&a, "third");
    init(&b, "fourth");
    heisen_acquire(&b, 0, 0, nullptr); heisen_acquire(&a, 0, 0, nullptr);
    heisen_release(&a, nullptr); heisen_release(&b, nullptr);
    EXPECT_TRUE(fake::kinds().empty());
}

TEST_F(Engine, EventsInsideTheEngineOnlyKeepTheBooks) {
    // A signal or interrupt arriving while this CPU is inside the engine: simulated by a
    // report callback that takes and releases a lock on the same CPU.
    heisen_lock_map *a = make("a"), *n = make("nested");
    static heisen_lock_map *nested_lock;
    nested_lock = n;
    heisen_release(a, nullptr);  // a report: while it is delivered, take another lock
    heisen_acquire(nested_lock, 0, 0, nullptr);
    heisen_release(nested_lock, nullptr);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"bad-unlock-balance"});
}

TEST_F(Engine, EveryKindHasAStableIdAndHeader) {
    EXPECT_STREQ(heisen_report_kind_header(HEISEN_REPORT_RECURSIVE_LOCKING), "WARNING: possible recursive locking detected");
    EXPECT_STREQ(heisen_report_kind_header(HEISEN_REPORT_SLEEP_IN_ATOMIC), "BUG: sleeping function called from invalid context");
    EXPECT_STREQ(heisen_report_kind_header(HEISEN_REPORT_INCONSISTENT_LOCK_STATE), "WARNING: inconsistent lock state");
    EXPECT_STREQ(heisen_report_kind_header(HEISEN_REPORT_IRQ_LOCK_INVERSION), "WARNING: possible irq lock inversion dependency detected");
    EXPECT_STREQ(heisen_report_kind_header(HEISEN_REPORT_BAD_UNLOCK_BALANCE), "WARNING: bad unlock balance detected!");
    EXPECT_STREQ(heisen_report_kind_header(HEISEN_REPORT_HELD_LOCK_FREED), "BUG: held lock freed!");
    EXPECT_STREQ(heisen_report_kind_id(HEISEN_REPORT_IRQ_NESTING_UNDERFLOW), "irq-nesting-underflow");
    EXPECT_STREQ(heisen_report_kind_id(999), "unknown");
}

TEST_F(Engine, IrqNestingUnderflowIsReported) {
    heisen_irq_nesting_underflow(nullptr);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"irq-nesting-underflow"});
}

TEST_F(Engine, DisabledValidationReportsNothing) {
    heisen_set_enabled(0);
    heisen_release(make("a"), nullptr);
    EXPECT_TRUE(fake::kinds().empty());
}

TEST_F(Engine, FreeingMemoryWithAHeldLockIsReported) {
    struct Object {
        int data;
        heisen_lock_map lock;
    } object{};
    heisen_lock_init(&object.lock, "object", HEISEN_LOCK_SPIN, HEISEN_CLASS_BY_NAME, nullptr);
    heisen_acquire(&object.lock, 0, 0, nullptr);
    heisen_free_range(&object, sizeof object);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"held-lock-freed"});
    EXPECT_FALSE(heisen_is_held(&object.lock));
}

}  // namespace

namespace {

constexpr unsigned kRecursiveRwlock = HEISEN_LOCK_SLEEP | HEISEN_LOCK_RW | HEISEN_LOCK_READ_RECURSIVE;

// One context takes rw (write) then m; another takes m then rw (read). The reader waits for the
// writer, the writer for m: a deadlock although the read side is recursive.
TEST_F(Engine, RecursiveReadClosingACycleWithAWriterIsReported) {
    heisen_lock_map *rw = make("table_rw", kRecursiveRwlock);
    heisen_lock_map *m = make("table_mutex", HEISEN_LOCK_SLEEP);
    heisen_acquire(rw, 0, 0, nullptr); heisen_acquire(m, 0, 0, nullptr);
    heisen_release(m, nullptr); heisen_release(rw, nullptr);
    fake::port().cpu = 1;
    heisen_acquire(m, 0, 0, nullptr); heisen_acquire(rw, HEISEN_ACQ_READ, 0, nullptr);
    heisen_release(rw, nullptr); heisen_release(m, nullptr);
    ASSERT_EQ(fake::kinds(), std::vector<std::string>{"circular-dependency"});
    EXPECT_STREQ(fake::port().reports[0].data.subject.name, "table_rw");
    EXPECT_STREQ(fake::port().reports[0].data.other.name, "table_mutex");
}

// The same orders with recursive reads on both sides: readers never wait for each other.
TEST_F(Engine, RecursiveReadsOnBothSidesOfACycleAreNotReported) {
    heisen_lock_map *rw = make("table_rw", kRecursiveRwlock);
    heisen_lock_map *m = make("table_mutex", HEISEN_LOCK_SLEEP);
    heisen_acquire(rw, HEISEN_ACQ_READ, 0, nullptr); heisen_acquire(m, 0, 0, nullptr);
    heisen_release(m, nullptr); heisen_release(rw, nullptr);
    fake::port().cpu = 1;
    heisen_acquire(m, 0, 0, nullptr); heisen_acquire(rw, HEISEN_ACQ_READ, 0, nullptr);
    heisen_release(rw, nullptr); heisen_release(m, nullptr);
    EXPECT_TRUE(fake::kinds().empty());
}

// A read order seen first does not hide the write order seen later.
TEST_F(Engine, WriteOrderAfterTheSameReadOrderStillClosesTheCycle) {
    heisen_lock_map *rw = make("table_rw", kRecursiveRwlock);
    heisen_lock_map *m = make("table_mutex", HEISEN_LOCK_SLEEP);
    heisen_acquire(m, 0, 0, nullptr); heisen_acquire(rw, HEISEN_ACQ_READ, 0, nullptr);
    heisen_release(rw, nullptr); heisen_release(m, nullptr);
    heisen_acquire(rw, HEISEN_ACQ_READ, 0, nullptr); heisen_acquire(m, 0, 0, nullptr);
    heisen_release(m, nullptr); heisen_release(rw, nullptr);
    EXPECT_TRUE(fake::kinds().empty());
    heisen_acquire(m, 0, 0, nullptr); heisen_acquire(rw, 0, 0, nullptr);
    heisen_release(rw, nullptr); heisen_release(m, nullptr);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"circular-dependency"});
}

}  // namespace

namespace {

// Each report says what its lock's stack is: the offending release or assertion, or, for a lock
// that should not be held, where it was taken.
TEST_F(Engine, ReleaseAndAssertionReportsLabelTheirStacks) {
    heisen_lock_map *a = make("accounts");
    heisen_release(a, nullptr);
    heisen_assert_held(a, nullptr);
    heisen_acquire(a, 0, 0, reinterpret_cast<const void *>(uintptr_t(0x1234)));
    heisen_assert_not_held(a, nullptr);
    heisen_release(a, nullptr);
    ASSERT_EQ(fake::kinds(), (std::vector<std::string>{"bad-unlock-balance", "assert-held", "assert-not-held"}));
    const auto &reports = fake::port().reports;
    EXPECT_NE(reports[0].text.find("\"accounts\" (spinning) at 0x"), std::string::npos);
    EXPECT_NE(reports[0].text.find(", released at:\n"), std::string::npos) << reports[0].text;
    EXPECT_NE(reports[1].text.find(", asserted at:\n"), std::string::npos) << reports[1].text;
    EXPECT_NE(reports[2].text.find(", acquired at:\n"), std::string::npos) << reports[2].text;
    bool acquisition_site_shown = false;
    for (uint32_t i = 0; i < reports[2].data.subject.stack.depth; ++i)
        acquisition_site_shown |= reports[2].data.subject.stack.pcs[i] == 0x1234;
    EXPECT_TRUE(acquisition_site_shown);
}

}  // namespace

namespace {

// Filling the class table prints one line naming the limit; locks whose classes fit are still
// validated afterwards.
TEST_F(Engine, FullClassTablePrintsOneLineAndKeepsValidatingWhatFits) {
    static char keys[HEISEN_MAX_CLASSES + 8];
    static heisen_lock_map maps[HEISEN_MAX_CLASSES + 8];
    fake::port().port_delivers = false;
    for (size_t i = 0; i < std::size(maps); ++i) {
        maps[i] = heisen_lock_map{};
        heisen_lock_init(&maps[i], "keyed", HEISEN_LOCK_SPIN, HEISEN_CLASS_BY_KEY, &keys[i]);
        heisen_acquire(&maps[i], 0, 0, nullptr);
        heisen_release(&maps[i], nullptr);
    }
    const std::string &w = fake::port().written;
    const std::string line = "heisen: lock class table is full (HEISEN_MAX_CLASSES=" +
                             std::to_string(HEISEN_MAX_CLASSES) +
                             "): locks of new classes are not validated; validation continues\n";
    EXPECT_NE(w.find(line), std::string::npos) << w.substr(0, 300);
    EXPECT_EQ(w.find("lock class table is full"), w.rfind("lock class table is full"));
    EXPECT_TRUE(fake::kinds().empty());
    // The first two classes still get their cycle reported.
    heisen_acquire(&maps[0], 0, 0, nullptr); heisen_acquire(&maps[1], 0, 0, nullptr);
    heisen_release(&maps[1], nullptr); heisen_release(&maps[0], nullptr);
    heisen_acquire(&maps[1], 0, 0, nullptr); heisen_acquire(&maps[0], 0, 0, nullptr);
    heisen_release(&maps[0], nullptr); heisen_release(&maps[1], nullptr);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"circular-dependency"});
    // A lock without a class is still tracked: releasing it is not an unbalanced unlock.
    heisen_acquire(&maps[HEISEN_MAX_CLASSES + 4], 0, 0, nullptr);
    heisen_release(&maps[HEISEN_MAX_CLASSES + 4], nullptr);
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"circular-dependency"});
}

}  // namespace
