// A collector stops its mutator threads the way Boehm GC and JVMs do — a signal whose handler
// posts a semaphore and parks in sigsuspend until a resume signal — and, while the world is
// stopped, creates and locks mutexes of its own. The mutators create, lock and destroy mutexes
// all the time, so they are often stopped while inside heisen. argv[1]: how many collections.
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lock_patterns.h"

enum { kMutators = 3 };

static volatile int stop;
static sem_t parked, resumed;

static void on_suspend(int sig) {
    (void)sig;
    sigset_t wait_for;
    sigfillset(&wait_for);
    sigdelset(&wait_for, SIGUSR2);
    sem_post(&parked);
    sigsuspend(&wait_for);
    sem_post(&resumed);
}

static void on_resume(int sig) { (void)sig; }

static void *mutate(void *unused) {
    (void)unused;
    while (!stop) lock_two_new_mutexes();
    return NULL;
}

static void wait_for(sem_t *sem) {
    while (sem_wait(sem) != 0) {
    }
}

int main(int argc, char **argv) {
    int collections = argc > 1 ? atoi(argv[1]) : 1000;
    sem_init(&parked, 0, 0);
    sem_init(&resumed, 0, 0);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_suspend;
    sigaddset(&action.sa_mask, SIGUSR2);  // an early resume waits for sigsuspend
    sigaction(SIGUSR1, &action, NULL);
    action.sa_handler = on_resume;
    sigemptyset(&action.sa_mask);
    sigaction(SIGUSR2, &action, NULL);
    pthread_t mutators[kMutators];
    for (int i = 0; i < kMutators; ++i) pthread_create(&mutators[i], NULL, mutate, NULL);
    for (int round = 0; round < collections; ++round) {
        for (int i = 0; i < kMutators; ++i) pthread_kill(mutators[i], SIGUSR1);
        for (int i = 0; i < kMutators; ++i) wait_for(&parked);
        lock_two_new_mutexes();  // the collector works while the world is stopped
        for (int i = 0; i < kMutators; ++i) pthread_kill(mutators[i], SIGUSR2);
        for (int i = 0; i < kMutators; ++i) wait_for(&resumed);
    }
    stop = 1;
    for (int i = 0; i < kMutators; ++i) pthread_join(mutators[i], NULL);
    printf("stop_the_world: %d collections\n", collections);
    return 0;
}
