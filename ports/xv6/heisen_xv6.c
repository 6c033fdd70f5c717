// heisen_xv6.c — xv6's lock protocol told to heisen's validator.
//
// Spinlocks belong to the CPU (xv6's holding()), sleeplocks to the process (task id = its
// struct proc). Locks are classed by name: xv6 gives every buffer, inode and proc lock one
// name, and a class per name is what a student reasons about ("bcache", "proc").
//
// Built by heisen.mk with the kit's own flags (freestanding, the tree's -D, -I and debug
// flags), not the tree's CFLAGS.

#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "proc.h"
#include "defs.h"
#include "heisen/heisen.h"
#include "ports/riscv/heisen_riscv.h"
#include "heisen_xv6_symbols.h"

_Static_assert(sizeof(struct heisen_lock_map) <= sizeof(((struct heisen_xv6_lock *)0)->map),
               "heisen_xv6.h: struct heisen_xv6_lock must hold a heisen_lock_map");
_Static_assert(_Alignof(struct heisen_lock_map) <= _Alignof(void *),
               "heisen_xv6.h: struct heisen_xv6_lock must align a heisen_lock_map");

#define MAP(lk) ((struct heisen_lock_map *)(lk)->heisen.map.bytes)

// Locks whose nesting with others of their name is part of xv6's design, each taken in a
// documented order: a process's lock (parent before child in 2020's wait()), an inode's
// sleeplock (a directory before the inode it creates), a buffer's sleeplock (a log block before
// its home block). They are recognised by where they live — a member of struct proc, inode or
// buf, as the kernel's symbol table says — so a tree that renamed them is still understood;
// without the table, by xv6's names for them. xv6 has no lockdep-style nesting annotations, so
// the kit gives each simultaneously held lock of these its own subclass (0, 1, ...): the nesting
// is accepted, and taking the same pair the other way round still forms a cycle.
static const char *const kNestedByDesign[] = {"proc", "buffer", "inode"};
static const char *const kDesignedContainers[] = {"proc", "buf", "inode"};
#define NEST_SLOTS 4

struct nest_slots {
  const void *lock[NEST_SLOTS];
};
static struct nest_slots proc_nesting[NPROC]; // sleeplocks: per process
extern struct proc proc[NPROC];

// The sleeplock a context is acquiring or releasing: sleep() and wakeup() on its address are
// the sleeplock's own wait and hand-off, which the lock rules validate already (see "Channels").
struct sleeplock_marks {
  const void *acquiring;
  const void *releasing;
  struct heisen_lock_map *waiting;     // the event of the sleep() in progress
};
static struct sleeplock_marks proc_marks[NPROC];

// What the kit keeps per hart, in one place so each hook finds it with one address, and a
// cache line of its own. Only the hart itself touches its entry, always with interrupts off.
struct __attribute__((aligned(64))) hart_state {
  struct sleeplock_marks marks;        // while no process runs (boot code)
  struct nest_slots nesting;           // spinlocks nested by design held on this hart
  struct spinlock *inner_cannot_block; // see heisen_xv6_acquiresleep_cannot_block()
  char acquiresleep_cannot_block;      // likewise
  char masked_for_engine;              // see engine_enter()
};
static struct hart_state harts[NCPU];

// The hart id, which xv6 keeps in tp (start.c; usertrap() restores it). Every caller here
// runs with interrupts off (spinlock hooks inside push_off(), the others inside
// engine_enter()), so the hart cannot change under the read: cpuid()'s and mycpu()'s own
// calls are not needed on every lock operation.
static inline struct hart_state *
this_hart(void)
{
  return &harts[r_tp()];
}

static int
same_text(const char *a, const char *b)
{
  return a && b && strncmp(a, b, 16) == 0;
}

// Every other lock nests with others of its name only as the validator judges by instance
// order (HEISEN_LOCK_ORDER_INSTANCES): bucket locks sharing a name are silent while nested in
// one address order or under one eviction lock.
static int
nested_by_design(const void *lk, const char *name)
{
  const char *container = heisen_xv6_lock_container(lk);
  const char *const *list = container ? kDesignedContainers : kNestedByDesign;
  for(int i = 0; i < sizeof(kNestedByDesign) / sizeof(kNestedByDesign[0]); i++)
    if(same_text(container ? container : name, list[i]))
      return 1;
  return 0;
}

