// Threads that really deadlock — and, for contrast, threads that contend, time out, fork and
// take signals while blocked but always finish. `heisen run` stops the first kind with "deadlock
// detected" (by default: exit status 66) and lets the second kind run to its end unchanged.
//
//   abba     two threads each hold one lock and block on the other's
//   three    three threads in a cycle: a -> b -> c -> a
//   join     main holds a lock and joins a thread blocked on that lock
//   rwlock   a writer and a mutex holder blocked on each other
//   spin     two threads each hold one spinlock and spin on the other's
//   contend  eight threads hammering three mutexes in one order, with trylock loops
//   timed    a timed lock of a held mutex times out (no deadlock: the deadline ends the wait)
//   fork     main forks while another thread is blocked on a lock main holds, then releases it
//   signal   a thread blocked on a mutex takes signals meanwhile, then gets the lock
//   handler  a thread blocked on lock_a (main holds it) takes a signal whose handler holds
//            lock_b for a while; main blocks on lock_b meanwhile: a wait, not a deadlock
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_c = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t all_hold_one;

static void pause_ms(long ms) {
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

struct pair {
    pthread_mutex_t *first, *second;
};

static void *hold_then_take(void *arg) {
    struct pair *p = arg;
    pthread_mutex_lock(p->first);
    pthread_barrier_wait(&all_hold_one);
    pthread_mutex_lock(p->second);  // deadlocks
    pthread_mutex_unlock(p->second);
    pthread_mutex_unlock(p->first);
    return NULL;
}

static int cycle_of(int threads) {
    pthread_mutex_t *locks[3] = {&lock_a, &lock_b, &lock_c};
    struct pair pairs[3];
    pthread_t t[3];
    pthread_barrier_init(&all_hold_one, NULL, (unsigned)threads);
    for (int i = 0; i < threads; ++i) {
        pairs[i].first = locks[i];
        pairs[i].second = locks[(i + 1) % threads];
        pthread_create(&t[i], NULL, hold_then_take, &pairs[i]);
    }
    for (int i = 0; i < threads; ++i) pthread_join(t[i], NULL);
    return 0;
}

static void *take_a(void *unused) {
    pthread_mutex_lock(&lock_a);  // main holds it while joining this thread
    pthread_mutex_unlock(&lock_a);
    return unused;
}

static int join_holding(void) {
    pthread_t t;
    pthread_mutex_lock(&lock_a);
    pthread_create(&t, NULL, take_a, NULL);
    pthread_join(t, NULL);  // deadlocks
    pthread_mutex_unlock(&lock_a);
    return 0;
}

static void *write_table(void *unused) {
    pthread_rwlock_wrlock(&table_lock);
    pthread_barrier_wait(&all_hold_one);
    pthread_mutex_lock(&lock_a);  // main holds it
    pthread_mutex_unlock(&lock_a);
    pthread_rwlock_unlock(&table_lock);
    return unused;
}

static int rwlock_cycle(void) {
    pthread_t t;
    pthread_barrier_init(&all_hold_one, NULL, 2);
    pthread_mutex_lock(&lock_a);
    pthread_create(&t, NULL, write_table, NULL);
    pthread_barrier_wait(&all_hold_one);
    pthread_rwlock_rdlock(&table_lock);  // the writer holds it: deadlocks
    pthread_rwlock_unlock(&table_lock);
    pthread_mutex_unlock(&lock_a);
    pthread_join(t, NULL);
    return 0;
}

static pthread_spinlock_t spin_a, spin_b;

static void *spin_first_then_second(void *arg) {
    pthread_spinlock_t **order = arg;
    pthread_spin_lock(order[0]);
    pthread_barrier_wait(&all_hold_one);
    pthread_spin_lock(order[1]);  // spins forever
    pthread_spin_unlock(order[1]);
    pthread_spin_unlock(order[0]);
    return NULL;
}

static int spin_cycle(void) {
    pthread_spinlock_t *orders[2][2] = {{&spin_a, &spin_b}, {&spin_b, &spin_a}};
    pthread_t t[2];
    pthread_spin_init(&spin_a, PTHREAD_PROCESS_PRIVATE);
    pthread_spin_init(&spin_b, PTHREAD_PROCESS_PRIVATE);
    pthread_barrier_init(&all_hold_one, NULL, 2);
    for (int i = 0; i < 2; ++i) pthread_create(&t[i], NULL, spin_first_then_second, orders[i]);
    for (int i = 0; i < 2; ++i) pthread_join(t[i], NULL);
    return 0;
}

static long counter;

static void *hammer(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < 20000; ++i) {
        if (id % 2) {
            while (pthread_mutex_trylock(&lock_a) == EBUSY) {
            }
        } else {
            pthread_mutex_lock(&lock_a);
        }
        pthread_mutex_lock(&lock_b);
        pthread_mutex_lock(&lock_c);
        ++counter;
        pthread_mutex_unlock(&lock_c);
        pthread_mutex_unlock(&lock_b);
        pthread_mutex_unlock(&lock_a);
    }
    return NULL;
}

