// A multithreaded program whose only lock is built on raw futex system calls, as the Go runtime
// and Rust's standard library build theirs: heisen sees no lock operation at all. argv[1]:
//   futex    two threads count under the futex lock (heisen says once that it saw no lock)
//   mutex    the same with a pthread mutex (validated: nothing to say)
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static atomic_int futex_word;
static pthread_mutex_t counter_mutex = PTHREAD_MUTEX_INITIALIZER;
static int use_futex;
static long counter;

static void futex_lock(void) {
    int expected = 0;
    while (!atomic_compare_exchange_strong(&futex_word, &expected, 1)) {
        syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0);
        expected = 0;
    }
}

static void futex_unlock(void) {
    atomic_store(&futex_word, 0);
    syscall(SYS_futex, &futex_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *count(void *unused) {
    for (int i = 0; i < 10000; ++i) {
        if (use_futex) futex_lock(); else pthread_mutex_lock(&counter_mutex);
        ++counter;
        if (use_futex) futex_unlock(); else pthread_mutex_unlock(&counter_mutex);
    }
    return unused;
}

int main(int argc, char **argv) {
    use_futex = !(argc > 1 && !strcmp(argv[1], "mutex"));
    pthread_t threads[2];
    for (int i = 0; i < 2; ++i) pthread_create(&threads[i], NULL, count, NULL);
    for (int i = 0; i < 2; ++i) pthread_join(threads[i], NULL);
    printf("futex_only: %ld\n", counter);
    return 0;
}
