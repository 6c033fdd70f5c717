#include "types.h"

void *
memset(void *dst, int c, uint n)
{
  char *d = dst;
  for(uint i = 0; i < n; i++)
    d[i] = c;
  return dst;
}

void *
memmove(void *dst, const void *src, uint n)
{
  const char *s = src;
  char *d = dst;
  if(s < d && s + n > d){
    while(n-- > 0)
      d[n] = s[n];
  } else {
    for(uint i = 0; i < n; i++)
      d[i] = s[i];
  }
  return dst;
}

void *
memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, n);
}

int
strncmp(const char *p, const char *q, uint n)
{
  while(n > 0 && *p && *p == *q)
    n--, p++, q++;
  if(n == 0)
    return 0;
  return (uchar)*p - (uchar)*q;
}