static int contend(void) {
    pthread_t t[8];
    for (long i = 0; i < 8; ++i) pthread_create(&t[i], NULL, hammer, (void *)i);
    for (int i = 0; i < 8; ++i) pthread_join(t[i], NULL);
    return counter == 8 * 20000 ? 0 : 1;
}

static void *try_timed(void *unused) {
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 200 * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) deadline.tv_sec += 1, deadline.tv_nsec -= 1000000000L;
    int rc = pthread_mutex_timedlock(&lock_a, &deadline);
    printf("live_deadlock: timedlock %s\n", rc == ETIMEDOUT ? "timed out" : strerror(rc));
    return unused;
}

static int timed(void) {
    pthread_t t;
    pthread_mutex_lock(&lock_a);
    pthread_create(&t, NULL, try_timed, NULL);
    pthread_join(t, NULL);  // holds lock_a, but the joined thread's wait has a deadline
    pthread_mutex_unlock(&lock_a);
    return 0;
}

static int fork_while_blocked(void) {
    pthread_t t;
    pthread_mutex_lock(&lock_a);
    pthread_create(&t, NULL, take_a, NULL);
    pause_ms(100);  // the thread is blocked on lock_a by now
    pid_t child = fork();
    if (child == 0) {
        // Only this thread lives on: lock_a is ours (the blocked thread is gone).
        pthread_mutex_unlock(&lock_a);
        pthread_mutex_lock(&lock_b);
        pthread_mutex_unlock(&lock_b);
        _exit(7);
    }
    int status = 0;
    waitpid(child, &status, 0);
    pthread_mutex_unlock(&lock_a);
    pthread_join(t, NULL);
    printf("live_deadlock: child exited %d\n", WEXITSTATUS(status));
    return 0;
}

static volatile sig_atomic_t signals_taken;
static void count_signal(int sig) {
    (void)sig;
    ++signals_taken;
}

static int signal_while_blocked(void) {
    pthread_t t;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = count_signal;
    sigaction(SIGUSR1, &action, NULL);
    pthread_mutex_lock(&lock_a);
    pthread_create(&t, NULL, take_a, NULL);
    pause_ms(50);
    for (int i = 0; i < 5; ++i) {
        pthread_kill(t, SIGUSR1);
        pause_ms(20);
    }
    pthread_mutex_unlock(&lock_a);
    pthread_join(t, NULL);
    printf("live_deadlock: %d signals\n", (int)signals_taken);
    return 0;
}

static volatile sig_atomic_t handler_holds_b;
static void hold_b_for_a_while(int sig) {
    (void)sig;
    pthread_mutex_lock(&lock_b);  // not async-signal-safe in general; here nobody else holds it
    handler_holds_b = 1;
    pause_ms(300);
    pthread_mutex_unlock(&lock_b);
}

static int handler_while_blocked(void) {
    pthread_t t;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = hold_b_for_a_while;
    sigaction(SIGUSR2, &action, NULL);
    pthread_mutex_lock(&lock_a);
    pthread_create(&t, NULL, take_a, NULL);
    pause_ms(100);  // blocked on lock_a by now
    pthread_kill(t, SIGUSR2);
    while (!handler_holds_b) pause_ms(5);
    pthread_mutex_lock(&lock_b);  // waits for the handler, which returns to wait for lock_a
    pthread_mutex_unlock(&lock_b);
    pthread_mutex_unlock(&lock_a);
    pthread_join(t, NULL);
    return 0;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "";
    int rc = 2;
    if (!strcmp(mode, "abba")) rc = cycle_of(2);
    else if (!strcmp(mode, "three")) rc = cycle_of(3);
    else if (!strcmp(mode, "join")) rc = join_holding();
    else if (!strcmp(mode, "rwlock")) rc = rwlock_cycle();
    else if (!strcmp(mode, "spin")) rc = spin_cycle();
    else if (!strcmp(mode, "contend")) rc = contend();
    else if (!strcmp(mode, "timed")) rc = timed();
    else if (!strcmp(mode, "fork")) rc = fork_while_blocked();
    else if (!strcmp(mode, "signal")) rc = signal_while_blocked();
    else if (!strcmp(mode, "handler")) rc = handler_while_blocked();
    if (rc == 0) printf("live_deadlock: %s done\n", mode);
    return rc;
}
