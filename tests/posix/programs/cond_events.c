// Condition variables as events. The waiter is main; it holds `config_lock` (or not) across a
// wait on `queue_ready`, and a second thread signals. argv[1]:
//   signal        the signaller takes config_lock on its way to signalling: had main taken
//                 config_lock first, the signaller would block on it while main waits for the
//                 signal. A circular wait dependency: reported. (In this run the signaller takes
//                 it first, so nothing hangs.)
//   broadcast     the same with pthread_cond_broadcast
//   c11           the same with mtx_t, cnd_wait and cnd_signal
//   other-lock    main holds config_lock across the wait, the signaller needs only the
//                 condition's own mutex: no report
//   timeout       main holds config_lock across a timed wait that times out; the signaller then
//                 takes config_lock and signals the same condition: no report (a timed wait
//                 ends at its deadline: no deadlock)
// Each prints how its wait ended.
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
static mtx_t c11_queue_lock;
static cnd_t c11_queue_ready;
static int queued;
static int config_done;
static int main_waiting;  // main holds the condition's mutex, which it lets go only by waiting
static const char *scenario;

static void *signaller(void *unused) {
    if (strcmp(scenario, "other-lock") != 0) {
        pthread_mutex_lock(&config_lock);
        pthread_mutex_unlock(&config_lock);
    }
    __atomic_store_n(&config_done, 1, __ATOMIC_RELEASE);
    while (!__atomic_load_n(&main_waiting, __ATOMIC_ACQUIRE)) usleep(1000);
    if (!strcmp(scenario, "c11")) {
        mtx_lock(&c11_queue_lock);  // free once main waits
        ++queued;
        cnd_signal(&c11_queue_ready);
        mtx_unlock(&c11_queue_lock);
        return unused;
    }
    pthread_mutex_lock(&queue_lock);  // free once main waits
    ++queued;
    if (!strcmp(scenario, "broadcast"))
        pthread_cond_broadcast(&queue_ready);
    else
        pthread_cond_signal(&queue_ready);
    pthread_mutex_unlock(&queue_lock);
    return unused;
}

// Holds config_lock across a wait until the signaller has queued.
static void wait_holding_config(void) {
    pthread_t thread;
    pthread_create(&thread, NULL, signaller, NULL);
    while (!__atomic_load_n(&config_done, __ATOMIC_ACQUIRE)) usleep(1000);
    pthread_mutex_lock(&config_lock);
    if (!strcmp(scenario, "c11")) {
        mtx_lock(&c11_queue_lock);
        __atomic_store_n(&main_waiting, 1, __ATOMIC_RELEASE);
        while (!queued) cnd_wait(&c11_queue_ready, &c11_queue_lock);
        mtx_unlock(&c11_queue_lock);
    } else {
        pthread_mutex_lock(&queue_lock);
        __atomic_store_n(&main_waiting, 1, __ATOMIC_RELEASE);
        while (!queued) pthread_cond_wait(&queue_ready, &queue_lock);
        pthread_mutex_unlock(&queue_lock);
    }
    pthread_mutex_unlock(&config_lock);
    pthread_join(thread, NULL);
}

// Holds config_lock across a 20 ms timed wait nobody signals; then the signaller runs.
static int timed_wait_holding_config(void) {
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 20 * 1000000L;
    deadline.tv_sec += deadline.tv_nsec / 1000000000L;
    deadline.tv_nsec %= 1000000000L;
    pthread_mutex_lock(&config_lock);
    pthread_mutex_lock(&queue_lock);
    const int rc = pthread_cond_timedwait(&queue_ready, &queue_lock, &deadline);
    pthread_mutex_unlock(&queue_lock);
    pthread_mutex_unlock(&config_lock);
    __atomic_store_n(&main_waiting, 1, __ATOMIC_RELEASE);
    pthread_t thread;
    pthread_create(&thread, NULL, signaller, NULL);
    pthread_join(thread, NULL);
    return rc == 0;
}

int main(int argc, char **argv) {
    scenario = argc > 1 ? argv[1] : "signal";
    mtx_init(&c11_queue_lock, mtx_plain);
    cnd_init(&c11_queue_ready);
    int woken = 1;
    if (!strcmp(scenario, "timeout"))
        woken = timed_wait_holding_config();
    else
        wait_holding_config();
    printf("cond_events: %s %s\n", scenario, woken ? "woken" : "timed out");
    return 0;
}
