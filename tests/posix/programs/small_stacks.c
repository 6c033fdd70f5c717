// Locks and reports on the small stacks real programs use. argv[1]:
//   altstack   a signal handler on an 8 KiB sigaltstack creates, nests and destroys two mutexes
//              (every operation is new to heisen; no report is due), a hundred times
//   thread     a thread with a 16 KiB stack takes two locks in both orders: a report
//   coroutine  a 12 KiB ucontext coroutine takes two locks in both orders: a report
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "lock_patterns.h"

static pthread_mutex_t small_lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t small_lock_b = PTHREAD_MUTEX_INITIALIZER;

static void on_signal(int sig) {
    (void)sig;
    lock_two_new_mutexes();
}

static void *thread_body(void *unused) {
    (void)unused;
    take_in_both_orders(&small_lock_a, &small_lock_b);
    return NULL;
}

// `bytes` of stack with an inaccessible page below it: running past the end faults instead of
// quietly overwriting whatever lies there.
static void *guarded_stack(size_t bytes) {
    char *mapping = mmap(NULL, bytes + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping == MAP_FAILED) exit(3);
    mprotect(mapping, 4096, PROT_NONE);
    return mapping + 4096;
}

static ucontext_t main_context, coroutine_context;
static void coroutine_body(void) { take_in_both_orders(&small_lock_a, &small_lock_b); }

int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "altstack";
    if (!strcmp(mode, "altstack")) {
        stack_t alternate = {.ss_sp = guarded_stack(8192), .ss_flags = 0, .ss_size = 8192};
        if (sigaltstack(&alternate, NULL) != 0) return 3;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = on_signal;
        action.sa_flags = SA_ONSTACK;
        sigaction(SIGUSR1, &action, NULL);
        for (int i = 0; i < 100; ++i) raise(SIGUSR1);
    } else if (!strcmp(mode, "thread")) {
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        if (pthread_attr_setstacksize(&attributes, 16384) != 0) return 3;
        pthread_t thread;
        if (pthread_create(&thread, &attributes, thread_body, NULL) != 0) return 3;
        pthread_join(thread, NULL);
    } else {
        getcontext(&coroutine_context);
        coroutine_context.uc_stack.ss_sp = guarded_stack(12288);
        coroutine_context.uc_stack.ss_size = 12288;
        coroutine_context.uc_link = &main_context;
        makecontext(&coroutine_context, coroutine_body, 0);
        swapcontext(&main_context, &coroutine_context);
    }
    printf("small_stacks: %s done\n", mode);
    return 0;
}
