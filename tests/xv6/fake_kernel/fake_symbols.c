/* fake_symbols.c — the symbol table a ported kernel links in (heisen_xv6_symbols.h), written by
 * hand for the fake kernel: it knows two buffer sleeplocks inside a struct buf (named "blk", not
 * xv6's "buffer"), and one bucket lock, so the kit's lookups by where a lock lives are tested. */
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "heisen_xv6_symbols.h"
#include "fake_kernel.h"

struct fake_buf {
  struct sleeplock lock;
  int blockno;
};
// One variable, so the table's entries are in address order as the generated table's are.
static struct {
  struct fake_buf bufs[2];
  struct spinlock bucket;
} cache;
char end[1];

static const char strings[] = "\0buf\0bcache.buf[0].lock\0bcache.buf[1].lock\0bcache.bucket[7]\0fake_kernel.c\0";
enum { S_NONE = 0, S_BUF = 1, S_BUF0 = 5, S_BUF1 = 24, S_BUCKET = 43, S_FILE = 60 };

static const struct heisen_xv6_lock_variable locks[] = {
  {(unsigned long)&cache.bufs[0].lock, sizeof(struct sleeplock), S_BUF0, S_BUF, 0},
  {(unsigned long)&cache.bufs[1].lock, sizeof(struct sleeplock), S_BUF1, S_BUF, 0},
  {(unsigned long)&cache.bucket, sizeof(struct spinlock), S_BUCKET, S_NONE, 0},
};

const struct heisen_xv6_symbols heisen_xv6_symbols = {
  HEISEN_XV6_SYMBOLS_MAGIC, 0, 0, 3, 0, 0,
  (unsigned long)&heisen_xv6_symbols, (unsigned long)end, 0,
  0, 0, locks, 0, strings,
};

struct sleeplock *
fake_buf_lock(int i)
{
  return &cache.bufs[i].lock;
}

struct spinlock *
fake_bucket_lock(void)
{
  return &cache.bucket;
}
