// Locks a default (non-recursive) mutex twice: the second call never returns. heisen reports the
// recursive locking before the program hangs.
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;

static void reload_config(void) {
    pthread_mutex_lock(&config_lock);  // already held by apply_config: hangs here
    pthread_mutex_unlock(&config_lock);
}

static void apply_config(void) {
    pthread_mutex_lock(&config_lock);
    reload_config();
    pthread_mutex_unlock(&config_lock);
}

int main(void) {
    apply_config();
    puts("self_deadlock: not reached");
    return 0;
}
