// A correct producer/consumer: the consumer waits on a condition variable under its mutex while
// holding no other lock. No report.
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
static int queued;

static void *consume(void *unused) {
    for (int taken = 0; taken < 100; ++taken) {
        pthread_mutex_lock(&queue_lock);
        while (queued == 0) pthread_cond_wait(&queue_ready, &queue_lock);
        --queued;
        pthread_mutex_unlock(&queue_lock);
    }
    return unused;
}

int main(void) {
    pthread_t consumer;
    pthread_create(&consumer, NULL, consume, NULL);
    for (int i = 0; i < 100; ++i) {
        pthread_mutex_lock(&queue_lock);
        ++queued;
        pthread_cond_signal(&queue_ready);
        pthread_mutex_unlock(&queue_lock);
    }
    pthread_join(consumer, NULL);
    puts("cond_wait: done");
    return 0;
}
