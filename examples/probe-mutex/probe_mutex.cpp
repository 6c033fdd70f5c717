// probe-mutex — a tracing framework's mutex shared between normal code and probe context.
//
// A tracer's event buffer is guarded by one spinning mutex. Normal code (the tracer's control
// path) takes it to flush the buffer; probes take it to append an event. Probes fire
// asynchronously: here a signal handler stands in for the interrupt or breakpoint trap a probe
// runs in. The broken variant is how a port of such a framework behaved: the mutex spins with
// interrupts (signals) enabled, and a probe firing on the CPU that already holds it re-enters
// the lock as if it were recursion. The fixed variant blocks the probe signal while the mutex
// is held and lets probe context only try-acquire (an event is dropped, never waited for).
//
// Usage: probe_mutex broken|fixed [--storm]
//   without --storm: the probe fires once inside the control path's critical section (the
//     single occurrence heisen needs); with --storm: a second thread sends probe signals as fast
//     as it can while the control path flushes in a loop.
// A watchdog thread proves a hang: when the control path makes no progress for 2 s it prints
// what happened and exits 3. (A thread, not an alarm signal: the probe signal must be the only
// handled one, so blocking it is exactly "interrupts off".)
// Exit status: 0 when the run completes, 3 when it hung, 2 on bad arguments.
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>

namespace {

constexpr int kProbeSignal = SIGUSR1;
constexpr int kStormFlushes = 200000;  // about 2 s: the broken variant hits the window long before
constexpr int kStormSeconds = 5;       // ... but a loaded machine stops the storm here, flushes or not
constexpr int kWatchdogSeconds = 2;
constexpr int kFlushWork = 2000;

struct TraceBuffer {
    pthread_spinlock_t lock;  // the probe mutex
    int events = 0;           // guarded by lock
};

}  // namespace

TraceBuffer trace;  // global scope, so reports name the lock "trace"

namespace {
bool fixed_variant = false;
std::atomic<long> dropped{0};
std::atomic<bool> storm_done{false};
std::atomic<long> progress{0};  // completed flushes; the watchdog expects it to move

void write_line(const char *text) {  // no stdio: the watchdog must not wait for a stdio lock
    ssize_t ignored = write(STDOUT_FILENO, text, std::strlen(text));
    (void)ignored;
}

// Probe context: runs in the signal handler, like a probe in an interrupt or trap.
void probe_fired(int) {
    if (fixed_variant) {
        // Never wait in probe context: if the lock is busy the event is dropped and counted.
        if (pthread_spin_trylock(&trace.lock) != 0) {
            dropped.fetch_add(1, std::memory_order_relaxed);
            return;
        }
    } else {
        pthread_spin_lock(&trace.lock);  // BUG: spins forever if this thread already holds it
    }
    trace.events++;
    pthread_spin_unlock(&trace.lock);
}

void *watchdog(void *) {
    for (long seen = -1;;) {
        sleep(kWatchdogSeconds);
        long now = progress.load();
        if (now == seen) {
            write_line("probe_mutex: HANG: a probe has spun for 2 s on the trace mutex its own thread holds\n");
            _exit(3);
        }
        seen = now;
    }
    return nullptr;
}

// The control path: flushes the buffer under the probe mutex. `fire_probe_inside` makes the
// probe fire while the mutex is held — the event a signal storm makes certain.
void flush(bool fire_probe_inside) {
    sigset_t probe, previous;
    sigemptyset(&probe);
    sigaddset(&probe, kProbeSignal);
    if (fixed_variant) pthread_sigmask(SIG_BLOCK, &probe, &previous);  // the fix: no probe while held
    pthread_spin_lock(&trace.lock);
    if (fire_probe_inside) raise(kProbeSignal);
    // Copying the buffer out: the window a probe can hit. The empty asm keeps the loop.
    for (int word = 0; word < kFlushWork; word++) asm volatile("" ::: "memory");
    trace.events = 0;
    pthread_spin_unlock(&trace.lock);
    if (fixed_variant) pthread_sigmask(SIG_SETMASK, &previous, nullptr);  // a pending probe runs now
    progress.fetch_add(1);
}

struct StormTarget {
    pthread_t thread;
};

void *storm(void *arg) {
    pthread_t target = static_cast<StormTarget *>(arg)->thread;
    while (!storm_done.load(std::memory_order_relaxed)) pthread_kill(target, kProbeSignal);
    return nullptr;
}

void install(int sig, void (*handler)(int)) {
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, nullptr);
}

}  // namespace

int main(int argc, char **argv) {
    bool storm_mode = argc == 3 && std::strcmp(argv[2], "--storm") == 0;
    if ((argc != 2 && !storm_mode) || (std::strcmp(argv[1], "broken") && std::strcmp(argv[1], "fixed"))) {
        std::fprintf(stderr, "usage: probe_mutex broken|fixed [--storm]\n");
        return 2;
    }
    fixed_variant = std::strcmp(argv[1], "fixed") == 0;
    pthread_spin_init(&trace.lock, PTHREAD_PROCESS_PRIVATE);
    install(kProbeSignal, probe_fired);
    pthread_t watchdog_thread;
    pthread_create(&watchdog_thread, nullptr, watchdog, nullptr);
    pthread_detach(watchdog_thread);

    if (!storm_mode) {
        raise(kProbeSignal);  // a probe outside any critical section: always fine
        flush(true);
        std::printf("probe_mutex %s: the probe fired inside the critical section and the run completed\n", argv[1]);
    } else {
        StormTarget target{pthread_self()};
        pthread_t stormer;
        pthread_create(&stormer, nullptr, storm, &target);
        timespec start, now;
        clock_gettime(CLOCK_MONOTONIC, &start);
        int flushes = 0;
        do {
            flush(false);
            clock_gettime(CLOCK_MONOTONIC, &now);
        } while (++flushes < kStormFlushes && now.tv_sec - start.tv_sec < kStormSeconds);
        storm_done.store(true);
        pthread_join(stormer, nullptr);
        std::printf("probe_mutex %s: %d flushes under a signal storm completed, %ld probe events dropped\n",
                    argv[1], flushes, dropped.load());
    }
    pthread_spin_destroy(&trace.lock);
    return 0;
}
