// A SIGUSR1 handler takes log_lock, which main also takes. argv[1] = "unblocked": main holds it
// with SIGUSR1 deliverable (the handler could interrupt it and deadlock: inconsistent lock state);
// "blocked": main blocks SIGUSR1 around its critical section (correct, no report).
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t handled;

static void on_usr1(int sig) {
    pthread_mutex_lock(&log_lock);
    handled = sig;
    pthread_mutex_unlock(&log_lock);
}

static void write_log(int block) {
    sigset_t usr1, old;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    if (block) pthread_sigmask(SIG_BLOCK, &usr1, &old);
    pthread_mutex_lock(&log_lock);
    pthread_mutex_unlock(&log_lock);
    if (block) pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int main(int argc, char **argv) {
    int block = argc > 1 && !strcmp(argv[1], "blocked");
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_usr1;
    sigemptyset(&action.sa_mask);
    sigaction(SIGUSR1, &action, NULL);
    // The program must see its own handler installed, whatever heisen put in front of it.
    struct sigaction installed;
    sigaction(SIGUSR1, NULL, &installed);
    write_log(block);
    raise(SIGUSR1);
    printf("signal_lock: handled %d, own handler %s\n", (int)handled,
           installed.sa_handler == on_usr1 ? "seen" : "hidden");
    return 0;
}
