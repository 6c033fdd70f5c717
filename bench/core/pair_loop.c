/* pair_loop.c — N validated lock/unlock pairs and nothing else, for counting the engine's
 * instructions per pair under callgrind (count_instructions.sh): a number that, unlike time,
 * does not move with the load of a shared machine.
 * Usage: pair_loop N spin|sleep [nested]
 *        pair_loop N wait [nested]   a wait (heisen_wait_begin + heisen_wait_end) per iteration
 *        pair_loop N event           a sleeping lock/unlock pair, then an event that needed it */
#include <stdlib.h>

#include "heisen/heisen.h"

static heisen_lock_map lock_map, outer_map, event_map;

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    long n = atol(argv[1]);
    unsigned kind = argv[2][0] == 's' && argv[2][1] == 'p' ? HEISEN_LOCK_SPIN : HEISEN_LOCK_SLEEP;
    heisen_lock_init(&lock_map, "bench", kind, HEISEN_CLASS_BY_NAME, NULL);
    heisen_lock_init(&outer_map, "outer", kind, HEISEN_CLASS_BY_NAME, NULL);
    heisen_event_init(&event_map, "bench.event", HEISEN_CLASS_BY_NAME, NULL);
    if (argc > 3) heisen_acquire(&outer_map, 0, 0, NULL); /* the pair runs under a held lock */
    if (argv[2][0] == 'w') {
        for (long i = 0; i < n; i++) {
            heisen_wait_begin(&event_map, 0, NULL);
            heisen_wait_end(&event_map, NULL);
        }
        return 0;
    }
    if (argv[2][0] == 'e') {
        for (long i = 0; i < n; i++) {
            heisen_acquire(&lock_map, 0, 0, NULL);
            heisen_release(&lock_map, NULL);
            heisen_event(&event_map, NULL);
        }
        return 0;
    }
    for (long i = 0; i < n; i++) {
        heisen_acquire(&lock_map, 0, 0, NULL);
        heisen_release(&lock_map, NULL);
    }
    return 0;
}
