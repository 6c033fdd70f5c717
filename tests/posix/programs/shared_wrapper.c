// One bug reached through a shared helper from different callers. argv[1]:
//   two-callers  release_device() unlocks an error-checking mutex its caller does not hold;
//                open_path and close_path both do it (reported twice: once per caller)
//   loop         the same caller does it ten times (reported once)
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t device_lock;

__attribute__((noinline)) static void release_device(void) { pthread_mutex_unlock(&device_lock); }

__attribute__((noinline)) static void open_path(void) { release_device(); }
__attribute__((noinline)) static void close_path(void) { release_device(); }

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "two-callers";
    pthread_mutexattr_t errorcheck;
    pthread_mutexattr_init(&errorcheck);
    pthread_mutexattr_settype(&errorcheck, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&device_lock, &errorcheck);
    if (!strcmp(scenario, "two-callers")) {
        open_path();
        close_path();
    } else {
        for (int i = 0; i < 10; ++i) open_path();
    }
    printf("shared_wrapper: %s done\n", scenario);
    return 0;
}
