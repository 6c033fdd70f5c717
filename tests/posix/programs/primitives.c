// The other lock primitives, one scenario per argv[1]:
//   timed        a timed lock that times out while another thread holds the mutex (correct)
//   rwlock-cycle rwlock (write) then mutex in one thread, mutex then rwlock (write) in another
//   read-again   the read side of a default rwlock re-taken by its holder (correct)
//   sem-cycle    a semaphore used as a lock (value 1), nested both ways with a mutex
//   mutex-in-spin a mutex taken while a spinlock is held
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t table_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t table_rwlock = PTHREAD_RWLOCK_INITIALIZER;
static pthread_spinlock_t fast_spin;
static sem_t slot_sem;
static pthread_mutex_t holder_ready = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t holder_cond = PTHREAD_COND_INITIALIZER;
static pthread_cond_t release_cond = PTHREAD_COND_INITIALIZER;
static int holder_state;

static void *hold_table_mutex(void *unused) {
    pthread_mutex_lock(&table_mutex);
    pthread_mutex_lock(&holder_ready);
    holder_state = 1;
    pthread_cond_signal(&holder_cond);
    while (holder_state != 2) pthread_cond_wait(&release_cond, &holder_ready);
    pthread_mutex_unlock(&holder_ready);
    pthread_mutex_unlock(&table_mutex);
    return unused;
}

static int timed(void) {
    pthread_t holder;
    pthread_create(&holder, NULL, hold_table_mutex, NULL);
    pthread_mutex_lock(&holder_ready);
    while (holder_state != 1) pthread_cond_wait(&holder_cond, &holder_ready);
    pthread_mutex_unlock(&holder_ready);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_nsec += 10 * 1000 * 1000;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_sec += 1;
        deadline.tv_nsec -= 1000000000;
    }
    int rc = pthread_mutex_timedlock(&table_mutex, &deadline);
    int busy = pthread_mutex_trylock(&table_mutex);
    pthread_mutex_lock(&holder_ready);
    holder_state = 2;
    pthread_cond_signal(&release_cond);
    pthread_mutex_unlock(&holder_ready);
    pthread_join(holder, NULL);
    printf("primitives: timedlock %s, trylock %s\n", rc == ETIMEDOUT ? "ETIMEDOUT" : "other",
           busy == EBUSY ? "EBUSY" : "other");
    return 0;
}

static void *write_then_mutex(void *unused) {
    pthread_rwlock_wrlock(&table_rwlock);
    pthread_mutex_lock(&table_mutex);
    pthread_mutex_unlock(&table_mutex);
    pthread_rwlock_unlock(&table_rwlock);
    return unused;
}

static void *mutex_then_write(void *unused) {
    pthread_mutex_lock(&table_mutex);
    pthread_rwlock_wrlock(&table_rwlock);
    pthread_rwlock_unlock(&table_rwlock);
    pthread_mutex_unlock(&table_mutex);
    return unused;
}

static void run_in_turn(void *(*first)(void *), void *(*second)(void *)) {
    pthread_t thread;
    pthread_create(&thread, NULL, first, NULL);
    pthread_join(thread, NULL);
    pthread_create(&thread, NULL, second, NULL);
    pthread_join(thread, NULL);
}

static void *sem_then_mutex(void *unused) {
    sem_wait(&slot_sem);
    pthread_mutex_lock(&table_mutex);
    pthread_mutex_unlock(&table_mutex);
    sem_post(&slot_sem);
    return unused;
}

static void *mutex_then_sem(void *unused) {
    pthread_mutex_lock(&table_mutex);
    sem_wait(&slot_sem);
    sem_post(&slot_sem);
    pthread_mutex_unlock(&table_mutex);
    return unused;
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "timed";
    pthread_spin_init(&fast_spin, PTHREAD_PROCESS_PRIVATE);
    sem_init(&slot_sem, 0, 1);
    if (!strcmp(scenario, "timed")) return timed();
    if (!strcmp(scenario, "rwlock-cycle")) run_in_turn(write_then_mutex, mutex_then_write);
    if (!strcmp(scenario, "read-again")) {
        pthread_rwlock_rdlock(&table_rwlock);
        pthread_rwlock_rdlock(&table_rwlock);
        pthread_rwlock_unlock(&table_rwlock);
        pthread_rwlock_unlock(&table_rwlock);
    }
    if (!strcmp(scenario, "sem-cycle")) run_in_turn(sem_then_mutex, mutex_then_sem);
    if (!strcmp(scenario, "mutex-in-spin")) {
        pthread_spin_lock(&fast_spin);
        pthread_mutex_lock(&table_mutex);
        pthread_mutex_unlock(&table_mutex);
        pthread_spin_unlock(&fast_spin);
    }
    printf("primitives: %s done\n", scenario);
    return 0;
}
