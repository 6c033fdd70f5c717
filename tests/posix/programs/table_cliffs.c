// What a lock operation costs under `heisen run` once one of heisen's fixed tables is full, next
// to what it costs when everything fits. Usage: table_cliffs CASE [PASSES [PAIRS]]; used by
// bench/run-cliffs/run.sh and by the end-to-end test that holds each case to twice the normal
// cost. Each case sets its tables up, runs one warm-up pass over its working set, then counts
// (callgrind, collection toggled around the measured passes) the instructions of PASSES more
// passes; the caller divides by the lock/unlock pairs they made.
//   fits       4,950 two-lock sequences among 100 mutexes: every table has room (the normal cost)
//   chains     64,000 three-lock sequences over 120 mutexes in 3 groups: more held-lock sequences
//              than the chain cache keeps (HEISEN_MAX_CHAINS), only 4,800 order edges
//   edges      19,900 two-lock sequences among 200 mutexes: more order edges than the graph keeps
//              (HEISEN_MAX_EDGES)
//   classes    5,000 initialised mutexes, each its own class: more than the class table keeps
//              (HEISEN_MAX_CLASSES); the measured pair nests one without a class
//   addresses  140,000 mutexes used once: more lock addresses than the side table keeps (131,072);
//              the measured pair nests one without an entry
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/callgrind.h>

static pthread_mutex_t *locks;
static long pairs_made;

static void nest(pthread_mutex_t *outer, pthread_mutex_t *inner) {
    pthread_mutex_lock(outer);
    pthread_mutex_lock(inner);
    pthread_mutex_unlock(inner);
    pthread_mutex_unlock(outer);
    pairs_made += 2;
}

static void nest3(pthread_mutex_t *a, pthread_mutex_t *b, pthread_mutex_t *c) {
    pthread_mutex_lock(a);
    pthread_mutex_lock(b);
    pthread_mutex_lock(c);
    pthread_mutex_unlock(c);
    pthread_mutex_unlock(b);
    pthread_mutex_unlock(a);
    pairs_made += 3;
}

static void all_pairs(int count) {
    for (int i = 0; i < count; ++i)
        for (int j = i + 1; j < count; ++j) nest(&locks[i], &locks[j]);
}

static void all_triples(void) {
    for (int a = 0; a < 40; ++a)
        for (int b = 40; b < 80; ++b)
            for (int c = 80; c < 120; ++c) nest3(&locks[a], &locks[b], &locks[c]);
}

static void make_locks(int count) {
    locks = calloc((size_t)count, sizeof *locks);
    for (int i = 0; i < count; ++i) pthread_mutex_init(&locks[i], NULL);
}

static void use_each_once(int count) {
    for (int i = 0; i < count; ++i) {
        pthread_mutex_lock(&locks[i]);
        pthread_mutex_unlock(&locks[i]);
    }
}

int main(int argc, char **argv) {
    const char *which = argc > 1 ? argv[1] : "fits";
    const int passes = argc > 2 ? atoi(argv[2]) : 2;
    const int repeats = argc > 3 ? atoi(argv[3]) : 20000;  // pairs per pass of the one-pair cases
    void (*pass)(void) = NULL;
    int count = 0;
    if (!strcmp(which, "fits") || !strcmp(which, "edges")) {
        count = !strcmp(which, "fits") ? 100 : 200;
        make_locks(count);
    } else if (!strcmp(which, "chains")) {
        make_locks(120);
        pass = all_triples;
    } else if (!strcmp(which, "classes")) {
        count = 5000;
        make_locks(count);
        use_each_once(count);
    } else if (!strcmp(which, "addresses")) {
        count = 140000;
        make_locks(count);
        use_each_once(count);
    } else {
        fprintf(stderr, "table_cliffs: unknown case %s\n", which);
        return 2;
    }
    const int pairs_case = !strcmp(which, "fits") || !strcmp(which, "edges");
    const int last = count - 1;
    for (int round = 0; round <= passes; ++round) {
        if (round == 1) {
            pairs_made = 0;
            CALLGRIND_TOGGLE_COLLECT;
        }
        if (pass) pass();
        else if (pairs_case) all_pairs(count);
        else
            for (int i = 0; i < repeats; ++i) nest(&locks[0], &locks[last]);
    }
    CALLGRIND_TOGGLE_COLLECT;
    printf("table_cliffs %s: %ld lock/unlock pairs measured\n", which, pairs_made);
    return 0;
}
