/* types.h — the fake xv6 kernel the kit's hooks are tested in: xv6's type names. */
#ifndef FAKE_XV6_TYPES_H
#define FAKE_XV6_TYPES_H
typedef unsigned int uint;
typedef unsigned char uchar;
typedef unsigned long uint64;
#endif
