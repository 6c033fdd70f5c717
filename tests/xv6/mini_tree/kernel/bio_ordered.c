// Two buckets always taken lower index first: one order, no deadlock.
#include "bio_common.h"
#include "bio_pairs.h"

static void
steal(int own, int other)
{
  int low = own < other ? own : other, high = own < other ? other : own;
  acquire(&bcache.bucket[low]);
  acquire(&bcache.bucket[high]);
  move_buffer(own, other);
  release(&bcache.bucket[high]);
  release(&bcache.bucket[low]);
}

void
run_design(int hart)
{
  steal_from_every_bucket(hart, 3);
}
