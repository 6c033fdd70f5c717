// A worker thread ends while still holding a mutex. argv[1]: "return" (start routine returns),
// "pthread_exit", or "correct" (unlocks first).
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t job_lock = PTHREAD_MUTEX_INITIALIZER;
static const char *how = "return";

static void *worker(void *unused) {
    pthread_mutex_lock(&job_lock);
    if (!strcmp(how, "pthread_exit")) pthread_exit(NULL);
    if (!strcmp(how, "correct")) pthread_mutex_unlock(&job_lock);
    return unused;
}

int main(int argc, char **argv) {
    if (argc > 1) how = argv[1];
    pthread_t thread;
    pthread_create(&thread, NULL, worker, NULL);
    pthread_join(thread, NULL);
    puts("thread_exit: done");
    return 0;
}
