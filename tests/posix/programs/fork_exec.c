// The lock-order bug happens in a forked child and in an exec'd child, not in the process heisen
// started. argv[1]: "fork" or "exec"; "abba" is what the children run.
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t fork_lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t fork_lock_b = PTHREAD_MUTEX_INITIALIZER;

static void child_takes_both_orders(void) {
    pthread_mutex_lock(&fork_lock_a);
    pthread_mutex_lock(&fork_lock_b);
    pthread_mutex_unlock(&fork_lock_b);
    pthread_mutex_unlock(&fork_lock_a);
    pthread_mutex_lock(&fork_lock_b);
    pthread_mutex_lock(&fork_lock_a);
    pthread_mutex_unlock(&fork_lock_a);
    pthread_mutex_unlock(&fork_lock_b);
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "fork";
    if (!strcmp(mode, "abba")) {
        child_takes_both_orders();
        return 0;
    }
    // The parent uses a lock before forking: the child starts from a copy of that state.
    pthread_mutex_lock(&fork_lock_a);
    pthread_mutex_unlock(&fork_lock_a);
    pid_t child = fork();
    if (child == 0) {
        if (!strcmp(mode, "exec")) {
            execl(argv[0], argv[0], "abba", (char *)NULL);
            _exit(126);
        }
        child_takes_both_orders();
        _exit(0);
    }
    int status = 0;
    waitpid(child, &status, 0);
    printf("fork_exec: child exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}
