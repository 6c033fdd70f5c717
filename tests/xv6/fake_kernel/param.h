/* param.h — fake xv6 kernel: table sizes heisen_xv6.c sizes its per-CPU and per-process state by. */
#define NCPU 8
#define NPROC 64
