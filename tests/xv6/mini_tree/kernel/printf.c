// Console output by polling the UART, and panic().
#include <stdarg.h>
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "defs.h"

volatile int panicked = 0;
static struct spinlock pr;
static int pr_ready;

static void
putc(int c)
{
  volatile uchar *uart = (volatile uchar *)UART0;
  while((uart[5] & 0x20) == 0)
    ;
  uart[0] = c;
}

static void
puts(const char *s)
{
  while(*s)
    putc(*s++);
}

// %s and %d only: all the mini kernel prints.
void
printf(char *fmt, ...)
{
  va_list ap;
  if(!pr_ready){
    initlock(&pr, "pr");
    pr_ready = 1;
  }
  acquire(&pr);
  va_start(ap, fmt);
  for(char *p = fmt; *p; p++){
    if(*p != '%'){
      putc(*p);
      continue;
    }
    p++;
    if(*p == 's'){
      puts(va_arg(ap, char *));
    } else if(*p == 'd'){
      char digits[16];
      int n = va_arg(ap, int), i = 0;
      do { digits[i++] = '0' + n % 10; n /= 10; } while(n && i < 15);
      while(i > 0)
        putc(digits[--i]);
    }
  }
  va_end(ap);
  release(&pr);
}

void
poweroff(void)
{
  *(volatile uint *)POWEROFF = 0x5555;
  for(;;)
    ;
}

void
panic(char *s)
{
  puts("panic: ");
  puts(s);
  puts("\n");
  panicked = 1;
  poweroff();
}
