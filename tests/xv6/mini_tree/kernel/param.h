#define NCPU 8
#define NPROC 4
#define NBUCKET 13
#define NBUF (NBUCKET * 2)
