// A child made with _Fork (which runs no atfork handlers) is a process of its own: its reports
// carry its pid, and its signal handlers and mask are validated as in any process. The child does
// what signal_lock does: a SIGUSR1 handler takes handler_lock, which the child also takes with
// SIGUSR1 "unblocked" (inconsistent lock state) or "blocked" (correct) — argv[1].
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t handler_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_usr1(int sig) {
    (void)sig;
    pthread_mutex_lock(&handler_lock);
    pthread_mutex_unlock(&handler_lock);
}

static void take_lock(int block) {
    sigset_t usr1, old;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    if (block) pthread_sigmask(SIG_BLOCK, &usr1, &old);
    pthread_mutex_lock(&handler_lock);
    pthread_mutex_unlock(&handler_lock);
    if (block) pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int main(int argc, char **argv) {
    int block = argc > 1 && !strcmp(argv[1], "blocked");
    pid_t child = _Fork();
    if (child == 0) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = on_usr1;
        sigemptyset(&action.sa_mask);
        sigaction(SIGUSR1, &action, NULL);
        raise(SIGUSR1);
        take_lock(block);
        _exit(0);
    }
    if (child < 0) return 2;
    int status = 0;
    waitpid(child, &status, 0);
    printf("fork_without_handlers: child exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}
