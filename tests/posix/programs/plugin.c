// A library loaded with dlopen whose entry point takes the host's locks in the reverse order.
#include <pthread.h>

void plugin_flush(pthread_mutex_t *host_a, pthread_mutex_t *host_b) {
    pthread_mutex_lock(host_b);
    pthread_mutex_lock(host_a);
    pthread_mutex_unlock(host_a);
    pthread_mutex_unlock(host_b);
}
