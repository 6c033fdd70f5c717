// Two threads take the same two mutexes in opposite orders, one after the other: no deadlock
// happens in this run, but one is possible. heisen reports the cycle.
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lock_b = PTHREAD_MUTEX_INITIALIZER;

static void *take_a_then_b(void *unused) {
    pthread_mutex_lock(&lock_a);
    pthread_mutex_lock(&lock_b);
    pthread_mutex_unlock(&lock_b);
    pthread_mutex_unlock(&lock_a);
    return unused;
}

static void *take_b_then_a(void *unused) {
    pthread_mutex_lock(&lock_b);
    pthread_mutex_lock(&lock_a);
    pthread_mutex_unlock(&lock_a);
    pthread_mutex_unlock(&lock_b);
    return unused;
}

int main(void) {
    pthread_t first, second;
    pthread_create(&first, NULL, take_a_then_b, NULL);
    pthread_join(first, NULL);
    pthread_create(&second, NULL, take_b_then_a, NULL);
    pthread_join(second, NULL);
    puts("abba: done");
    return 0;
}
