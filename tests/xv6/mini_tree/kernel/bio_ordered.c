// Two buckets always taken lower index first: one order, no deadlock.
#include "bio_common.h"

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
  for(int round = 0; round < 3; round++)
    for(int own = hart; own < NBUCKET; own += 3)
      for(int other = 0; other < NBUCKET; other++)
        if(other != own)
          steal(own, other);
}
