// Measures the stack one lock operation takes: runs it in a coroutine whose stack is painted with
// a pattern and finds the deepest byte that changed. Run plainly and under heisen, the difference
// is what heisen adds to the program's stack. argv[1] says which operation:
//   repeated      a lock whose sequence was seen before
//   new-order     first use of a lock, a new order edge (the engine's full path, a stack walk)
//   trylock       a successful try-lock (the full path)
//   handler-lock  a signal handler locking a new lock (trampoline, interrupt context)
//   report        a lock that closes a cycle: a report is made
//   handler-report  a lock in a handler that the program also holds with the signal enabled
//   bad-unlock    unlocking a mutex nobody holds: a report from the release path
//   free-held     freeing memory that holds a locked mutex: a report from free()
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

enum { kStack = 256 * 1024 };
static unsigned char stack[kStack] __attribute__((aligned(64)));
static ucontext_t main_context, op_context;
static pthread_mutex_t known = PTHREAD_MUTEX_INITIALIZER, later = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER, in_handler = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t shared_with_handler = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t *heap_mutex;
static const char *mode;

static void lock_in_handler(int sig) {
    (void)sig;
    pthread_mutex_t *lock = !strcmp(mode, "handler-report") ? &shared_with_handler : &in_handler;
    pthread_mutex_lock(lock);
    pthread_mutex_unlock(lock);
}

static void op(void) {
    if (!strcmp(mode, "repeated")) {
        pthread_mutex_lock(&known);
        pthread_mutex_unlock(&known);
    } else if (!strcmp(mode, "new-order")) {
        pthread_mutex_lock(&known);
        pthread_mutex_lock(&fresh);
        pthread_mutex_unlock(&fresh);
        pthread_mutex_unlock(&known);
    } else if (!strcmp(mode, "trylock")) {
        if (pthread_mutex_trylock(&fresh) == 0) pthread_mutex_unlock(&fresh);
    } else if (!strcmp(mode, "handler-lock") || !strcmp(mode, "handler-report")) {
        raise(SIGUSR1);
    } else if (!strcmp(mode, "report")) {
        pthread_mutex_lock(&later);
        pthread_mutex_lock(&known);
        pthread_mutex_unlock(&known);
        pthread_mutex_unlock(&later);
    } else if (!strcmp(mode, "bad-unlock")) {
        pthread_mutex_unlock(&fresh);
    } else if (!strcmp(mode, "free-held")) {
        pthread_mutex_lock(heap_mutex);
        free(heap_mutex);
    }
}

int main(int argc, char **argv) {
    mode = argc > 1 ? argv[1] : "repeated";
    // Outside the measured stack: `known` seen, the order known -> later recorded, the handler
    // installed and the lock it shares held once with the signal enabled.
    pthread_mutex_lock(&known);
    pthread_mutex_lock(&later);
    pthread_mutex_unlock(&later);
    pthread_mutex_unlock(&known);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = lock_in_handler;
    sigaction(SIGUSR1, &action, NULL);
    pthread_mutex_lock(&shared_with_handler);
    pthread_mutex_unlock(&shared_with_handler);
    heap_mutex = malloc(sizeof *heap_mutex);
    pthread_mutex_init(heap_mutex, NULL);
    memset(stack, 0xa5, sizeof stack);
    getcontext(&op_context);
    op_context.uc_stack.ss_sp = stack;
    op_context.uc_stack.ss_size = sizeof stack;
    op_context.uc_link = &main_context;
    makecontext(&op_context, op, 0);
    swapcontext(&main_context, &op_context);
    size_t untouched = 0;
    while (untouched < sizeof stack && stack[untouched] == 0xa5) ++untouched;
    printf("%s: %zu bytes of stack\n", mode, sizeof stack - untouched);
    return 0;
}
