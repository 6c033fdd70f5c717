// detections.c — one small, unmodified pthread program per locking bug, for `heisen run`.
// Usage: detections BUG   (BUG is one of the names in kBugs below). Each bug happens once,
// uncontended: nothing hangs, the validator still sees what could.
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t accounts = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t ledger = PTHREAD_MUTEX_INITIALIZER;
static pthread_spinlock_t bucket;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static void *transfer(void *unused) {  // accounts, then ledger
    (void)unused;
    pthread_mutex_lock(&accounts);
    pthread_mutex_lock(&ledger);
    pthread_mutex_unlock(&ledger);
    pthread_mutex_unlock(&accounts);
    return NULL;
}

static void *audit(void *unused) {  // ledger, then accounts: the opposite order
    (void)unused;
    pthread_mutex_lock(&ledger);
    pthread_mutex_lock(&accounts);
    pthread_mutex_unlock(&accounts);
    pthread_mutex_unlock(&ledger);
    return NULL;
}

static void run_thread(void *(*body)(void *)) {
    pthread_t t;
    pthread_create(&t, NULL, body, NULL);
    pthread_join(t, NULL);
}

static void opposite_orders(void) {  // the two threads run one after the other: no deadlock today
    run_thread(transfer);
    run_thread(audit);
}

static void self_deadlock(void) {
    // An error-checking mutex: its second lock returns EDEADLK where a normal mutex would hang
    // forever. heisen reports the self-deadlock when the second lock is attempted either way.
    pthread_mutex_t journal;
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&journal, &attr);
    pthread_mutexattr_destroy(&attr);
    pthread_mutex_lock(&journal);
    if (pthread_mutex_lock(&journal) == 0) pthread_mutex_unlock(&journal);
    pthread_mutex_unlock(&journal);
    pthread_mutex_destroy(&journal);
}

struct node {
    pthread_mutex_t lock;
};

__attribute__((noinline)) static void node_init(struct node *n) {  // one init site for every node
    pthread_mutex_init(&n->lock, NULL);
}

static void same_class_nested(void) {  // run with --classes=site: every node lock is one class
    struct node parent, child;
    node_init(&parent);
    node_init(&child);
    pthread_mutex_lock(&parent.lock);
    pthread_mutex_lock(&child.lock);
    pthread_mutex_unlock(&child.lock);
    pthread_mutex_unlock(&parent.lock);
}

static void sleep_under_spinlock(void) {
    struct timespec ms = {0, 1000000};
    pthread_spin_lock(&bucket);
    nanosleep(&ms, NULL);  // every other thread spinning on `bucket` burns its CPU meanwhile
    pthread_spin_unlock(&bucket);
}

static void on_alarm(int sig) {
    (void)sig;
    pthread_mutex_lock(&log_lock);
    pthread_mutex_unlock(&log_lock);
}

static void lock_shared_with_handler(void) {
    signal(SIGALRM, on_alarm);
    pthread_mutex_lock(&log_lock);  // SIGALRM not blocked: the handler could interrupt us here
    pthread_mutex_unlock(&log_lock);
    raise(SIGALRM);
}

static void unlock_not_held(void) {
    pthread_mutex_t lock;
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&lock, &attr);
    pthread_mutex_unlock(&lock);  // returns EPERM; heisen says where
    pthread_mutex_destroy(&lock);
}

static void *unlock_from_other_thread(void *lock) {
    pthread_mutex_unlock(lock);
    return NULL;
}

static void release_by_non_owner(void) {
    pthread_t t;
    pthread_mutex_lock(&ledger);
    pthread_create(&t, NULL, unlock_from_other_thread, &ledger);
    pthread_join(t, NULL);
}

static void free_held_lock(void) {
    struct node *n = malloc(sizeof *n);
    node_init(n);
    pthread_mutex_lock(&n->lock);
    free(n);
}

static void *exit_holding(void *unused) {
    (void)unused;
    pthread_mutex_lock(&log_lock);
    return NULL;  // the thread ends with log_lock held
}

static void thread_exit_with_lock(void) { run_thread(exit_holding); }

static const struct {
    const char *name;
    void (*run)(void);
} kBugs[] = {
    {"opposite-orders", opposite_orders},
    {"self-deadlock", self_deadlock},
    {"same-class-nested", same_class_nested},
    {"sleep-under-spinlock", sleep_under_spinlock},
    {"lock-shared-with-handler", lock_shared_with_handler},
    {"unlock-not-held", unlock_not_held},
    {"release-by-non-owner", release_by_non_owner},
    {"free-held-lock", free_held_lock},
    {"thread-exit-with-lock", thread_exit_with_lock},
};

int main(int argc, char **argv) {
    pthread_spin_init(&bucket, PTHREAD_PROCESS_PRIVATE);
    for (size_t i = 0; argc == 2 && i < sizeof kBugs / sizeof kBugs[0]; ++i) {
        if (strcmp(argv[1], kBugs[i].name)) continue;
        kBugs[i].run();
        return 0;
    }
    fprintf(stderr, "usage: detections BUG\nBUG:");
    for (size_t i = 0; i < sizeof kBugs / sizeof kBugs[0]; ++i) fprintf(stderr, " %s", kBugs[i].name);
    fprintf(stderr, "\n");
    return 2;
}
