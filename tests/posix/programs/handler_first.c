// A SIGUSR1 handler takes handler_lock and runs before the program has ever looked at or changed
// its signal mask; afterwards main takes handler_lock with SIGUSR1 "unblocked" (inconsistent lock
// state) or "blocked" (correct) — argv[1]. The handler running first must not leave SIGUSR1
// counted as blocked once it has returned.
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t handler_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t handled;

static void on_usr1(int sig) {
    pthread_mutex_lock(&handler_lock);
    handled = sig;
    pthread_mutex_unlock(&handler_lock);
}

int main(int argc, char **argv) {
    int block = argc > 1 && !strcmp(argv[1], "blocked");
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_usr1;
    sigemptyset(&action.sa_mask);
    sigaction(SIGUSR1, &action, NULL);
    raise(SIGUSR1);
    sigset_t usr1, old;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    if (block) pthread_sigmask(SIG_BLOCK, &usr1, &old);
    pthread_mutex_lock(&handler_lock);
    pthread_mutex_unlock(&handler_lock);
    if (block) pthread_sigmask(SIG_SETMASK, &old, NULL);
    printf("handler_first: handled %d\n", (int)handled);
    return 0;
}
