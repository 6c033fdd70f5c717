// A long-running program's mutexes come and go: 300,000 of them, each at an address of its own,
// are initialised, used and destroyed, more than heisen's side table has entries. Two mutexes
// created after all that are then taken in both orders: still a reported cycle.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "lock_patterns.h"

enum { kMutexes = 300000 };

int main(void) {
    pthread_mutex_t *mutexes = calloc(kMutexes + 2, sizeof *mutexes);
    if (!mutexes) return 3;
    for (int i = 0; i < kMutexes; ++i) {
        pthread_mutex_init(&mutexes[i], NULL);
        pthread_mutex_lock(&mutexes[i]);
        pthread_mutex_unlock(&mutexes[i]);
        pthread_mutex_destroy(&mutexes[i]);
    }
    pthread_mutex_t *late_a = &mutexes[kMutexes], *late_b = &mutexes[kMutexes + 1];
    pthread_mutex_init(late_a, NULL);
    pthread_mutex_init(late_b, NULL);
    take_in_both_orders(late_a, late_b);
    printf("address_churn: done\n");
    return 0;
}
