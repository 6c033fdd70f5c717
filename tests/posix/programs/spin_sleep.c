// Sleeps while holding a pthread spinlock: every other thread wanting it would spin for the whole
// sleep. argv[1] picks the sleep: "nanosleep" (default), "usleep", "poll", "futex" (a raw futex
// wait that times out), "poll0" (a zero-timeout poll, which does not sleep) or "none" (the
// correct variant).
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_spinlock_t stats_lock;

static void update_stats(const char *how) {
    pthread_spin_lock(&stats_lock);
    if (!strcmp(how, "usleep")) {
        usleep(1000);
    } else if (!strcmp(how, "nanosleep")) {
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
    } else if (!strcmp(how, "poll")) {
        poll(NULL, 0, 1);
    } else if (!strcmp(how, "poll0")) {
        poll(NULL, 0, 0);
    } else if (!strcmp(how, "futex")) {
        static int word = 1;
        struct timespec pause = {0, 1000000};
        syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, &pause, NULL, 0);
    }
    pthread_spin_unlock(&stats_lock);
}

int main(int argc, char **argv) {
    pthread_spin_init(&stats_lock, PTHREAD_PROCESS_PRIVATE);
    update_stats(argc > 1 ? argv[1] : "nanosleep");
    if (argc > 1 && !strcmp(argv[1], "none")) usleep(1000);  // sleeping without the spinlock is fine
    puts("spin_sleep: done");
    return 0;
}
