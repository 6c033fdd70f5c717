// Sleeplocks. The mini kernel has no scheduler: a busy one is waited for by spinning.
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "defs.h"

void
initsleeplock(struct sleeplock *lk, char *name)
{
  initlock(&lk->lk, "sleep lock");
  lk->name = name;
  lk->locked = 0;
  lk->pid = 0;
}

void
acquiresleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  while(lk->locked){
    release(&lk->lk);
    acquire(&lk->lk);
  }
  lk->locked = 1;
  release(&lk->lk);
}

void
releasesleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  lk->locked = 0;
  release(&lk->lk);
}
