// Buckets nested in any order, always under the one eviction lock: serialised, no deadlock.
#include "bio_common.h"

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
  for(int round = 0; round < 3; round++)
    for(int own = hart; own < NBUCKET; own += 3)
      for(int other = 0; other < NBUCKET; other++)
        if(other != own)
          steal(own, other);
}
