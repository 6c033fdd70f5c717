// Re-enters a PTHREAD_MUTEX_RECURSIVE mutex (legal), and a statically initialised recursive one.
// No report.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t tree_lock;
static pthread_mutex_t static_recursive = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

static int depth_sum(int depth) {
    pthread_mutex_lock(&tree_lock);
    pthread_mutex_lock(&static_recursive);
    int sum = depth == 0 ? 0 : depth + depth_sum(depth - 1);
    pthread_mutex_unlock(&static_recursive);
    pthread_mutex_unlock(&tree_lock);
    return sum;
}

int main(void) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&tree_lock, &attr);
    printf("recursive_mutex: %d\n", depth_sum(5));
    pthread_mutex_destroy(&tree_lock);
    return 0;
}
