// bcache — a block buffer cache in the xv6 locking-lab design, for `heisen run`.
//
// NBUCKET hash buckets keyed by (device, block), each guarded by a pthread spinlock; every buffer
// has a sleeping lock (a pthread mutex) held while its data is used; LRU is by last-release
// timestamp. On a miss the own bucket's least-recently-used free buffer is reused, else the
// globally least-recently-used free buffer is stolen from another bucket. The disk is a file.
//
// Variants (--variant=):
//   correct               at most one bucket lock held at a time; sleeping lock taken after the
//                         bucket lock is dropped. Cannot deadlock.
//   sleep-under-spinlock  takes the buffer's sleeping lock while still holding its bucket lock.
//   cyclic-steal          holds its own bucket while locking the others in ring order: two misses
//                         in different buckets give opposite orders (a deadlock under load).
//   global-lock           one bucket, one lock: the baseline the per-bucket design is measured
//                         against.
//
// Usage: bcache [--variant=V] [--threads=N] [--ops=N] [--blocks=N] [--disk=PATH]
// Prints the throughput; exits 1 on a data mismatch (a broken cache), 2 on bad options.
//
// Built with BCACHE_LOCK_STATS (target bcache_stats) every lock also goes through heisen's
// linked API, classed by name ("bcache.bucket", "bcache.buffer"), and a busy lock is reported
// as contended: at exit the program prints heisen's per-class statistics — the lab's measure.
// Built with BCACHE_ABSL every lock is an absl::Mutex with Abseil's deadlock detection on.
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <heisen/heisen.h>  // kinds and the lock map; calls only with BCACHE_LOCK_STATS
#if defined(BCACHE_ABSL)
#include <absl/synchronization/mutex.h>
#endif

namespace {

#if defined(BCACHE_ABSL)
// Built with BCACHE_ABSL both lock kinds are absl::Mutex, and main turns on Abseil's deadlock
// detection: the same workload under Abseil's own lock-order checker (bench/overhead). Abseil
// has no public spinlock; its Mutex spins briefly before it blocks.
class AbslLock {
public:
    void name(const char *, unsigned) {}
    void lock() { mu_.Lock(); }
    void unlock() { mu_.Unlock(); }

private:
    absl::Mutex mu_;
};
using SpinLock = AbslLock;
using SleepLock = AbslLock;
#else
// The two lock kinds of the design, thin over pthreads. With BCACHE_LOCK_STATS they also tell
// heisen about every acquisition, and try first so a busy lock counts as contended.
template <typename Raw, int (*Init)(Raw *), int (*Lock)(Raw *), int (*TryLock)(Raw *), int (*Unlock)(Raw *),
          int (*Destroy)(Raw *)>
class ValidatedLock {
public:
    ValidatedLock() { Init(&raw_); }
    ~ValidatedLock() { Destroy(&raw_); }
    ValidatedLock(const ValidatedLock &) = delete;
    ValidatedLock &operator=(const ValidatedLock &) = delete;
#ifdef BCACHE_LOCK_STATS
    void name(const char *class_name, unsigned kind) {
        heisen_lock_init(&map_, class_name, kind, HEISEN_CLASS_BY_NAME, nullptr);
    }
    void lock() {
        heisen_acquire(&map_, 0, 0, __builtin_return_address(0));
        if (TryLock(&raw_) != 0) {
            heisen_contended(&map_, __builtin_return_address(0));
            Lock(&raw_);
        }
        heisen_acquired(&map_);
    }
    void unlock() {
        heisen_release(&map_, __builtin_return_address(0));
        Unlock(&raw_);
    }
#else
    void name(const char *, unsigned) {}
    void lock() { Lock(&raw_); }
    void unlock() { Unlock(&raw_); }
#endif

private:
    Raw raw_;
#ifdef BCACHE_LOCK_STATS
    heisen_lock_map map_{};
#endif
};
int init_spinlock(pthread_spinlock_t *lock) { return pthread_spin_init(lock, PTHREAD_PROCESS_PRIVATE); }
int init_mutex(pthread_mutex_t *mutex) { return pthread_mutex_init(mutex, nullptr); }
using SpinLock = ValidatedLock<pthread_spinlock_t, init_spinlock, pthread_spin_lock, pthread_spin_trylock,
                               pthread_spin_unlock, pthread_spin_destroy>;
using SleepLock = ValidatedLock<pthread_mutex_t, init_mutex, pthread_mutex_lock, pthread_mutex_trylock,
                                pthread_mutex_unlock, pthread_mutex_destroy>;
#endif

constexpr int kBlockSize = 1024;
constexpr int kBuffers = 39;        // more than the most threads, each holding one buffer
constexpr int kPrimeBuckets = 13;   // prime: block numbers with a common stride still spread

enum class Variant { correct, sleep_under_spinlock, cyclic_steal, global_lock };

struct Buffer {
    // Guarded by the bucket lock of the bucket it is linked in.
    uint32_t dev = 0;
    uint32_t blockno = 0;
    int refcnt = 0;
    uint64_t last_use = 0;  // ticks at the last release; the LRU key
    Buffer *next = nullptr;
    // Guarded by `sleep`: only the holder reads or writes these.
    bool valid = false;
    SleepLock sleep;
    unsigned char data[kBlockSize];
};

struct Bucket {
    SpinLock lock;
    Buffer *head = nullptr;  // singly linked, unordered: LRU is by timestamp, not position
};

class Cache {
public:
    Cache(Variant variant, int disk_fd, int nbucket)
        : variant_(variant), disk_(disk_fd), buckets_(nbucket), buffers_(kBuffers) {
        for (Bucket &b : buckets_) b.lock.name("bcache.bucket", HEISEN_LOCK_SPIN);
        // Every buffer starts free in bucket 0 (as in the lab), so the first miss in any other
        // bucket steals: the stealing path runs from the very first operations.
        for (Buffer &buf : buffers_) {
            buf.sleep.name("bcache.buffer", HEISEN_LOCK_SLEEP);
            buf.next = buckets_[0].head;
            buckets_[0].head = &buf;
        }
    }
    Cache(const Cache &) = delete;
    Cache &operator=(const Cache &) = delete;

