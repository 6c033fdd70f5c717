// heisen.hpp — the C++ API: validate any Lockable by wrapping it.
//
//   heisen::validated<std::mutex> accounts_lock{"accounts"};
//   heisen::validated<my_spinlock, heisen::spinning> irq_lock{"irq"};
//   std::scoped_lock both(accounts_lock, other_lock);   // lock_guard, unique_lock work too
//
//   heisen::validated_condition<> nonempty{"queue.nonempty"};   // condition variable: its waits
//   nonempty.wait(guard, [&] { return !queue.empty(); });       // give up the validated mutex,
//   nonempty.notify_one();                                      // its notifications are events
//   heisen::event done{"done"};  done.wait_begin(); ...; done.wait_end();  done.trigger();
//
// Clang's -Wthread-safety sees the wrapper as a capability. With HEISEN_DISABLE defined the
// wrapper is the bare lock: same size, no validation code.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <utility>

#include "heisen/heisen.h"

#if defined(__clang__)
#define HEISEN_CAPABILITY(x) __attribute__((capability(x)))
#define HEISEN_ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define HEISEN_TRY_ACQUIRE(...) __attribute__((try_acquire_capability(__VA_ARGS__)))
#define HEISEN_RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#define HEISEN_ASSERT_CAPABILITY(x) __attribute__((assert_capability(x)))
#else
#define HEISEN_CAPABILITY(x)
#define HEISEN_ACQUIRE(...)
#define HEISEN_TRY_ACQUIRE(...)
#define HEISEN_RELEASE(...)
#define HEISEN_ASSERT_CAPABILITY(x)
#endif

namespace heisen {

// Lock kind policies: whether the holder may sleep.
struct spinning {
    static constexpr unsigned kind = HEISEN_LOCK_SPIN;
};
struct sleeping {
    static constexpr unsigned kind = HEISEN_LOCK_SLEEP;
};

// A class key for locks that share one class (HEISEN_CLASS_BY_KEY): declare one static
// `heisen::class_key` per class and pass it to every lock of the class.
using class_key = heisen_class_key;

#ifndef HEISEN_DISABLE

template <class Lockable, class Kind = sleeping>
class HEISEN_CAPABILITY("mutex") validated {
  public:
    // Every lock is its own class unless a key groups it with others.
    explicit validated(const char *name = "lock") {
        heisen_lock_init(&map_, name, Kind::kind, HEISEN_CLASS_BY_INSTANCE, nullptr);
    }
    validated(const char *name, const class_key &key) {
        heisen_lock_init(&map_, name, Kind::kind, HEISEN_CLASS_BY_KEY, &key);
    }
    ~validated() { heisen_lock_destroy(&map_); }
    validated(const validated &) = delete;
    validated &operator=(const validated &) = delete;

    // Validated before blocking, so a deadlock is reported before it happens.
    void lock() HEISEN_ACQUIRE() { lock_nested(0); }
    // Takes a second lock of the same class on purpose (like mutex_lock_nested).
    void lock_nested(unsigned subclass) HEISEN_ACQUIRE() {
        heisen_acquire(&map_, 0, subclass, __builtin_return_address(0));
        if (!lock_.try_lock()) {  // only a contended acquisition pays for wait-time statistics
            heisen_contended(&map_, __builtin_return_address(0));
            lock_.lock();
            heisen_acquired(&map_);
        }
    }
    bool try_lock() HEISEN_TRY_ACQUIRE(true) {
        if (!lock_.try_lock()) return false;
        heisen_acquire(&map_, HEISEN_ACQ_TRY, 0, __builtin_return_address(0));
        return true;
    }
    void unlock() HEISEN_RELEASE() {
        heisen_release(&map_, __builtin_return_address(0));
        lock_.unlock();
    }
    void assert_held() const HEISEN_ASSERT_CAPABILITY(this) { heisen_assert_held(&map_, __builtin_return_address(0)); }
    bool is_held() const { return heisen_is_held(&map_) != 0; }

    Lockable &native() { return lock_; }
    heisen_lock_map &map() { return map_; }

  private:
    Lockable lock_;
    heisen_lock_map map_{};
};

// An event contexts wait for and trigger (heisen.h, "Waits and events"): a completion, a flag
// handed over through a primitive heisen does not see. Every event is its own class unless a
// key groups it with others.
class event {
  public:
    explicit event(const char *name = "event") { heisen_event_init(&map_, name, HEISEN_CLASS_BY_INSTANCE, nullptr); }
    event(const char *name, const class_key &key) { heisen_event_init(&map_, name, HEISEN_CLASS_BY_KEY, &key); }
    ~event() { heisen_lock_destroy(&map_); }
    event(const event &) = delete;
    event &operator=(const event &) = delete;

