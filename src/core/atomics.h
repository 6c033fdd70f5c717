// atomics.h — the few atomic operations the engine uses, on compiler builtins (no libatomic,
// no <atomic>: the engine is freestanding).
#pragma once

#include <stdint.h>

namespace heisen::core {

// Always inlined: each is one instruction, and the hot paths are too big for the compiler's
// own inlining budget to keep them all.
#define HEISEN_ALWAYS_INLINE __attribute__((always_inline)) inline

template <class T>
HEISEN_ALWAYS_INLINE T load_acquire(const T &v) { return __atomic_load_n(&v, __ATOMIC_ACQUIRE); }
template <class T>
HEISEN_ALWAYS_INLINE T load_relaxed(const T &v) { return __atomic_load_n(&v, __ATOMIC_RELAXED); }
template <class T>
HEISEN_ALWAYS_INLINE void store_release(T &v, T x) { __atomic_store_n(&v, x, __ATOMIC_RELEASE); }
template <class T>
HEISEN_ALWAYS_INLINE void store_relaxed(T &v, T x) { __atomic_store_n(&v, x, __ATOMIC_RELAXED); }
template <class T>
inline bool compare_exchange(T &v, T expected, T desired) {
    return __atomic_compare_exchange_n(&v, &expected, desired, false, __ATOMIC_ACQ_REL,
                                       __ATOMIC_ACQUIRE);
}
template <class T>
inline T fetch_add_relaxed(T &v, T d) { return __atomic_fetch_add(&v, d, __ATOMIC_RELAXED); }
template <class T>
inline T fetch_add_release(T &v, T d) { return __atomic_fetch_add(&v, d, __ATOMIC_RELEASE); }
template <class T>
inline T fetch_or(T &v, T bits) { return __atomic_fetch_or(&v, bits, __ATOMIC_ACQ_REL); }
template <class T>
inline void store_max_relaxed(T &v, T x) {
    T seen = load_relaxed(v);
    while (x > seen && !__atomic_compare_exchange_n(&v, &seen, x, true, __ATOMIC_RELAXED,
                                                    __ATOMIC_RELAXED)) {
    }
}

// Keeps the compiler from moving memory accesses across it: the engine's per-CPU guard only
// has to be ordered against a signal or interrupt on the same CPU.
HEISEN_ALWAYS_INLINE void compiler_barrier() { __asm__ __volatile__("" ::: "memory"); }
// Makes `value` opaque to the optimiser, so that it stays in a register instead of being
// recomputed at every use (an address into a large per-CPU table is cheap to recompute one
// use at a time, but not at every one of a hot path's uses).
template <class T>
HEISEN_ALWAYS_INLINE void keep_in_register(T &value) { __asm__("" : "+r"(value)); }

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#else
    __asm__ __volatile__("nop");
#endif
}

// A spin flag for the engine's own short critical sections (graph updates, report output).
// Never held while calling into the program; callers guard against same-CPU re-entry first.
class SpinFlag {
  public:
    bool try_lock() { return compare_exchange(word_, 0u, 1u); }
    void lock() {
        while (!try_lock())
            while (load_relaxed(word_)) cpu_relax();
    }
    // Gives up after `spins` attempts: output must never wait forever on a CPU that stopped
    // (panic) or was interrupted while writing.
    bool lock_bounded(uint32_t spins) {
        for (uint32_t i = 0; i < spins; ++i) {
            if (try_lock()) return true;
            cpu_relax();
        }
        return false;
    }
    void unlock() { store_release(word_, 0u); }

  private:
    uint32_t word_;
};

}  // namespace heisen::core
