/* symbolize_fixture.c — stands in for a built kernel: linked at fixed addresses with DWARF, it
 * prints a report fragment with its own lock and code addresses, as the UART would show one. */
#include <stdio.h>

struct spinlock_like {
  int locked;
  const char *name;
};

struct spinlock_like bucket_lock = {0, "bucket"};

__attribute__((noinline)) static void *
return_address_of_call(void)
{
  return __builtin_return_address(0);
}

__attribute__((noinline)) static void *
take_bucket_lock(void)
{
  void *site = return_address_of_call(); /* the call site */
  __asm__ volatile("" ::: "memory");
  return site;
}

int
main(void)
{
  void *site = take_bucket_lock();
  printf("while holding 1 spinning lock:\n");
  printf("  \"bucket\" (spinning) at %p, acquired at:\n", (void *)&bucket_lock);
  printf("    #0 %p\n", site);
  printf(" #0: \"bucket\", at: %p\n", site);
  printf("    #1 0x0\n");
  return 0;
}
