// A vfork child runs in its parent's memory until it execs or exits, so what heisen's wrappers
// write there lands in the parent. The child changes its own signal state, as a debugger's
// vfork child does before exec (gdb restores every original disposition); the parent must keep
// its own. argv[1]:
//   "disposition": the parent's SIGCHLD handler writes to a self-pipe that the parent waits on
//                  (gdb's event loop); the child resets SIGCHLD to SIG_DFL and execs. Prints
//                  whether the parent's handler still ran.
//   "mask":        a SIGUSR1 handler takes handler_lock; the parent holds handler_lock with
//                  SIGUSR1 blocked (correct) while the child it vforked unblocked every signal
//                  in its own mask before exiting. No report is expected.
//   "exec-target": what the disposition child execs.
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int event_pipe[2];
static pthread_mutex_t handler_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_child(int sig) {
    (void)sig;
    int saved = errno;
    char byte = 1;
    if (write(event_pipe[1], &byte, 1) < 0) {
        // The pipe is full: the parent already has an event to read.
    }
    errno = saved;
}

static void on_usr1(int sig) {
    (void)sig;
    pthread_mutex_lock(&handler_lock);
    pthread_mutex_unlock(&handler_lock);
}

static void install(int sig, void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(sig, &action, NULL);
}

static int child_resets_disposition(const char *self) {
    if (pipe(event_pipe) != 0) return 2;
    install(SIGCHLD, on_child);
    pid_t child = vfork();
    if (child == 0) {
        struct sigaction original;
        memset(&original, 0, sizeof original);
        original.sa_handler = SIG_DFL;
        sigemptyset(&original.sa_mask);
        sigaction(SIGCHLD, &original, NULL);
        execl(self, self, "exec-target", (char *)NULL);
        _exit(127);
    }
    if (child < 0) return 2;
    // Wait as an event loop does: for the handler's byte, not for the child itself.
    struct pollfd ready = {event_pipe[0], POLLIN, 0};
    // SIGCHLD may interrupt the wait itself (poll is never restarted): then look again.
    int events;
    do events = poll(&ready, 1, 10000);
    while (events < 0 && errno == EINTR);
    int status = 0;
    waitpid(child, &status, 0);
    printf("vfork_child: SIGCHLD handler %s, child exited %d\n", events == 1 ? "ran" : "did not run",
           WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return events == 1 ? 0 : 1;
}

static int child_changes_mask(void) {
    install(SIGUSR1, on_usr1);
    raise(SIGUSR1);  // handler_lock is now used in interrupt context
    sigset_t usr1, old;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &usr1, &old);
    pid_t child = vfork();
    if (child == 0) {
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        _exit(0);
    }
    if (child < 0) return 2;
    pthread_mutex_lock(&handler_lock);
    pthread_mutex_unlock(&handler_lock);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    int status = 0;
    waitpid(child, &status, 0);
    printf("vfork_child: child exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "disposition";
    if (!strcmp(mode, "exec-target")) return 0;
    if (!strcmp(mode, "mask")) return child_changes_mask();
    return child_resets_disposition(argv[0]);
}
