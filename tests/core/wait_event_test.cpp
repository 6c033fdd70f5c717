// wait_event_test.cpp — waits and events (heisen_wait_begin/end, heisen_event): every shape of
// circular wait is reported when its closing edge first appears, and its correct variant is
// silent.
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "fake_port.h"
#include "heisen/heisen.h"

namespace {

class Waits : public ::testing::Test {
  protected:
    void SetUp() override { fake::reset(); }
    heisen_lock_map *lock(const char *name, unsigned kind = HEISEN_LOCK_SLEEP) {
        maps_.push_back(heisen_lock_map{});
        heisen_lock_init(&maps_.back(), name, kind, HEISEN_CLASS_BY_NAME, nullptr);
        return &maps_.back();
    }
    heisen_lock_map *event(const char *name) {
        maps_.push_back(heisen_lock_map{});
        heisen_event_init(&maps_.back(), name, HEISEN_CLASS_BY_NAME, nullptr);
        return &maps_.back();
    }
    static void on(uint32_t cpu) { fake::port().cpu = cpu; }
    static void take(heisen_lock_map *m, unsigned flags = 0) { heisen_acquire(m, flags, 0, nullptr); }
    static void drop(heisen_lock_map *m) { heisen_release(m, nullptr); }
    static void wait(heisen_lock_map *e, unsigned flags = 0) {
        heisen_wait_begin(e, flags, nullptr);
        heisen_wait_end(e, nullptr);
    }
    // A condition-variable wait: the mutex is given up for the wait.
    static void cond_wait(heisen_lock_map *e, heisen_lock_map *mutex) {
        heisen_lock_map *released[1] = {mutex};
        heisen_wait_begin_releasing(e, released, 1, 0, nullptr);
        heisen_wait_end(e, nullptr);
    }
    static const std::string &text() { return fake::port().reports.at(0).text; }
    std::deque<heisen_lock_map> maps_;  // a deque: the engine keeps pointers to the maps
};

const std::vector<std::string> kCircularWait{"circular-wait"};
const std::vector<std::string> kSilent{};

// A thread holds M and waits for E; E's only trigger takes M first.
TEST_F(Waits, WaitHoldingTheLockTheTriggerNeedsIsReported) {
    auto *m = lock("queue.lock");
    auto *e = event("queue.nonempty");
    on(0);
    take(m);
    wait(e);
    drop(m);
    on(1);
    take(m);
    heisen_event(e, nullptr);
    drop(m);
    ASSERT_EQ(fake::kinds(), kCircularWait);
    const std::string &t = text();
    EXPECT_NE(t.find("WARNING: possible circular wait dependency detected\n"), std::string::npos) << t;
    EXPECT_NE(t.find("cpu 1 triggers event:\n  \"queue.nonempty\" (event)"), std::string::npos) << t;
    EXPECT_NE(t.find("after acquiring lock:\n  \"queue.lock\" (sleeping)"), std::string::npos) << t;
    EXPECT_NE(t.find("-> #1: \"queue.lock\" was held while waiting for \"queue.nonempty\"\n"), std::string::npos) << t;
    EXPECT_NE(t.find("    \"queue.nonempty\" waited for at:\n"), std::string::npos) << t;
    EXPECT_NE(t.find("and now \"queue.nonempty\" was triggered after \"queue.lock\" was acquired, which closes the cycle."),
              std::string::npos) << t;
    EXPECT_NE(t.find("Chain exists of:\n  \"queue.lock\" --> \"queue.nonempty\" --> \"queue.lock\"\n"), std::string::npos) << t;
    EXPECT_NE(t.find(" Possible unsafe scenario:\n\n       CPU0                    CPU1\n"
                     "       ----                    ----\n"
                     "  lock(queue.lock);\n"
                     "                               lock(queue.lock);\n"
                     "                               wait(queue.nonempty);\n"
                     "  event(queue.nonempty);\n\n *** DEADLOCK ***"),
              std::string::npos) << t;
    EXPECT_NE(t.find("hint: release \"queue.lock\" before waiting for \"queue.nonempty\""), std::string::npos) << t;
    EXPECT_NE(fake::port().reports[0].json.find("{\"kind\":\"circular-wait\""), std::string::npos);
    EXPECT_NE(fake::port().reports[0].json.find("\"lock\":{\"name\":\"queue.lock\",\"class\":"), std::string::npos);
    EXPECT_NE(fake::port().reports[0].json.find("\"other\":{\"name\":\"queue.nonempty\",\"class\":"), std::string::npos);
    EXPECT_NE(fake::port().reports[0].json.find("\"kind\":\"event\""), std::string::npos);
}

// The same two halves in the other order: reported at the wait.
TEST_F(Waits, TriggerFirstThenWaitHoldingTheLockIsReportedAtTheWait) {
    auto *m = lock("M");
    auto *e = event("E");
    on(1);
    take(m);
    heisen_event(e, nullptr);
    drop(m);
    on(0);
    take(m);
    wait(e);
    drop(m);
    ASSERT_EQ(fake::kinds(), kCircularWait);
    EXPECT_NE(text().find("cpu 0 is about to wait for event:\n  \"E\" (event)"), std::string::npos) << text();
    EXPECT_NE(text().find("while holding lock:\n  \"M\" (sleeping)"), std::string::npos) << text();
    EXPECT_NE(text().find("-> #1: \"E\" was triggered after \"M\" was acquired\n    \"E\" triggered at:\n"),
              std::string::npos) << text();
    EXPECT_NE(text().find("\n1 lock held by cpu 0:\n #0: \"M\""), std::string::npos) << text();
}

// pthread_cond_wait(cv, M): M is given up for the wait, so a signaller taking M is fine.
TEST_F(Waits, ConditionWaitGivingUpTheMutexIsSilent) {
    auto *m = lock("M");
    auto *e = event("E");
    on(0);
    take(m);
    cond_wait(e, m);
    drop(m);
    on(1);
    take(m);
    heisen_event(e, nullptr);
    drop(m);
    EXPECT_EQ(fake::kinds(), kSilent);
}

// The trigger needed M on its way (lock, set the flag, unlock, signal): still a dependency.
// A lock the trigger holds but took with a try never waited for a waiter holding it (the try
// would have failed): no dependency, as a try orders no locks. CPython takes every free Lock,
// and each thread its own _tstate_lock for life, this way. Held from a blocking acquisition,
// the same lock is needed (the test above).
TEST_F(Waits, LockTheTriggerHoldsFromATryIsNotNeeded) {
    auto *m = lock("tstate");
    auto *e = event("queue.nonempty");
    on(1);
    take(m, HEISEN_ACQ_TRY);
    heisen_event(e, nullptr);
    on(0);
    take(m);
    wait(e);
    drop(m);
    EXPECT_EQ(fake::kinds(), kSilent);
}

TEST_F(Waits, TriggerAfterReleasingTheLockStillNeedsIt) {
    auto *m = lock("M");
    auto *e = event("E");
    on(1);
    take(m);
    drop(m);
    heisen_event(e, nullptr);
    on(0);
    take(m);
    wait(e);
    drop(m);
    ASSERT_EQ(fake::kinds(), kCircularWait);
}

// The window starts at the trigger's last finished wait: a lock taken before that is not needed.
TEST_F(Waits, LockTakenBeforeTheTriggersOwnWaitIsNotNeeded) {
    auto *m = lock("M");
    auto *e = event("E");
    auto *started = event("started");
    on(1);
    take(m);
    drop(m);
    wait(started);
    heisen_event(e, nullptr);
    on(0);
    take(m);
    wait(e);
    drop(m);
    EXPECT_EQ(fake::kinds(), kSilent);
}

// ...and at its previous event, and at the scheduler.
TEST_F(Waits, WindowRestartsAtEventsAndTheScheduler) {
    auto *m = lock("M");
    auto *n = lock("N");
    auto *e = event("E");
    auto *f = event("F");
    on(1);
    take(m);
    drop(m);
    heisen_event(f, nullptr);  // M was on the way to F, not to E
    heisen_event(e, nullptr);
    take(n);
    drop(n);
    heisen_sched_enter(nullptr, 0, nullptr);  // N: another task's work, as far as E knows
    heisen_event(e, nullptr);
    on(0);
    take(m);
    wait(e);
    drop(m);
    take(n);
    wait(e);
    drop(n);
    EXPECT_EQ(fake::kinds(), kSilent);
}

// A successful try never waited: it is not on the way to the event.
TEST_F(Waits, TryAcquisitionIsNotNeeded) {
    auto *m = lock("M");
    auto *e = event("E");
    on(1);
    take(m, HEISEN_ACQ_TRY);
    drop(m);
    heisen_event(e, nullptr);
    on(0);
    take(m);
    wait(e);
    drop(m);
    EXPECT_EQ(fake::kinds(), kSilent);
}

// L1 held while waiting for E, E triggered after L2, and L2 held while L1 is acquired.
TEST_F(Waits, CycleThroughTheLockOrderIsACircularWait) {
    auto *l1 = lock("L1");
    auto *l2 = lock("L2");
    auto *e = event("E");
    on(0);
    take(l1);
    wait(e);
    drop(l1);
    on(1);
    take(l2);
    heisen_event(e, nullptr);
    drop(l2);
    on(2);
    take(l2);
    take(l1);
    drop(l1);
    drop(l2);
    ASSERT_EQ(fake::kinds(), kCircularWait);
    EXPECT_NE(text().find("is trying to acquire lock:\n  \"L1\""), std::string::npos) << text();
    EXPECT_NE(text().find("which lock already depends on the new lock through a wait."), std::string::npos) << text();
    EXPECT_NE(text().find("Chain exists of:\n  \"L1\" --> \"E\" --> \"L2\" --> \"L1\"\n"), std::string::npos) << text();
    EXPECT_NE(text().find("       CPU0                    CPU1                         CPU2\n"), std::string::npos) << text();
}

TEST_F(Waits, SameLockOrderWithoutTheReverseIsSilent) {
    auto *l1 = lock("L1");
    auto *l2 = lock("L2");
    auto *e = event("E");
    on(0);
    take(l1);
    wait(e);
    drop(l1);
    on(1);
    take(l2);
    heisen_event(e, nullptr);
    drop(l2);
    on(2);
    take(l1);
    take(l2);
    drop(l2);
    drop(l1);
    EXPECT_EQ(fake::kinds(), kSilent);
}

// Two contexts, each holding what the other's event needs: L1 -> E2 -> L2 -> E1 -> L1.
TEST_F(Waits, TwoEventsWaitingForEachOtherAreReported) {
    auto *l1 = lock("L1");
    auto *l2 = lock("L2");
    auto *e1 = event("E1");
    auto *e2 = event("E2");
    on(0);
    take(l1);
    wait(e2);
    drop(l1);
    take(l1);
    heisen_event(e1, nullptr);
    drop(l1);
    on(1);
    take(l2);
    wait(e1);
    drop(l2);
    EXPECT_EQ(fake::kinds(), kSilent);  // E2's trigger has not needed L2 yet
    take(l2);
    heisen_event(e2, nullptr);
    drop(l2);
    ASSERT_EQ(fake::kinds(), kCircularWait);
    EXPECT_NE(text().find("Chain exists of:\n  \"L2\" --> \"E1\" --> \"L1\" --> \"E2\" --> \"L2\"\n"), std::string::npos)
        << text();
    EXPECT_EQ(text().find("Possible unsafe scenario"), std::string::npos) << "four contexts: no table";
}

// Buffers (a class of many instances): each context waits for the disk holding its own buffer,
// and a finished request wakes the next waiter while still holding its own. Neither can hold
// the other's buffer, so this is silent; taking a buffer on the way to the event is not.
TEST_F(Waits, ManyInstanceClassHeldFromBeforeTheTriggersWaitIsItsOwnObject) {
    auto *b1 = lock("buffer", HEISEN_LOCK_SLEEP | HEISEN_LOCK_ORDER_INSTANCES);
    auto *b2 = lock("buffer", HEISEN_LOCK_SLEEP | HEISEN_LOCK_ORDER_INSTANCES);
    auto *free_slots = event("disk.free");
    auto *done = event("disk.done");
    on(0);
    take(b1);
    wait(free_slots);
    on(1);
    take(b2);
    wait(done);
    heisen_event(free_slots, nullptr);
    drop(b2);
    on(0);
    drop(b1);
    EXPECT_EQ(fake::kinds(), kSilent);
    on(1);
    wait(done);
    take(b2);  // on the way this time
    heisen_event(free_slots, nullptr);
    drop(b2);
    EXPECT_EQ(fake::kinds(), kCircularWait);
}

// A repeated circular wait is one report; a repeated correct wait adds nothing.
TEST_F(Waits, RepeatsAreReportedOnce) {
    auto *m = lock("M");
    auto *e = event("E");
    for (int i = 0; i < 3; ++i) {
        on(0);
        take(m);
        wait(e);
        drop(m);
        on(1);
        take(m);
        heisen_event(e, nullptr);
        drop(m);
    }
    EXPECT_EQ(fake::kinds(), kCircularWait);
}

// Waiting while holding nothing depends on nothing; an event needing nothing neither.
TEST_F(Waits, WaitsAndEventsWithoutLocksAreSilent) {
    auto *m = lock("M");
    auto *e = event("E");
    on(0);
    wait(e);
    on(1);
    heisen_event(e, nullptr);
    take(m);
    drop(m);
    on(0);
    take(m);
    drop(m);
    wait(e);
    EXPECT_EQ(fake::kinds(), kSilent);
}

// The cross-CPU call of a kernel: CPU0 holds L with interrupts off and spins until CPU1's
// interrupt handler acknowledges; CPU1 spins on L with interrupts off and never takes the IPI.
class CrossCpuCall : public Waits {
  protected:
    void SetUp() override {
        Waits::SetUp();
        l_ = lock("xcall.lock", HEISEN_LOCK_SPIN);
        done_ = event("xcall.done");
    }
    void caller(bool hold_lock, bool irqs_on_while_waiting = false, bool lock_with_irqs_off = true) {
        on(0);
        fake::port().irqs_enabled = !lock_with_irqs_off;
        if (hold_lock) take(l_, lock_with_irqs_off ? HEISEN_ACQ_IRQS_OFF : 0);
        fake::port().irqs_enabled = irqs_on_while_waiting;
        wait(done_, HEISEN_WAIT_SPIN);
        fake::port().irqs_enabled = false;
        if (hold_lock) drop(l_);
        fake::port().irqs_enabled = true;
    }
    void target(bool lock_with_irqs_off = true) {
        on(1);
        fake::port().irqs_enabled = !lock_with_irqs_off;
        take(l_, lock_with_irqs_off ? HEISEN_ACQ_IRQS_OFF : 0);
        drop(l_);
        fake::port().irqs_enabled = false;
        heisen_irq_enter();
        heisen_event(done_, nullptr);
        heisen_irq_exit();
        fake::port().irqs_enabled = true;
    }
    heisen_lock_map *l_ = nullptr, *done_ = nullptr;
};

TEST_F(CrossCpuCall, WaitingWithTheLockHeldIsReportedWithoutTheHang) {
    target();
    caller(true);
    ASSERT_EQ(fake::kinds(), kCircularWait);
    const std::string &t = text();
    EXPECT_NE(t.find("cpu 0 is about to wait for event:\n  \"xcall.done\" (event)"), std::string::npos) << t;
    EXPECT_NE(t.find("\"xcall.done\" was triggered by an interrupt handler"), std::string::npos) << t;
    EXPECT_NE(t.find("\"xcall.lock\" was spun on with interrupts disabled (that CPU handles no interrupt meanwhile)"),
              std::string::npos) << t;
    EXPECT_NE(t.find("Chain exists of:\n  \"xcall.done\" --> \"interrupt handling\" --> \"xcall.lock\" --> \"xcall.done\""),
              std::string::npos) << t;
    EXPECT_NE(t.find("       CPU0                    CPU1\n       ----                    ----\n"
                     "  lock(xcall.lock);\n"
                     "                               local_irq_disable();\n"
                     "                               lock(xcall.lock);\n"
                     "                               <Interrupt>\n"
                     "                                 event(xcall.done);\n"
                     "  wait(xcall.done);\n"),
              std::string::npos) << t;
}

TEST_F(CrossCpuCall, ReportedWhicheverSideComesFirst) {
    caller(true);
    target();
    EXPECT_EQ(fake::kinds(), kCircularWait);
}

// The correct call: the caller holds nothing the target needs and waits with interrupts on.
TEST_F(CrossCpuCall, CallerHoldingNothingWithInterruptsOnIsSilent) {
    target();
    caller(false, true);
    target();
    EXPECT_EQ(fake::kinds(), kSilent);
}

// No CPU ever spins on the lock with interrupts off: the one spinning on it still takes the
// interrupt. (The caller's own acquisition counts too: a broadcast call's other targets run
// the same code.)
TEST_F(CrossCpuCall, NobodySpinningWithInterruptsOffIsSilent) {
    target(false);
    caller(true, true, false);
    EXPECT_EQ(fake::kinds(), kSilent);
}

// A call spin-waited for with interrupts off, holding nothing: two CPUs calling each other so
// both spin and neither handles the other's interrupt (Linux's smp_call_function() refuses it).
TEST_F(CrossCpuCall, SpinWaitWithInterruptsOffForAnInterruptsEventIsReported) {
    target();
    caller(false);
    ASSERT_EQ(fake::kinds(), kCircularWait);
    EXPECT_NE(text().find("cpu 0 waits with interrupts disabled for event:\n  \"xcall.done\""), std::string::npos) << text();
    EXPECT_NE(text().find("       CPU0\n       ----\n  local_irq_disable();\n  wait(xcall.done);\n  <Interrupt>\n"
                          "    event(xcall.done);\n"),
              std::string::npos) << text();
}

// User space: a blocked signal does not stop other threads from handling it.
TEST_F(CrossCpuCall, PortsWhereInterruptContextMaySleepHaveNoInterruptHandlingNode) {
    fake::port().irq_context_may_sleep = true;
    target();
    caller(true);
    EXPECT_EQ(fake::kinds(), kSilent);
}

// An event map is not a lock: the held-lock listing never shows it.
TEST_F(Waits, EventsAreNeverHeld) {
    auto *m = lock("M");
    auto *e = event("E");
    take(m);
    heisen_wait_begin(e, 0, nullptr);
    EXPECT_FALSE(heisen_is_held(e));
    heisen_wait_end(e, nullptr);
    drop(m);
    EXPECT_EQ(fake::kinds(), kSilent);
}

}  // namespace
