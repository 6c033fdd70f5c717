// Shared by the three designs (each bio_*.c includes it once).
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "defs.h"
#include "bio.h"

struct bcache bcache;
static int moved;

void
binit(void)
{
  initlock(&bcache.evict, "bcache.evict");
  for(int i = 0; i < NBUCKET; i++){
    initlock(&bcache.bucket[i], "bcache.bucket");
    for(int j = 0; j < NBUF / NBUCKET; j++)
      initsleeplock(&bcache.buf[i][j].lock, "blk"); // not xv6's "buffer": found by its struct
  }
}

void
move_buffer(int own, int other)
{
  bcache.buf[other][0].blockno = own;
  moved++;
}

// Two buffers' sleeplocks at once (a log block, then its home block, as log.c does), in both
// address orders, then a buffer sleeplock and a bucket lock left held for GDB.
void
hold_buffer_locks(void)
{
  acquiresleep(&bcache.buf[0][0].lock);
  acquiresleep(&bcache.buf[2][1].lock);
  releasesleep(&bcache.buf[2][1].lock);
  releasesleep(&bcache.buf[0][0].lock);
  acquiresleep(&bcache.buf[3][0].lock);
  acquiresleep(&bcache.buf[1][1].lock);
  releasesleep(&bcache.buf[1][1].lock);
  releasesleep(&bcache.buf[3][0].lock);
  acquiresleep(&bcache.buf[2][0].lock);
  acquire(&bcache.bucket[2]);
}
