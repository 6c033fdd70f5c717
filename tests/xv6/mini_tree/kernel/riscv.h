#define PGSIZE 4096
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE - 1))
#define MAXVA (1L << 38)
#define SSTATUS_SIE (1L << 1)
#define MSTATUS_MPP_MASK (3L << 11)
#define MSTATUS_MPP_S (1L << 11)

static inline uint64 r_mhartid(void) { uint64 x; asm volatile("csrr %0, mhartid" : "=r"(x)); return x; }
static inline uint64 r_mstatus(void) { uint64 x; asm volatile("csrr %0, mstatus" : "=r"(x)); return x; }
static inline void w_mstatus(uint64 x) { asm volatile("csrw mstatus, %0" : : "r"(x)); }
static inline void w_mepc(uint64 x) { asm volatile("csrw mepc, %0" : : "r"(x)); }
static inline uint64 r_sstatus(void) { uint64 x; asm volatile("csrr %0, sstatus" : "=r"(x)); return x; }
static inline void w_sstatus(uint64 x) { asm volatile("csrw sstatus, %0" : : "r"(x)); }
static inline uint64 r_tp(void) { uint64 x; asm volatile("mv %0, tp" : "=r"(x)); return x; }
static inline void w_tp(uint64 x) { asm volatile("mv tp, %0" : : "r"(x)); }
static inline void intr_on(void) { w_sstatus(r_sstatus() | SSTATUS_SIE); }
static inline void intr_off(void) { w_sstatus(r_sstatus() & ~SSTATUS_SIE); }
static inline int intr_get(void) { return (r_sstatus() & SSTATUS_SIE) != 0; }
