// One thread keeps creating, locking and destroying mutexes (so it is inside heisen's engine
// much of the time) while the main thread forks again and again; every child locks two new
// mutexes of its own and exits. A child that inherited a lock some other thread held inside
// heisen would spin forever: each child gets two seconds. argv[1]: how many children.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lock_patterns.h"

static volatile int stop;

static void *churn(void *unused) {
    (void)unused;
    while (!stop) lock_two_new_mutexes();
    return NULL;
}

int main(int argc, char **argv) {
    int children = argc > 1 ? atoi(argv[1]) : 100;
    pthread_t churner;
    pthread_create(&churner, NULL, churn, NULL);
    int hung = 0;
    for (int i = 0; i < children; ++i) {
        pid_t child = fork();
        if (child == 0) {
            alarm(2);
            lock_two_new_mutexes();
            _exit(0);
        }
        int status = 0;
        waitpid(child, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++hung;
    }
    stop = 1;
    pthread_join(churner, NULL);
    printf("fork_while_churning: %d of %d children hung\n", hung, children);
    return 0;
}
