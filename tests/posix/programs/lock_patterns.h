// lock_patterns.h — lock sequences several test programs repeat.
#pragma once

#include <pthread.h>

// Takes `a` then `b`, and later `b` then `a`: a lock-order cycle, reported without a deadlock.
static inline void take_in_both_orders(pthread_mutex_t *a, pthread_mutex_t *b) {
    pthread_mutex_lock(a);
    pthread_mutex_lock(b);
    pthread_mutex_unlock(b);
    pthread_mutex_unlock(a);
    pthread_mutex_lock(b);
    pthread_mutex_lock(a);
    pthread_mutex_unlock(a);
    pthread_mutex_unlock(b);
}

// Creates two mutexes, nests them, destroys them: every call is a new lock order for heisen,
// so a thread doing this in a loop spends much of its time inside heisen's engine.
static inline void lock_two_new_mutexes(void) {
    pthread_mutex_t outer, inner;
    pthread_mutex_init(&outer, NULL);
    pthread_mutex_init(&inner, NULL);
    pthread_mutex_lock(&outer);
    pthread_mutex_lock(&inner);
    pthread_mutex_unlock(&inner);
    pthread_mutex_unlock(&outer);
    pthread_mutex_destroy(&inner);
    pthread_mutex_destroy(&outer);
}
