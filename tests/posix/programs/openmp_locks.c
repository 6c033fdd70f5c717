// OpenMP locks, which libgomp implements on futexes without any pthread call. argv[1]:
//   correct     omp_set_lock / omp_set_nest_lock / named and unnamed critical sections, always in
//               one order (correct)
//   lock-cycle  two omp_lock_t taken in opposite orders (reported)
//   critical-cycle  a named critical section and an omp lock nested both ways (reported)
#include <omp.h>
#include <stdio.h>
#include <string.h>

static omp_lock_t table_lock, journal_lock;
static omp_nest_lock_t tree_lock;
static long added, removed, visits;  // one lock each: the program itself races on nothing

static void correct(void) {
#pragma omp parallel for num_threads(2)
    for (int i = 0; i < 100; ++i) {
        omp_set_lock(&table_lock);
        omp_set_nest_lock(&tree_lock);
        omp_set_nest_lock(&tree_lock);
        added += i;
        omp_unset_nest_lock(&tree_lock);
        omp_unset_nest_lock(&tree_lock);
        omp_unset_lock(&table_lock);
#pragma omp critical(totals)
        removed += i;
#pragma omp critical
        visits += 1;
        if (omp_test_lock(&journal_lock)) omp_unset_lock(&journal_lock);
    }
}

static void lock_cycle(void) {
    omp_set_lock(&table_lock);
    omp_set_lock(&journal_lock);
    omp_unset_lock(&journal_lock);
    omp_unset_lock(&table_lock);
    omp_set_lock(&journal_lock);
    omp_set_lock(&table_lock);
    omp_unset_lock(&table_lock);
    omp_unset_lock(&journal_lock);
}

static void critical_cycle(void) {
#pragma omp critical(totals)
    {
        omp_set_lock(&table_lock);
        omp_unset_lock(&table_lock);
    }
    omp_set_lock(&table_lock);
#pragma omp critical(totals)
    removed += 1;
    omp_unset_lock(&table_lock);
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "correct";
    omp_init_lock(&table_lock);
    omp_init_lock(&journal_lock);
    omp_init_nest_lock(&tree_lock);
    if (!strcmp(scenario, "correct")) correct();
    if (!strcmp(scenario, "lock-cycle")) lock_cycle();
    if (!strcmp(scenario, "critical-cycle")) critical_cycle();
    omp_destroy_lock(&table_lock);
    omp_destroy_lock(&journal_lock);
    omp_destroy_nest_lock(&tree_lock);
    printf("openmp_locks: %s done, total %ld\n", scenario, added - removed);
    return 0;
}
