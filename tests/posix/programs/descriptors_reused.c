// The program takes over every descriptor number heisen could have used: it closes all of them
// from 3 up ("close") or dup2s sockets over 200..259 ("dup2"), opens socket pairs, then makes a
// lock-order report. Nothing may arrive on its sockets, and the report must still reach heisen
// run (symbolized: the names of the locks prove it went through the runner).
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lock_patterns.h"

static pthread_mutex_t first = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t second = PTHREAD_MUTEX_INITIALIZER;

int main(int argc, char **argv) {
    const char *how = argc > 1 ? argv[1] : "close";
    if (!strcmp(how, "close"))
        for (int fd = 3; fd < 1024; ++fd) close(fd);
    int pairs[32][2];
    int opened = 0;
    for (; opened < 32; ++opened)
        if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, pairs[opened]) != 0) break;
    if (!strcmp(how, "dup2"))
        for (int fd = 200; fd < 260; ++fd) dup2(pairs[fd % opened][0], fd);
    take_in_both_orders(&first, &second);
    int stray = 0;
    for (int i = 0; i < opened; ++i)
        for (int end = 0; end < 2; ++end) {
            struct pollfd ready = {pairs[i][end], POLLIN, 0};
            if (poll(&ready, 1, 0) > 0) ++stray;
        }
    printf("descriptors_reused: %d socket pairs, %d with data nobody sent\n", opened, stray);
    return 0;
}