// Takes the lowest free slot for `lk`; its index is the subclass.
static unsigned
take_slot(struct nest_slots *s, const void *lk)
{
  for(const void **slot = s->lock; slot < s->lock + NEST_SLOTS; slot++){
    if(*slot == 0){
      *slot = lk;
      return slot - s->lock;
    }
  }
  return NEST_SLOTS - 1;
}

// A held lock sits in one slot at most (none when all were taken), so the search stops at it:
// wakeup() releases a p->lock from slot 0 on every iteration.
static void
free_slot(struct nest_slots *s, const void *lk)
{
  for(const void **slot = s->lock; slot < s->lock + NEST_SLOTS; slot++){
    if(*slot == lk){
      *slot = 0;
      return;
    }
  }
}

// The process running on this hart (myproc() without its push_off()/pop_off(); tp: see
// this_hart()).
static inline struct proc *
this_proc(void)
{
  return cpus[r_tp()].proc;
}

// Sleeplocks nest per process; taken with no process running (boot code on a hart), they
// belong to the hart, as the validator then owns them by the CPU.
static struct nest_slots *
current_sleeplock_slots(void)
{
  struct proc *p = this_proc();
  return p ? &proc_nesting[p - proc] : &this_hart()->nesting;
}

// Sleeplocks are held by the process: its struct proc is the task id.
uintptr_t
heisen_riscv_task_id(void)
{
  return (uintptr_t)this_proc();
}

// Kernel stacks are one page each: processes' mapped high (KSTACK), the boot stacks in the
// kernel image. The walk stays in fp's page. The outermost kernel frame saved the user's s0,
// which the kernel page table does not map: it is outside both ranges, and ends the walk.
int
heisen_riscv_stack_bounds(uintptr_t fp, uintptr_t *low, uintptr_t *high)
{
  int in_image = fp > KERNBASE && fp <= PHYSTOP;
  int in_kstacks = fp > TRAMPOLINE - (NPROC + 1) * 2 * PGSIZE && fp <= TRAMPOLINE;
  if((!in_image && !in_kstacks) || (fp & 7) != 0)
    return 0;
  *low = PGROUNDDOWN(fp - 1);
  // A process stack's outermost frame (usertrap's) holds the user's ra and s0: not shown.
  *high = *low + PGSIZE - (in_kstacks ? 16 : 0);
  return 1;
}

// The engine keeps per-hart state and reads the hart id once per call: a timer interrupt in
// the middle of a call would yield() and could resume the process on another hart. Spinlock
// hooks run with interrupts off already; the others (acquiresleep, releasesleep, exit) mask
// them for the call, as Linux lockdep does inside lock_acquire(). The rules must still judge
// the caller's interrupt state, not the mask: it is kept per hart while masked.
enum { NOT_MASKED, MASKED_CALLER_OFF, MASKED_CALLER_ON };

static int
engine_enter(void)
{
  int on = intr_get();
  intr_off();
  this_hart()->masked_for_engine = on ? MASKED_CALLER_ON : MASKED_CALLER_OFF;
  return on;
}

static void
engine_exit(int on)
{
  this_hart()->masked_for_engine = NOT_MASKED;
  if(on)
    intr_on();
}

int
heisen_riscv_irqs_enabled(void)
{
  char masked = this_hart()->masked_for_engine;
  return masked == NOT_MASKED ? intr_get() : masked == MASKED_CALLER_ON;
}

// Lock names are kept as pointers. A name built in a caller's stack buffer
// (snprintf(name, ...) in binit()'s loop) dies with that frame, and one buffer reused in a
// loop would give every lock the last text, so heisen would class the locks by garbage. Such a
// name (it lies within a page above this frame: kernel stacks are one page) is copied into a
// fixed pool when the lock is initialised; when the pool is full the name is used as given.
#define NAME_POOL 128
#define NAME_LEN 16
static char name_pool[NAME_POOL][NAME_LEN];
static int name_pool_used;

static const char *
lasting_name(const char *name)
{
  uintptr_t fp = (uintptr_t)__builtin_frame_address(0);
  if(name == 0 || (uintptr_t)name < fp || (uintptr_t)name >= fp + PGSIZE)
    return name;
  int slot = __atomic_fetch_add(&name_pool_used, 1, __ATOMIC_RELAXED);
  if(slot >= NAME_POOL)
    return name;
  int i;
  for(i = 0; i < NAME_LEN - 1 && name[i]; i++)
    name_pool[slot][i] = name[i];
  name_pool[slot][i] = 0;
  return name_pool[slot];
}