    // Before blocking until the event; `flags`: HEISEN_WAIT_SPIN.
    void wait_begin(unsigned flags = 0) { heisen_wait_begin(&map_, flags, __builtin_return_address(0)); }
    // The same for a wait that gives up these validated locks while it blocks.
    template <class... Locks>
    void wait_begin_releasing(Locks &...locks) {
        heisen_lock_map *released[sizeof...(Locks) + 1] = {&locks.map()..., nullptr};
        heisen_wait_begin_releasing(&map_, released, sizeof...(Locks), 0, __builtin_return_address(0));
    }
    void wait_end() { heisen_wait_end(&map_, __builtin_return_address(0)); }
    void trigger() { heisen_event(&map_, __builtin_return_address(0)); }
    heisen_lock_map &map() { return map_; }

  private:
    heisen_lock_map map_{};
};

// A condition variable for std::unique_lock<heisen::validated<...>>: each wait gives up the
// mutex and waits for the condition's event; each notification triggers it.
template <class CondVar = std::condition_variable_any>
class validated_condition {
  public:
    explicit validated_condition(const char *name = "condition") : event_(name) {}
    validated_condition(const char *name, const class_key &key) : event_(name, key) {}

    template <class Lock>
    void wait(Lock &lock) {
        begin(lock);
        cond_.wait(lock);
        event_.wait_end();
    }
    template <class Lock, class Predicate>
    void wait(Lock &lock, Predicate ready) {
        while (!ready()) wait(lock);
    }
    template <class Lock, class Rep, class Period>
    std::cv_status wait_for(Lock &lock, const std::chrono::duration<Rep, Period> &timeout) {
        begin(lock);
        std::cv_status status = cond_.wait_for(lock, timeout);
        event_.wait_end();
        return status;
    }
    void notify_one() {
        event_.trigger();
        cond_.notify_one();
    }
    void notify_all() {
        event_.trigger();
        cond_.notify_all();
    }
    CondVar &native() { return cond_; }

  private:
    template <class Lock>
    void begin(Lock &lock) {
        heisen_lock_map *released[1] = {&lock.mutex()->map()};
        heisen_wait_begin_releasing(&event_.map(), released, 1, 0, __builtin_return_address(0));
    }
    event event_;
    CondVar cond_;
};

#else  // HEISEN_DISABLE: the bare lock, same size, same interface

template <class Lockable, class Kind = sleeping>
class HEISEN_CAPABILITY("mutex") validated {
  public:
    explicit validated(const char * = "lock") {}
    validated(const char *, const class_key &) {}
    validated(const validated &) = delete;
    validated &operator=(const validated &) = delete;
    void lock() HEISEN_ACQUIRE() { lock_.lock(); }
    void lock_nested(unsigned) HEISEN_ACQUIRE() { lock_.lock(); }
    bool try_lock() HEISEN_TRY_ACQUIRE(true) { return lock_.try_lock(); }
    void unlock() HEISEN_RELEASE() { lock_.unlock(); }
    void assert_held() const HEISEN_ASSERT_CAPABILITY(this) {}
    bool is_held() const { return true; }
    Lockable &native() { return lock_; }

  private:
    Lockable lock_;
};

class event {
  public:
    explicit event(const char * = "event") {}
    event(const char *, const class_key &) {}
    event(const event &) = delete;
    event &operator=(const event &) = delete;
    void wait_begin(unsigned = 0) {}
    template <class... Locks>
    void wait_begin_releasing(Locks &...) {}
    void wait_end() {}
    void trigger() {}
};

template <class CondVar = std::condition_variable_any>
class validated_condition {
  public:
    explicit validated_condition(const char * = "condition") {}
    validated_condition(const char *, const class_key &) {}
    template <class Lock>
    void wait(Lock &lock) { cond_.wait(lock); }
    template <class Lock, class Predicate>
    void wait(Lock &lock, Predicate ready) { cond_.wait(lock, ready); }
    template <class Lock, class Rep, class Period>
    std::cv_status wait_for(Lock &lock, const std::chrono::duration<Rep, Period> &timeout) {
        return cond_.wait_for(lock, timeout);
    }
    void notify_one() { cond_.notify_one(); }
    void notify_all() { cond_.notify_all(); }
    CondVar &native() { return cond_; }

  private:
    CondVar cond_;
};

#endif

}  // namespace heisen
