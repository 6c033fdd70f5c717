// A ring walk: hold your bucket, lock the next one, wrapping from the last to the first.
// Two harts at the wrap can each hold the lock the other waits for: a real deadlock.
#include "bio_common.h"

static void
steal_next(int own)
{
  int other = (own + 1) % NBUCKET;
  acquire(&bcache.bucket[own]);
  acquire(&bcache.bucket[other]);
  move_buffer(own, other);
  release(&bcache.bucket[other]);
  release(&bcache.bucket[own]);
}

void
run_design(int hart)
{
  for(int round = 0; round < 10; round++)
    for(int own = hart; own < NBUCKET; own += 3)
      steal_next(own);
}