void
heisen_xv6_initlock(struct spinlock *lk)
{
  const char *name = lasting_name(lk->name);
  memset(&lk->heisen, 0, sizeof(lk->heisen));
  lk->heisen.nested_by_design = nested_by_design(lk, name);
  heisen_lock_init(MAP(lk), name, HEISEN_LOCK_SPIN | HEISEN_LOCK_OWNER_CPU | HEISEN_LOCK_ORDER_INSTANCES,
                   HEISEN_CLASS_BY_NAME, 0);
}

// iput() takes an inode's sleeplock while holding itable.lock; xv6 guarantees it cannot block
// (ref == 1: no other process references the inode, so none holds its sleeplock or is inside
// acquiresleep()/releasesleep() on it). That holds for the sleeplock and for its inner
// "sleep lock" spinlock alike, so both are validated as successful trylocks: no order edge.
// Without that, the inner spinlock's edge itable -> "sleep lock" would join the kernel's real
// orders "sleep lock" -> proc (wakeup() in releasesleep()) and proc -> itable (fork()'s idup()
// under the new process's lock) into a cycle no run can deadlock on. Set by the line the kit
// adds in iput(), consumed by the next acquisitions on this CPU (interrupts are off there:
// itable.lock is held).
void
heisen_xv6_acquiresleep_cannot_block(void)
{
  this_hart()->acquiresleep_cannot_block = 1;
}

// Runs right after acquire()'s push_off() (the kit inserts it on the line after that
// statement, and refuses a tree where push_off() is not a statement of its own): interrupts
// are off, so the engine is told so instead of asking heisen_riscv_irqs_enabled().
void
heisen_xv6_acquire(struct spinlock *lk, void *ra)
{
  unsigned subclass = 0;
  unsigned flags = HEISEN_ACQ_IRQS_OFF;
  struct hart_state *hart = this_hart();
  if(hart->inner_cannot_block == lk){
    hart->inner_cannot_block = 0;
    flags |= HEISEN_ACQ_TRY;
  }
  if(lk->heisen.nested_by_design)
    subclass = take_slot(&hart->nesting, lk);
  heisen_acquire(MAP(lk), flags, subclass, ra);
}

// Runs after release()'s unlock, before its pop_off(): interrupts are still off, and the
// engine's bookkeeping stays out of the lock's critical section. Another CPU may hold the lock
// already; that changes nothing here, since a spinlock's entry lives on this CPU's stack.
// The kit's line before release()'s holding() check also calls it, for a lock this CPU does
// not hold: the engine reports that release before xv6 panics.
void
heisen_xv6_release(struct spinlock *lk, void *ra)
{
  if(lk->heisen.nested_by_design)
    free_slot(&this_hart()->nesting, lk);
  heisen_release(MAP(lk), ra);
}

void
heisen_xv6_initsleeplock(struct sleeplock *lk)
{
  const char *name = lasting_name(lk->name);
  memset(&lk->heisen, 0, sizeof(lk->heisen));
  lk->heisen.nested_by_design = nested_by_design(lk, name);
  heisen_lock_init(MAP(lk), name, HEISEN_LOCK_SLEEP | HEISEN_LOCK_ORDER_INSTANCES, HEISEN_CLASS_BY_NAME, 0);
}

static struct sleeplock_marks *
current_marks(void)
{
  struct proc *p = this_proc();
  return p ? &proc_marks[p - proc] : &this_hart()->marks;
}

// Called on entry, before the sleeplock's own spinlock: a caller holding a spinlock is
// reported here, at its first call, whether or not the lock is contended.
void
heisen_xv6_acquiresleep(struct sleeplock *lk, void *ra)
{
  unsigned subclass = 0;
  unsigned flags = 0;
  int on = engine_enter();
  struct nest_slots *slots = current_sleeplock_slots();
  current_marks()->acquiring = lk;
  struct hart_state *hart = this_hart();
  if(!on && hart->acquiresleep_cannot_block){
    hart->acquiresleep_cannot_block = 0;
    hart->inner_cannot_block = &lk->lk;
    flags = HEISEN_ACQ_TRY; // succeeds at once: neither a sleep nor an order edge
  } else {
    heisen_might_sleep(ra);
  }
  if(lk->heisen.nested_by_design)
    subclass = take_slot(slots, lk);
  heisen_acquire(MAP(lk), flags, subclass, ra);
  engine_exit(on);
}

