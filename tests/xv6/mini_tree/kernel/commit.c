// A log-style commit hand-off (COMMIT=holding or COMMIT=released; default: not run). A writer
// waits until the log is committed; the committer first writes the writer's block home (taking
// the buffer's sleeplock), then wakes the writer up. A writer that still holds its buffer while
// it sleeps deadlocks with the committer on a real kernel; heisen reports that the first time
// both halves run — here one after the other on hart 0, since the mini kernel's sleep() returns
// at once. A writer that releases the buffer first is correct.
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "defs.h"
#include "bio.h"

static struct {
  struct spinlock lock;
  int committed;
} commit;

#if defined(COMMIT_holding) || defined(COMMIT_released)
__attribute__((noinline)) static void
write_and_wait(struct sleeplock *blk)
{
  acquiresleep(blk);
#ifdef COMMIT_released
  releasesleep(blk); // brelse() before waiting for the commit
#endif
  acquire(&commit.lock);
  if(!commit.committed)
    sleep(&commit.committed, &commit.lock);
  release(&commit.lock);
#ifdef COMMIT_holding
  releasesleep(blk);
#endif
}

__attribute__((noinline)) static void
commit_and_wake(struct sleeplock *blk)
{
  acquiresleep(blk); // install the block at home
  releasesleep(blk);
  acquire(&commit.lock);
  commit.committed = 1;
  wakeup(&commit.committed);
  release(&commit.lock);
}
#endif

void
run_commit(void)
{
  initlock(&commit.lock, "commit");
#if defined(COMMIT_holding) || defined(COMMIT_released)
  for(int round = 0; round < 2; round++){
    commit.committed = 0;
    write_and_wait(&bcache.buf[0][1].lock);
    commit_and_wake(&bcache.buf[0][1].lock);
  }
#endif
}
