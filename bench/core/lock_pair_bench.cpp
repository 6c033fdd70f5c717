// lock_pair_bench.cpp — what validation adds to an uncontended lock/unlock pair in steady state,
// through the linked API: the same lock bare and validated, side by side in one run.
#include <benchmark/benchmark.h>

#include <atomic>
#include <mutex>

#include "heisen/heisen.h"
#include "heisen/heisen.hpp"

namespace {

class SpinLock {
  public:
    void lock() {
        while (flag_.test_and_set(std::memory_order_acquire)) {
        }
    }
    bool try_lock() { return !flag_.test_and_set(std::memory_order_acquire); }
    void unlock() { flag_.clear(std::memory_order_release); }

  private:
    std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};

template <class Lock>
void Bare(benchmark::State &state) {
    Lock lock;
    for (auto _ : state) {
        lock.lock();
        benchmark::ClobberMemory();
        lock.unlock();
    }
}

// The C API as a kernel uses it: validate, then take the real lock.
template <class Lock, unsigned Kind>
void ValidatedCApi(benchmark::State &state) {
    Lock lock;
    heisen_lock_map map{};
    heisen_lock_init(&map, "bench", Kind, HEISEN_CLASS_BY_NAME, nullptr);
    for (auto _ : state) {
        heisen_acquire(&map, 0, 0, nullptr);
        lock.lock();
        benchmark::ClobberMemory();
        heisen_release(&map, nullptr);
        lock.unlock();
    }
}

// Two locks nested, as real code holds them: the chain cache sees a two-lock sequence.
template <class Lock, unsigned Kind>
void ValidatedNested(benchmark::State &state) {
    Lock outer, inner;
    heisen_lock_map outer_map{}, inner_map{};
    heisen_lock_init(&outer_map, "outer", Kind, HEISEN_CLASS_BY_NAME, nullptr);
    heisen_lock_init(&inner_map, "inner", Kind, HEISEN_CLASS_BY_NAME, nullptr);
    heisen_acquire(&outer_map, 0, 0, nullptr);
    outer.lock();
    for (auto _ : state) {
        heisen_acquire(&inner_map, 0, 0, nullptr);
        inner.lock();
        benchmark::ClobberMemory();
        heisen_release(&inner_map, nullptr);
        inner.unlock();
    }
    heisen_release(&outer_map, nullptr);
    outer.unlock();
}

void ValidatedWrapperMutex(benchmark::State &state) {
    heisen::validated<std::mutex> lock{"bench.wrapper"};
    for (auto _ : state) {
        lock.lock();
        benchmark::ClobberMemory();
        lock.unlock();
    }
}

}  // namespace

BENCHMARK_TEMPLATE(Bare, SpinLock)->Name("spinlock/bare");
BENCHMARK_TEMPLATE(ValidatedCApi, SpinLock, HEISEN_LOCK_SPIN)->Name("spinlock/validated");
BENCHMARK_TEMPLATE(ValidatedNested, SpinLock, HEISEN_LOCK_SPIN)->Name("spinlock/validated-nested");
BENCHMARK_TEMPLATE(Bare, std::mutex)->Name("std::mutex/bare");
BENCHMARK_TEMPLATE(ValidatedCApi, std::mutex, HEISEN_LOCK_SLEEP)->Name("std::mutex/validated");
BENCHMARK(ValidatedWrapperMutex)->Name("std::mutex/validated<std::mutex>");
BENCHMARK_MAIN();