void
heisen_xv6_releasesleep(struct sleeplock *lk, void *ra)
{
  int on = engine_enter();
  struct nest_slots *slots = current_sleeplock_slots();
  current_marks()->releasing = lk;
  if(lk->heisen.nested_by_design)
    free_slot(slots, lk);
  heisen_release(MAP(lk), ra);
  engine_exit(on);
}

// A scheduling point that may hold exactly `lk`.
static void
sched_holding_only(struct spinlock *lk, void *ra)
{
  struct heisen_lock_map *allowed[1] = {MAP(lk)};
  heisen_sched_enter(allowed, 1, ra);
}

// ---- Channels: sleep(chan, lk) and wakeup(chan) as waits and events ----
//
// A channel is any address; what a deadlock needs to know is which code sleeps on it. Each
// sleep() call site is one event class, named "sleep@" and its function ("sleep@begin_op"), and
// each channel remembers the sites that slept on it, so wakeup(chan) triggers their events: a
// process sleeping on a channel while holding a lock that the channel's wakeup path takes is
// reported at the first run that shows both halves (docs/validator.md, "Waits and events").
// The sleep inside acquiresleep() is a sleeplock's own wait, and releasesleep()'s wakeup its
// hand-off: the lock rules validate those already, so they are no events.
//
// Both tables are fixed and lock-free. A site is claimed by a compare-and-swap on its address
// and used once `ready`; a channel slot is a sequence lock (odd while written), so wakeup()
// never reads a half-written slot. When the channel table is full the oldest slots are reused:
// a wakeup on a forgotten channel is then not seen (a miss, never a false report).
#define WAIT_SITES 48
#define CHANNELS 128
#define SITE_NAME 40

struct wait_site {
  uintptr_t ra;        // the sleep() call's return address; 0: free
  int ready;           // map initialised
  struct heisen_lock_map map;
  char name[SITE_NAME];
};
static struct wait_site wait_sites[WAIT_SITES];

struct channel {
  unsigned seq;        // odd while being written
  const void *chan;
  unsigned site;       // wait_sites index + 1
};
static struct channel channels[CHANNELS];
static unsigned channel_victim; // next slot reused when the table is full

static void
put_text(char *out, int *used, const char *text)
{
  while(*text && *used < SITE_NAME - 1)
    out[(*used)++] = *text++;
  out[*used] = 0;
}

// "sleep@begin_op", or "sleep@0x80004a1c" when the symbol table does not know the call.
static void
name_site(struct wait_site *site, uintptr_t ra)
{
  int used = 0;
  put_text(site->name, &used, "sleep@");
  const char *function = heisen_xv6_function_name(ra);
  if(function){
    put_text(site->name, &used, function);
    return;
  }
  char hex[19] = "0x";
  int n = 2;
  for(int shift = 60; shift >= 0; shift -= 4){
    int digit = (ra >> shift) & 0xf;
    if(digit || n > 2 || shift == 0)
      hex[n++] = "0123456789abcdef"[digit];
  }
  hex[n] = 0;
  put_text(site->name, &used, hex);
}

// The site of the sleep() call returning to `ra`, claimed on its first sleep; 0 when the table
// is full or another hart is still setting it up (that sleep is not validated).
static struct wait_site *
site_for(uintptr_t ra)
{
  for(struct wait_site *site = wait_sites; site < wait_sites + WAIT_SITES; site++){
    uintptr_t owner = __atomic_load_n(&site->ra, __ATOMIC_ACQUIRE);
    if(owner == 0){
      if(!__atomic_compare_exchange_n(&site->ra, &owner, ra, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) && owner != ra)
        continue;
      if(owner == 0){
        name_site(site, ra);
        heisen_event_init(&site->map, site->name, HEISEN_CLASS_BY_SITE, (const void *)ra);
        __atomic_store_n(&site->ready, 1, __ATOMIC_RELEASE);
        return site;
      }
    }
    if(owner == ra)
      return __atomic_load_n(&site->ready, __ATOMIC_ACQUIRE) ? site : 0;
  }
  return 0;
}

