/*
 * heisen_xv6_symbols.h — the symbol and line table the kit links into an xv6 kernel.
 *
 * Like Linux's kallsyms: heisen.mk links the kernel once without the table, `heisen port xv6
 * --symbol-table` writes the table for that image (functions, source lines, and every
 * spinlock and sleeplock inside a kernel variable, with its path such as "bcache.bucket[3]"),
 * and the kernel is linked again with it. Reports then name code and locks on the console.
 * The table is read-only data searched without locks; only reports read it.
 *
 * Shared by the kernel-side reader (heisen_xv6.c) and the writer in heisen (which checks its
 * layout against this header). Plain C with the compiler's own types: no C library header.
 */
#ifndef HEISEN_XV6_SYMBOLS_H
#define HEISEN_XV6_SYMBOLS_H

#define HEISEN_XV6_SYMBOLS_MAGIC 0x314d5953u /* "SYM1" */

struct heisen_xv6_function {
  unsigned long start;   /* address of its first instruction */
  unsigned int size;     /* bytes */
  unsigned int name;     /* offset in strings */
};

/* One row of the line table: from `offset` (bytes past text_base) up to the next row. */
struct heisen_xv6_line {
  unsigned int offset;
  unsigned short file;   /* index in files */
  unsigned short line;   /* source line (0: none) */
};

/* A spinlock or sleeplock inside a kernel variable. */
struct heisen_xv6_lock_variable {
  unsigned long address;
  unsigned int size;
  unsigned int path;      /* offset in strings: "bcache.bucket[3]" */
  unsigned int container; /* offset in strings: the struct type the lock is a member of
                             ("buf", "inode", "proc"; "" at the top level) */
  unsigned int reserved;
};

struct heisen_xv6_symbols {
  unsigned int magic;
  unsigned int function_count;
  unsigned int line_count;
  unsigned int lock_count;
  unsigned int file_count;
  unsigned int reserved;
  /* The image the table was written for: checked at boot against the running kernel, so a
   * table whose addresses do not match is never used (reports then print bare addresses). */
  unsigned long table_address;  /* where this struct was */
  unsigned long image_end;      /* the kernel's `end` symbol */
  unsigned long text_base;      /* lines' offsets start here */
  const struct heisen_xv6_function *functions; /* sorted by start */
  const struct heisen_xv6_line *lines;         /* sorted by offset */
  const struct heisen_xv6_lock_variable *locks;/* sorted by address */
  const unsigned int *files;                   /* offsets in strings */
  const char *strings;
};

/* Defined by the generated table (an empty one before the table exists). */
extern const struct heisen_xv6_symbols heisen_xv6_symbols;

/* The struct type the spinlock or sleeplock at `lock` is a member of ("buf", "proc"; "" for a
 * lock that is a variable of its own), or 0 when the table does not know the lock. */
const char *heisen_xv6_lock_container(const void *lock);

/* The function containing the call that returns to `pc` ("virtio_disk_rw"), or 0. */
const char *heisen_xv6_function_name(unsigned long pc);

#endif /* HEISEN_XV6_SYMBOLS_H */