    // Returns the buffer of (dev, blockno), sleep-locked, with the block's contents.
    Buffer *read(uint32_t dev, uint32_t blockno) {
        Buffer *buf = get(dev, blockno);
        if (!buf->valid) {
            if (pread(disk_, buf->data, kBlockSize, offset(blockno)) != kBlockSize) die("disk read");
            buf->valid = true;
        }
        return buf;
    }

    void write(Buffer *buf) {
        if (pwrite(disk_, buf->data, kBlockSize, offset(buf->blockno)) != kBlockSize) die("disk write");
    }

    void release(Buffer *buf) {
        buf->sleep.unlock();
        Bucket &b = bucket_of(buf->dev, buf->blockno);
        b.lock.lock();
        buf->refcnt--;
        if (buf->refcnt == 0) buf->last_use = ticks_.fetch_add(1, std::memory_order_relaxed);
        b.lock.unlock();
    }

private:
    static off_t offset(uint32_t blockno) { return static_cast<off_t>(blockno) * kBlockSize; }
    [[noreturn]] static void die(const char *what) {
        std::perror(what);
        std::exit(1);
    }

    Bucket &bucket_of(uint32_t dev, uint32_t blockno) {
        return buckets_[(dev * 31u + blockno) % buckets_.size()];
    }
    size_t index_of(const Bucket &b) const { return static_cast<size_t>(&b - buckets_.data()); }

    static Buffer *find(Bucket &b, uint32_t dev, uint32_t blockno) {
        for (Buffer *buf = b.head; buf; buf = buf->next)
            if (buf->dev == dev && buf->blockno == blockno) return buf;
        return nullptr;
    }
    static Buffer *least_recent_free(Bucket &b) {
        Buffer *best = nullptr;
        for (Buffer *buf = b.head; buf; buf = buf->next)
            if (buf->refcnt == 0 && (!best || buf->last_use < best->last_use)) best = buf;
        return best;
    }
    static void unlink(Bucket &b, Buffer *victim) {
        for (Buffer **p = &b.head; *p; p = &(*p)->next)
            if (*p == victim) {
                *p = victim->next;
                return;
            }
    }
    static void claim(Buffer *buf, uint32_t dev, uint32_t blockno) {
        buf->dev = dev;
        buf->blockno = blockno;
        buf->valid = false;  // safe: refcnt was 0, so nobody holds or waits for its sleeping lock
        buf->refcnt = 1;
    }

    // Caller holds `b`; returns with `b` released and `buf`'s sleeping lock held.
    Buffer *lock_and_return(Bucket &b, Buffer *buf) {
        if (variant_ == Variant::sleep_under_spinlock) {
            buf->sleep.lock();  // BUG: a sleeping lock under a spinlock
            b.lock.unlock();
        } else {
            b.lock.unlock();
            buf->sleep.lock();
        }
        return buf;
    }

