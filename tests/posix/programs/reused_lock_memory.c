// Statically initialised mutexes whose memory is used again by another mutex. argv[1]:
//   stack       a function's PTHREAD_MUTEX_INITIALIZER gate is left locked when it returns; the
//               next call has a new gate at the same stack address and locks it (correct: the
//               new gate is not held)
//   heap        a heap record's statically initialised mutex is taken before registry_lock; the
//               record is freed and a new one at the same address takes its mutex after
//               registry_lock (correct: two unrelated locks, no cycle)
//   heap-same   one heap record's mutex taken in both orders against registry_lock (reported)
//   reinit-held registry_lock initialised again while this thread holds it (reported: the
//               held lock is destroyed under its holder)
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((noinline)) static void pass_gate(int leave_locked) {
    pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&gate);
    if (!leave_locked) pthread_mutex_unlock(&gate);
}

struct record {
    pthread_mutex_t lock;
    int value;
};

static struct record *new_record(void) {
    struct record *r = malloc(sizeof *r);
    const struct record fresh = {PTHREAD_MUTEX_INITIALIZER, 0};
    *r = fresh;
    return r;
}

static void record_then_registry(struct record *r) {
    pthread_mutex_lock(&r->lock);
    pthread_mutex_lock(&registry_lock);
    pthread_mutex_unlock(&registry_lock);
    pthread_mutex_unlock(&r->lock);
}

static void registry_then_record(struct record *r) {
    pthread_mutex_lock(&registry_lock);
    pthread_mutex_lock(&r->lock);
    pthread_mutex_unlock(&r->lock);
    pthread_mutex_unlock(&registry_lock);
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "stack";
    if (!strcmp(scenario, "stack")) {
        pass_gate(1);
        pass_gate(0);
    } else if (!strcmp(scenario, "reinit-held")) {
        pthread_mutex_lock(&registry_lock);
        pthread_mutex_init(&registry_lock, NULL);
    } else if (!strcmp(scenario, "heap")) {
        struct record *first = new_record();
        record_then_registry(first);
        free(first);
        struct record *second = new_record();
        registry_then_record(second);
        if (second != first) puts("reused_lock_memory: the allocator did not reuse the address");
        free(second);
    } else if (!strcmp(scenario, "heap-same")) {
        struct record *only = new_record();
        record_then_registry(only);
        registry_then_record(only);
        free(only);
    }
    printf("reused_lock_memory: %s done\n", scenario);
    return 0;
}
