// The correct variant of abba.c: both threads take lock_a before lock_b. No report.
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

int main(void) {
    pthread_t first, second;
    pthread_create(&first, NULL, take_a_then_b, NULL);
    pthread_join(first, NULL);
    pthread_create(&second, NULL, take_a_then_b, NULL);
    pthread_join(second, NULL);
    puts("ordered: done");
    return 0;
}
