// Unlocks an error-checking mutex it does not hold. glibc answers EPERM; heisen reports the bad
// unlock balance. argv[1] = "balanced" is the correct variant.
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t device_lock;

int main(int argc, char **argv) {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&device_lock, &attr);
    int balanced = argc > 1 && !strcmp(argv[1], "balanced");
    if (balanced) pthread_mutex_lock(&device_lock);
    int rc = pthread_mutex_unlock(&device_lock);
    printf("errorcheck_unlock: unlock returned %s\n", rc == EPERM ? "EPERM" : rc == 0 ? "0" : "other");
    return 0;
}