    Buffer *get(uint32_t dev, uint32_t blockno) {
        Bucket &home = bucket_of(dev, blockno);
        home.lock.lock();
        if (Buffer *hit = find(home, dev, blockno)) {
            hit->refcnt++;
            return lock_and_return(home, hit);
        }
        if (Buffer *own = least_recent_free(home)) {
            claim(own, dev, blockno);
            return lock_and_return(home, own);
        }
        if (variant_ == Variant::cyclic_steal) return steal_holding_home(home, dev, blockno);
        home.lock.unlock();
        return steal(home, dev, blockno);
    }

    // cyclic-steal: keeps `home` locked while it visits every other bucket in ring order to find
    // the least-recently-used free buffer. A steal from bucket a orders a before every bucket,
    // a steal from b orders b before a: two threads missing in a and b at once deadlock.
    Buffer *steal_holding_home(Bucket &home, uint32_t dev, uint32_t blockno) {
        const size_t n = buckets_.size(), h = index_of(home);
        Bucket *oldest = nullptr;
        uint64_t oldest_use = UINT64_MAX;
        for (size_t step = 1; step < n; step++) {
            Bucket &other = buckets_[(h + step) % n];
            other.lock.lock();  // BUG: taken while `home` is held
            if (Buffer *candidate = least_recent_free(other); candidate && candidate->last_use < oldest_use) {
                oldest_use = candidate->last_use;
                oldest = &other;
            }
            other.lock.unlock();
        }
        if (!oldest) {
            std::fprintf(stderr, "bcache: no free buffers\n");
            std::exit(1);
        }
        // `home` is still held, so nobody else can steal into it; `oldest` may have lost its
        // candidate to a thread stealing into another bucket, then this miss fails loudly.
        oldest->lock.lock();
        Buffer *victim = least_recent_free(*oldest);
        if (victim) unlink(*oldest, victim);
        oldest->lock.unlock();
        if (!victim) {
            std::fprintf(stderr, "bcache: free buffer vanished during a steal\n");
            std::exit(1);
        }
        claim(victim, dev, blockno);
        victim->next = home.head;
        home.head = victim;
        return lock_and_return(home, victim);
    }

    // correct: no bucket lock is held while another is taken. The victim is unlinked under its
    // own bucket's lock, then linked into `home` under home's lock after re-checking that no
    // other thread cached the block meanwhile (if one did, the victim goes back as a free buffer).
    Buffer *steal(Bucket &home, uint32_t dev, uint32_t blockno) {
        for (;;) {
            Bucket *oldest = nullptr;
            uint64_t oldest_use = UINT64_MAX;
            for (Bucket &b : buckets_) {
                b.lock.lock();
                if (Buffer *candidate = least_recent_free(b); candidate && candidate->last_use < oldest_use) {
                    oldest_use = candidate->last_use;
                    oldest = &b;
                }
                b.lock.unlock();
            }
            if (!oldest) {
                std::fprintf(stderr, "bcache: no free buffers\n");
                std::exit(1);
            }
            oldest->lock.lock();
            Buffer *victim = least_recent_free(*oldest);
            if (victim) {
                unlink(*oldest, victim);
                victim->refcnt = 1;  // off every list: nobody else can find it
            }
            oldest->lock.unlock();
            if (!victim) continue;  // another thread took it first; look again

            home.lock.lock();
            Buffer *cached = find(home, dev, blockno);
            if (cached) {
                cached->refcnt++;
                victim->refcnt = 0;
                victim->valid = false;
                victim->dev = victim->blockno = UINT32_MAX;
            } else {
                claim(victim, dev, blockno);
            }
            victim->next = home.head;
            home.head = victim;
            return lock_and_return(home, cached ? cached : victim);
        }
    }

