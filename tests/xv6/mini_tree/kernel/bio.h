// The buffer cache the three designs share: buffers spread over buckets whose locks all have
// one name, plus an eviction lock.
struct buf {
  struct sleeplock lock;
  uint blockno;
  int refcnt;
};

struct bcache {
  struct spinlock evict;
  struct spinlock bucket[NBUCKET];
  struct buf buf[NBUCKET][NBUF / NBUCKET];
};
extern struct bcache bcache;

void bcache_init(void);
// Steals a free buffer of bucket `other` for bucket `own`; the caller holds both bucket locks.
void move_buffer(int own, int other);