// Reads slot `c` consistently: its channel and site (0 when free or being written).
static unsigned
read_channel(struct channel *c, const void **chan)
{
  unsigned seq = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE);
  if(seq & 1)
    return 0;
  *chan = __atomic_load_n(&c->chan, __ATOMIC_RELAXED);
  unsigned site = __atomic_load_n(&c->site, __ATOMIC_RELAXED);
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  return __atomic_load_n(&c->seq, __ATOMIC_RELAXED) == seq ? site : 0;
}

static void
remember_channel(const void *chan, unsigned site)
{
  struct channel *free = 0;
  for(struct channel *c = channels; c < channels + CHANNELS; c++){
    const void *known = 0;
    unsigned known_site = read_channel(c, &known);
    if(known_site == site && known == chan)
      return;
    if(!free && known_site == 0 && known == 0 && !(__atomic_load_n(&c->seq, __ATOMIC_RELAXED) & 1))
      free = c;
  }
  struct channel *c = free ? free : &channels[__atomic_fetch_add(&channel_victim, 1, __ATOMIC_RELAXED) % CHANNELS];
  unsigned seq = __atomic_load_n(&c->seq, __ATOMIC_RELAXED);
  if((seq & 1) || !__atomic_compare_exchange_n(&c->seq, &seq, seq + 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
    return; // another hart is writing it: this channel is not remembered (a miss)
  __atomic_store_n(&c->chan, chan, __ATOMIC_RELAXED);
  __atomic_store_n(&c->site, site, __ATOMIC_RELAXED);
  __atomic_store_n(&c->seq, seq + 2, __ATOMIC_RELEASE);
}

// Forgets what the kit keeps (sleep sites, channels, nesting slots, marks): for a harness that
// resets the validator between cases (the sites' event maps would otherwise keep classes of
// the old validator state, and a case that ended holding a lock its nesting slot).
void
heisen_xv6_forget_state(void)
{
  memset(wait_sites, 0, sizeof(wait_sites));
  memset(channels, 0, sizeof(channels));
  memset(proc_marks, 0, sizeof(proc_marks));
  memset(proc_nesting, 0, sizeof(proc_nesting));
  memset(harts, 0, sizeof(harts));
}

// sleep(chan, lk) may hold exactly the condition lock it is about to give up; then it waits for
// the channel's event, having given lk up. Runs with lk held: interrupts are off.
void
heisen_xv6_sleep(void *chan, struct spinlock *lk, void *ra)
{
  sched_holding_only(lk, ra);
  struct sleeplock_marks *marks = current_marks();
  marks->waiting = 0;
  if(chan == marks->acquiring)
    return;
  struct wait_site *site = site_for((uintptr_t)ra);
  if(!site)
    return;
  remember_channel(chan, site - wait_sites + 1);
  struct heisen_lock_map *released[1] = {MAP(lk)};
  marks->waiting = &site->map;
  heisen_wait_begin_releasing(&site->map, released, 1, 0, ra);
}

// The end of sleep(): the process runs again; what it does next is on the way to its next event.
void
heisen_xv6_sleep_done(void *ra)
{
  int on = engine_enter();
  struct sleeplock_marks *marks = current_marks();
  if(marks->waiting)
    heisen_wait_end(marks->waiting, ra);
  marks->waiting = 0;
  engine_exit(on);
}

void
heisen_xv6_wakeup(void *chan, void *ra)
{
  int on = engine_enter();
  struct sleeplock_marks *marks = current_marks();
  if(chan == marks->releasing){
    marks->releasing = 0;
  } else {
    for(struct channel *c = channels; c < channels + CHANNELS; c++){
      const void *known = 0;
      unsigned site = read_channel(c, &known);
      if(site && known == chan && site <= WAIT_SITES)
        heisen_event(&wait_sites[site - 1].map, ra);
    }
  }
  engine_exit(on);
}

// sched() may hold exactly p->lock; anything else is what "panic: sched locks" means.
void
heisen_xv6_sched(struct spinlock *proc_lock, void *ra)
{
  sched_holding_only(proc_lock, ra);
}

void
heisen_xv6_exit(void *ra)
{
  int on = engine_enter();
  heisen_task_exit(ra);
  engine_exit(on);
}

void
heisen_xv6_panic(void)
{
  heisen_riscv_panic_dump();
}

// trap.c calls this in place of devintr() (a macro the kit adds): the handler's locks are
// taken in interrupt context.
int devintr(void);

int
heisen_xv6_devintr(void)
{
  heisen_irq_enter();
  int which = devintr();
  heisen_irq_exit();
  return which;
}
