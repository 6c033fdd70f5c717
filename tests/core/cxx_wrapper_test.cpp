// cxx_wrapper_test.cpp — heisen::validated with the standard lock adaptors.
#include <gtest/gtest.h>

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
