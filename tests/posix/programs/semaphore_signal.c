// Semaphores created with value 1 but used to signal, the way CPython builds threading.Lock,
// Event and Condition on them. argv[1]:
//   event      one thread waits twice (the second wait sleeps), another thread posts: an event
//   timeout    Condition.wait(timeout) that times out: the waiter's semaphore is waited once,
//              waited again with a deadline that passes, and destroyed, all while the condition's
//              own semaphore-lock is released and re-taken around it
//   token      a worker takes the one token and ends; main puts it back later
// None of these is a lock bug: no report. (primitives.c sem-cycle is a semaphore used as a lock.)
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static sem_t waiter;
static sem_t condition_lock;

static void *notify(void *unused) {
    usleep(20 * 1000);  // let the waiter block first
    sem_post(&waiter);
    return unused;
}

static void event(void) {
    pthread_t notifier;
    sem_init(&waiter, 0, 1);
    sem_wait(&waiter);  // the waiter "arms" it
    pthread_create(&notifier, NULL, notify, NULL);
    sem_wait(&waiter);  // sleeps until the notifier posts
    pthread_join(notifier, NULL);
    sem_destroy(&waiter);
}

static void timeout(void) {
    sem_init(&condition_lock, 0, 1);
    sem_wait(&condition_lock);  // with cond:
    sem_init(&waiter, 0, 1);
    sem_wait(&waiter);
    sem_post(&condition_lock);  // released while waiting
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 10 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec += 1;
        deadline.tv_nsec -= 1000000000;
    }
    int rc = sem_timedwait(&waiter, &deadline);
    int timed_out = rc != 0 && errno == ETIMEDOUT;
    sem_wait(&condition_lock);  // re-taken after the wait
    sem_destroy(&waiter);
    sem_post(&condition_lock);
    if (!timed_out) puts("semaphore_signal: the wait did not time out");
}

static sem_t token;

static void *take_token(void *unused) {
    sem_wait(&token);
    return unused;
}

static void token_passing(void) {
    pthread_t worker;
    sem_init(&token, 0, 1);
    pthread_create(&worker, NULL, take_token, NULL);
    pthread_join(worker, NULL);
    sem_post(&token);
    sem_destroy(&token);
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "event";
    if (!strcmp(scenario, "event")) event();
    if (!strcmp(scenario, "timeout")) timeout();
    if (!strcmp(scenario, "token")) token_passing();
    printf("semaphore_signal: %s done\n", scenario);
    return 0;
}
