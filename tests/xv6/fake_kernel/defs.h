/* defs.h — fake xv6 kernel: heisen_xv6.c uses only the string functions xv6 declares here. */
#ifndef FAKE_XV6_DEFS_H
#define FAKE_XV6_DEFS_H
#include <string.h>
#endif