    const Variant variant_;
    const int disk_;
    std::vector<Bucket> buckets_;
    std::vector<Buffer> buffers_;
    std::atomic<uint64_t> ticks_{1};
};

struct Options {
    Variant variant = Variant::correct;
    int threads = 1;
    long ops = 200;
    uint32_t blocks = 200;
    std::string disk = "/tmp/heisen-bcache.img";
};

bool parse(int argc, char **argv, Options &o) {
    for (int i = 1; i < argc; i++) {
        std::string_view a = argv[i];
        auto value = [&](std::string_view key) -> const char * {
            return a.substr(0, key.size()) == key ? argv[i] + key.size() : nullptr;
        };
        if (const char *v = value("--variant=")) {
            std::string_view s = v;
            if (s == "correct") o.variant = Variant::correct;
            else if (s == "sleep-under-spinlock") o.variant = Variant::sleep_under_spinlock;
            else if (s == "cyclic-steal") o.variant = Variant::cyclic_steal;
            else if (s == "global-lock") o.variant = Variant::global_lock;
            else return false;
        } else if (const char *t = value("--threads=")) {
            o.threads = std::atoi(t);
        } else if (const char *n = value("--ops=")) {
            o.ops = std::atol(n);
        } else if (const char *b = value("--blocks=")) {
            o.blocks = static_cast<uint32_t>(std::atol(b));
        } else if (const char *d = value("--disk=")) {
            o.disk = d;
        } else {
            return false;
        }
    }
    return o.threads >= 1 && o.threads <= 256 && o.ops >= 1 && o.blocks >= 1;
}

// The block's expected first word: a block always holds its own number plus the writes to it
// counted in the second word, so a cache that mixes up buffers is caught.
void format_disk(int fd, uint32_t blocks) {
    unsigned char block[kBlockSize] = {};
    for (uint32_t i = 0; i < blocks; i++) {
        std::memcpy(block, &i, sizeof i);
        if (pwrite(fd, block, kBlockSize, static_cast<off_t>(i) * kBlockSize) != kBlockSize) {
            std::perror("format disk");
            std::exit(1);
        }
    }
}

struct Worker {
    Cache *cache;
    const Options *options;
    unsigned seed;
    long mismatches = 0;
};

void *work(void *arg) {
    Worker &w = *static_cast<Worker *>(arg);
    std::minstd_rand rng(w.seed);
    std::uniform_int_distribution<uint32_t> pick(0, w.options->blocks - 1);
    for (long i = 0; i < w.options->ops; i++) {
        uint32_t blockno = pick(rng);
        Buffer *buf = w.cache->read(1, blockno);
        uint32_t stored;
        std::memcpy(&stored, buf->data, sizeof stored);
        if (stored != blockno) w.mismatches++;
        if (i % 8 == 0) {  // one write in eight: the read/release mix of a file system
            uint32_t writes;
            std::memcpy(&writes, buf->data + 4, sizeof writes);
            writes++;
            std::memcpy(buf->data + 4, &writes, sizeof writes);
            w.cache->write(buf);
        }
        w.cache->release(buf);
    }
    return nullptr;
}

}  // namespace

int main(int argc, char **argv) {
    Options o;
    if (!parse(argc, argv, o)) {
        std::fprintf(stderr,
                     "usage: bcache [--variant=correct|sleep-under-spinlock|cyclic-steal|global-lock]\n"
                     "              [--threads=1..256] [--ops=N] [--blocks=N] [--disk=PATH]\n");
        return 2;
    }
#if defined(BCACHE_ABSL)
    absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kReport);
#endif
    int fd = open(o.disk.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        std::perror(o.disk.c_str());
        return 1;
    }
    format_disk(fd, o.blocks);
    long mismatches = 0;
    double seconds;
    {
        Cache cache(o.variant, fd, o.variant == Variant::global_lock ? 1 : kPrimeBuckets);
        std::vector<Worker> workers(o.threads);
        std::vector<pthread_t> ids(o.threads);
        auto start = std::chrono::steady_clock::now();
        for (int t = 0; t < o.threads; t++) {
            workers[t] = Worker{&cache, &o, 12345u + static_cast<unsigned>(t)};
            pthread_create(&ids[t], nullptr, work, &workers[t]);
        }
        for (int t = 0; t < o.threads; t++) {
            pthread_join(ids[t], nullptr);
            mismatches += workers[t].mismatches;
        }
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    close(fd);
    unlink(o.disk.c_str());
    long total = o.ops * o.threads;
    std::printf("bcache: %ld operations by %d thread(s) in %.3f s: %.0f ops/s\n", total, o.threads, seconds,
                total / seconds);
#ifdef BCACHE_LOCK_STATS
    std::fflush(stdout);
    heisen_dump_stats();
#endif
    if (mismatches) {
        std::fprintf(stderr, "bcache: %ld reads returned another block's data\n", mismatches);
        return 1;
    }
    return 0;
}
