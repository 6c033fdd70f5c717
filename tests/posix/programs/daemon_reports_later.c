// The program starts a daemon the classic way (double fork, new session, every descriptor closed,
// standard streams on /dev/null) and exits at once; the daemon takes two locks in both orders
// three seconds later. heisen run must wait for it and print its report.
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lock_patterns.h"

static pthread_mutex_t daemon_lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t daemon_lock_b = PTHREAD_MUTEX_INITIALIZER;

static void run_daemon(void) {
    struct timespec later = {3, 0};
    nanosleep(&later, NULL);
    take_in_both_orders(&daemon_lock_a, &daemon_lock_b);
}

int main(void) {
    pid_t middle = fork();
    if (middle == 0) {
        setsid();
        if (fork() == 0) {
            for (int fd = 3; fd < 1024; ++fd) close(fd);
            int null = open("/dev/null", O_RDWR);
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
            if (null > 2) close(null);
            run_daemon();
            _exit(0);
        }
        _exit(0);
    }
    waitpid(middle, NULL, 0);
    printf("daemon_reports_later: started\n");
    return 0;
}
