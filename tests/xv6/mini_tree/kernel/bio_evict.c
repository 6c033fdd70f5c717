// Buckets nested in any order, always under the one eviction lock: serialised, no deadlock.
#include "bio_common.h"
#include "bio_pairs.h"

static void
steal(int own, int other)
{
  acquire(&bcache.evict);
  acquire(&bcache.bucket[own]);
  acquire(&bcache.bucket[other]);
  move_buffer(own, other);
  release(&bcache.bucket[other]);
  release(&bcache.bucket[own]);
  release(&bcache.evict);
}

void
run_design(int hart)
{
  steal_from_every_bucket(hart, 3);
}
