// Two unrelated mutexes live, one after the other, at the same heap address and are taken in
// opposite orders against a global lock. With instance classes they are different locks: no
// report. (A tool keyed by address alone would see a false cycle.)
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
    pthread_mutex_t *slot = malloc(sizeof *slot);

    pthread_mutex_init(slot, NULL);  // first life: taken before registry_lock
    pthread_mutex_lock(slot);
    pthread_mutex_lock(&registry_lock);
    pthread_mutex_unlock(&registry_lock);
    pthread_mutex_unlock(slot);
    pthread_mutex_destroy(slot);

    pthread_mutex_init(slot, NULL);  // second life, same address: taken after registry_lock
    pthread_mutex_lock(&registry_lock);
    pthread_mutex_lock(slot);
    pthread_mutex_unlock(slot);
    pthread_mutex_unlock(&registry_lock);
    pthread_mutex_destroy(slot);

    free(slot);
    puts("address_reuse: done");
    return 0;
}
