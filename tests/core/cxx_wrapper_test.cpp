// cxx_wrapper_test.cpp — heisen::validated with the standard lock adaptors.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>

#include "fake_port.h"
#include "heisen/heisen.hpp"

namespace {

class CxxWrapper : public ::testing::Test {
  protected:
    void SetUp() override { fake::reset(); }
};

TEST_F(CxxWrapper, WorksWithLockGuardUniqueLockAndScopedLock) {
    heisen::validated<std::mutex> a{"a"}, b{"b"};
    { std::lock_guard<heisen::validated<std::mutex>> g(a); EXPECT_TRUE(a.is_held()); }
    EXPECT_FALSE(a.is_held());
    {
        std::unique_lock<heisen::validated<std::mutex>> u(b, std::try_to_lock);
        EXPECT_TRUE(u.owns_lock());
    }
    { std::scoped_lock both(a, b); EXPECT_TRUE(a.is_held() && b.is_held()); }
    EXPECT_TRUE(fake::kinds().empty());
}

using Guard = std::unique_lock<heisen::validated<std::mutex>>;

// A condition wait gives up its mutex: a notifier that takes the mutex first is correct.
TEST_F(CxxWrapper, ConditionWaitGivesUpItsMutex) {
    heisen::validated<std::mutex> queue_lock{"queue.lock"};
    heisen::validated_condition<> nonempty{"queue.nonempty"};
    {
        Guard g(queue_lock);
        EXPECT_EQ(nonempty.wait_for(g, std::chrono::milliseconds(0)), std::cv_status::timeout);
        EXPECT_TRUE(queue_lock.is_held());
    }
    {
        Guard g(queue_lock);
        nonempty.notify_one();
    }
    EXPECT_TRUE(fake::kinds().empty());
}

// Waiting while holding a second mutex the notifier needs is a circular wait.
TEST_F(CxxWrapper, ConditionWaitHoldingAnotherMutexTheNotifierNeedsIsReported) {
    heisen::validated<std::mutex> journal{"journal"}, queue_lock{"queue.lock"};
    heisen::validated_condition<> nonempty{"queue.nonempty"};
    {
        Guard j(journal);
        Guard g(queue_lock);
        nonempty.wait_for(g, std::chrono::milliseconds(0));
    }
    {
        Guard j(journal);
        nonempty.notify_all();
    }
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"circular-wait"});
}

TEST_F(CxxWrapper, EventWaitHoldingTheLockItsTriggerNeedsIsReported) {
    heisen::validated<std::mutex> m{"m"};
    heisen::event done{"done"};
    m.lock();
    done.wait_begin();
    done.wait_end();
    m.unlock();
    m.lock();
    m.unlock();
    done.trigger();
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"circular-wait"});
}

TEST_F(CxxWrapper, OppositeOrdersAreReported) {
    heisen::validated<std::mutex> a{"first"}, b{"second"};
    { std::lock_guard<heisen::validated<std::mutex>> ga(a); std::lock_guard<heisen::validated<std::mutex>> gb(b); }
    { std::lock_guard<heisen::validated<std::mutex>> gb(b); std::lock_guard<heisen::validated<std::mutex>> ga(a); }
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"circular-dependency"});
}

TEST_F(CxxWrapper, SharedKeyAndNestedSubclass) {
    static heisen::class_key node_key;
    heisen::validated<std::mutex> parent{"node", node_key}, child{"node", node_key};
    parent.lock();
    child.lock_nested(1);
    child.unlock();
    parent.unlock();
    EXPECT_TRUE(fake::kinds().empty());
    parent.lock();
    child.lock();
    EXPECT_EQ(fake::kinds(), std::vector<std::string>{"recursive-locking"});
    child.unlock();
    parent.unlock();
}

}  // namespace
