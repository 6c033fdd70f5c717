// An inode table whose iput() takes an inode's sleeplock under the table's lock, as xv6's does.
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "defs.h"

struct inode {
  struct sleeplock lock;
  int ref;
};

struct {
  struct spinlock lock;
  struct inode inode[4];
} itable;

void
iinit(void)
{
  initlock(&itable.lock, "itable");
  for(int i = 0; i < 4; i++)
    initsleeplock(&itable.inode[i].lock, "inode");
}

void
iput(struct inode *ip)
{
  acquire(&itable.lock);
  if(ip->ref == 1){
    acquiresleep(&ip->lock);
    release(&itable.lock);
    releasesleep(&ip->lock);
    acquire(&itable.lock);
  }
  ip->ref--;
  release(&itable.lock);
}
