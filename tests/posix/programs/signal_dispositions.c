// What a program sees of its own signal dispositions, printed so that a run under heisen can be
// compared with a plain one. argv[1]:
//   siginterrupt  siginterrupt(SIGALRM, 1), then signal(): a blocking read must end with EINTR
//   inherited     the dispositions of SIGINT, SIGQUIT, SIGHUP and SIGTERM it was started with
//   query         handlers installed with sigaction, signal, siginterrupt and sysv_signal, each
//                 read back with sigaction
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void on_signal(int sig) { (void)sig; }
static void on_signal_with_info(int sig, siginfo_t *info, void *context) {
    (void)sig;
    (void)info;
    (void)context;
}

static void print_action(const char *what, int sig) {
    struct sigaction old;
    sigaction(sig, NULL, &old);
    const char *handler = old.sa_handler == SIG_IGN   ? "ignored"
                          : old.sa_handler == SIG_DFL ? "default"
                          : (old.sa_flags & SA_SIGINFO) && old.sa_sigaction == on_signal_with_info ? "on_signal_with_info"
                          : old.sa_handler == on_signal ? "on_signal"
                                                        : "another handler";
    unsigned long mask = 0;
    memcpy(&mask, &old.sa_mask, sizeof mask);
    printf("%s %d: %s flags=%#x restorer=%s mask=%#lx\n", what, sig, handler, (unsigned)old.sa_flags,
           old.sa_restorer ? "set" : "null", mask);
}

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "query";
    if (!strcmp(mode, "siginterrupt")) {
        siginterrupt(SIGALRM, 1);
        signal(SIGALRM, on_signal);
        int fds[2];
        if (pipe(fds) != 0) return 2;
        alarm(1);
        char c;
        ssize_t n = read(fds[0], &c, 1);
        printf("read returned %zd (%s)\n", n, n < 0 ? strerror(errno) : "data");
        return 0;
    }
    if (!strcmp(mode, "inherited")) {
        print_action("inherited", SIGINT);
        print_action("inherited", SIGQUIT);
        print_action("inherited", SIGHUP);
        print_action("inherited", SIGTERM);
        return 0;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_signal_with_info;
    action.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGKILL);  // cannot be blocked: the kernel leaves it out
    sigaddset(&action.sa_mask, SIGTERM);
    sigaction(SIGUSR1, &action, NULL);
    print_action("sigaction", SIGUSR1);
    signal(SIGUSR2, on_signal);
    print_action("signal", SIGUSR2);
    siginterrupt(SIGUSR2, 1);
    print_action("siginterrupt", SIGUSR2);
    signal(SIGUSR2, on_signal);
    print_action("signal again", SIGUSR2);
    sysv_signal(SIGWINCH, on_signal);
    print_action("sysv_signal", SIGWINCH);
    return 0;
}
