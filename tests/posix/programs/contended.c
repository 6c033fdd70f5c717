// The main thread holds shared_lock while a worker blocks on it for about half a second, then
// both take it once more: 3 acquisitions, 1 of them contended. No locking bug: no report.
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static sem_t worker_started;

static void *worker(void *unused) {
    sem_post(&worker_started);
    pthread_mutex_lock(&shared_lock);  // the main thread holds it: this waits
    pthread_mutex_unlock(&shared_lock);
    return unused;
}

int main(void) {
    pthread_t thread;
    sem_init(&worker_started, 0, 0);
    pthread_mutex_lock(&shared_lock);
    pthread_create(&thread, NULL, worker, NULL);
    sem_wait(&worker_started);
    usleep(500 * 1000);  // long enough for the worker to be blocked in pthread_mutex_lock
    pthread_mutex_unlock(&shared_lock);
    pthread_join(thread, NULL);
    pthread_mutex_lock(&shared_lock);
    pthread_mutex_unlock(&shared_lock);
    puts("contended: done");
    return 0;
}
