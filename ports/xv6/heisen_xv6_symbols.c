// heisen_xv6_symbols.c — reads the symbol and line table (heisen_xv6_symbols.h) for reports:
// code addresses as "bget+0x44 (kernel/bio.c:87)", locks as the variable they lie in
// ("bcache.bucket[3]"). Read-only data, binary searches, no lock: safe in any report, on any
// hart, in interrupt context and in panic().
#include "heisen/heisen.h"
#include "ports/riscv/heisen_riscv.h"
#include "heisen_xv6_symbols.h"

extern char end[]; // kernel.ld: the first address after the kernel image

// The table, if it was written for this very image: its own address and the image's end as the
// writer saw them match the running kernel. Decided once (every hart decides the same).
static const struct heisen_xv6_symbols *
table(void)
{
  static int known; // 0: not checked yet, 1: matches, 2: does not
  const struct heisen_xv6_symbols *s = &heisen_xv6_symbols;
  int state = __atomic_load_n(&known, __ATOMIC_RELAXED);
  if(state == 0){
    state = (s->magic == HEISEN_XV6_SYMBOLS_MAGIC && s->table_address == (unsigned long)s &&
             s->image_end == (unsigned long)end) ? 1 : 2;
    __atomic_store_n(&known, state, __ATOMIC_RELAXED);
  }
  return state == 1 ? s : 0;
}

static unsigned long function_start(const void *table, unsigned int i)
{
  return ((const struct heisen_xv6_function *)table)[i].start;
}

static unsigned long line_offset(const void *table, unsigned int i)
{
  return ((const struct heisen_xv6_line *)table)[i].offset;
}

static unsigned long lock_address(const void *table, unsigned int i)
{
  return ((const struct heisen_xv6_lock_variable *)table)[i].address;
}

// How many of the `count` entries (sorted by key) have a key <= `key`: the entry just below
// that index is the one covering `key`, if any.
static unsigned int
entries_up_to(const void *table, unsigned int count, unsigned long (*key_of)(const void *, unsigned int),
              unsigned long key)
{
  unsigned int low = 0, high = count;
  while(low < high){
    unsigned int mid = low + (high - low) / 2;
    if(key_of(table, mid) <= key)
      low = mid + 1;
    else
      high = mid;
  }
  return low;
}

// The lock variable entry containing `address` (the innermost: a sleeplock's inner spinlock
// lies inside the sleeplock), or 0.
static const struct heisen_xv6_lock_variable *
lock_at(const struct heisen_xv6_symbols *s, unsigned long address)
{
  unsigned int low = entries_up_to(s->locks, s->lock_count, lock_address, address);
  for(unsigned int i = low, looked = 0; i > 0 && looked < 8; i--, looked++){
    const struct heisen_xv6_lock_variable *v = &s->locks[i - 1];
    if(address < v->address + v->size)
      return v;
  }
  return 0;
}

const char *
heisen_xv6_lock_container(const void *lock)
{
  const struct heisen_xv6_symbols *s = table();
  const struct heisen_xv6_lock_variable *v = s ? lock_at(s, (unsigned long)lock) : 0;
  return v && v->address == (unsigned long)lock ? s->strings + v->container : 0;
}

// The validator's lock maps lie inside the kit's member of struct spinlock / sleeplock.
const char *
heisen_port_lock_variable(uintptr_t instance)
{
  const struct heisen_xv6_symbols *s = table();
  const struct heisen_xv6_lock_variable *v = s ? lock_at(s, instance) : 0;
  return v ? s->strings + v->path : 0;
}

struct text {
  char *buf;
  size_t len, used; // used < len: room for the NUL
};

static void
put(struct text *t, const char *s)
{
  while(*s && t->used + 1 < t->len)
    t->buf[t->used++] = *s++;
  t->buf[t->used] = 0;
}

static void
put_number(struct text *t, unsigned long value, unsigned int base)
{
  char digits[24];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[value % base];
    value /= base;
  } while(value && n < (int)sizeof(digits));
  char out[sizeof(digits) + 1];
  for(int i = 0; i < n; i++)
    out[i] = digits[n - 1 - i];
  out[n] = 0;
  put(t, out);
}

const char *
heisen_xv6_function_name(unsigned long pc)
{
  const struct heisen_xv6_symbols *s = table();
  if(!s || pc == 0)
    return 0;
  const unsigned long at = pc - 1;
  unsigned int low = entries_up_to(s->functions, s->function_count, function_start, at);
  if(low > 0 && at < s->functions[low - 1].start + s->functions[low - 1].size)
    return s->strings + s->functions[low - 1].name;
  return 0;
}

// "bget+0x44 (kernel/bio.c:87)" for a return address (the call is the instruction before it);
// 0 when the table does not know it. The port prints it after the address.
size_t
heisen_riscv_describe_pc(uintptr_t pc, char *buf, size_t len)
{
  const struct heisen_xv6_symbols *s = table();
  if(!s || pc == 0 || len == 0)
    return 0;
  const unsigned long at = pc - 1;
  struct text t = {buf, len, 0};
  buf[0] = 0;
  unsigned int low = entries_up_to(s->functions, s->function_count, function_start, at);
  if(low > 0 && at < s->functions[low - 1].start + s->functions[low - 1].size){
    const struct heisen_xv6_function *f = &s->functions[low - 1];
    put(&t, s->strings + f->name);
    put(&t, "+0x");
    put_number(&t, pc - f->start, 16);
  }
  if(at >= s->text_base && at - s->text_base < 0xffffffffUL){
    const unsigned int offset = at - s->text_base;
    low = entries_up_to(s->lines, s->line_count, line_offset, offset);
    if(low > 0 && s->lines[low - 1].line && t.used){
      const struct heisen_xv6_line *l = &s->lines[low - 1];
      put(&t, " (");
      put(&t, s->strings + s->files[l->file]);
      put(&t, ":");
      put_number(&t, l->line, 10);
      put(&t, ")");
    }
  }
  return t.used;
}
