// Signal handlers that try-lock, and handlers left with siglongjmp. argv[1]:
//   try         the SIGUSR1 handler only try-locks stats_lock and skips its work when the lock is
//               busy; main holds stats_lock with SIGUSR1 deliverable (correct: a try cannot wait)
//   leave       main takes stats_lock, then the SIGUSR1 handler siglongjmps back into main, which
//               takes stats_lock again as ordinary code (correct: the handler is over)
//   leave-share the handler is left with siglongjmp once, then runs again and takes stats_lock
//               with a blocking lock while main holds it with SIGUSR1 deliverable (reported:
//               inconsistent lock state, main's acquisition after the jump)
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static sigjmp_buf back_to_main;
static volatile sig_atomic_t mode;  // 0 try, 1 jump, 2 lock
static volatile int updates;

static void on_usr1(int sig) {
    (void)sig;
    if (mode == 1) siglongjmp(back_to_main, 1);
    if (mode == 0) {
        if (pthread_mutex_trylock(&stats_lock) != 0) return;
    } else {
        pthread_mutex_lock(&stats_lock);
    }
    ++updates;
    pthread_mutex_unlock(&stats_lock);
}

static void update_stats(void) {
    pthread_mutex_lock(&stats_lock);
    ++updates;
    pthread_mutex_unlock(&stats_lock);
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "try";
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_usr1;
    sigemptyset(&action.sa_mask);
    sigaction(SIGUSR1, &action, NULL);
    if (!strcmp(scenario, "try")) {
        mode = 0;
        raise(SIGUSR1);  // the try succeeds
        pthread_mutex_lock(&stats_lock);
        raise(SIGUSR1);  // the try fails: the handler skips
        pthread_mutex_unlock(&stats_lock);
        update_stats();
    } else {
        update_stats();
        mode = 1;
        if (sigsetjmp(back_to_main, 1) == 0) raise(SIGUSR1);
        update_stats();
        if (!strcmp(scenario, "leave-share")) {
            mode = 2;
            raise(SIGUSR1);
        }
    }
    printf("signal_jumps: %s done, %d update(s)\n", scenario, updates);
    return 0;
}
