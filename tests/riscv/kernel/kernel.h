// kernel.h — the testbed kernel's shared declarations: harts, console, panic, power-off.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "riscv.h"

struct task;

// Callee-saved registers of a suspended task or scheduler (swtch in entry.S).
struct context {
    uint64_t ra, sp;
    uint64_t s[12];
};

struct cpu {
    struct task *task;                 // running task, or 0 in the scheduler loop
    struct context scheduler_context;  // swtch() here to enter this hart's scheduler
    int noff;                          // push_off() nesting depth
    int intena;                        // were interrupts on before the first push_off()?
};

extern struct cpu cpus[NCPU];

#define HART_STACK_SIZE 32768  // must match entry.S
extern char hart_stacks[NCPU * HART_STACK_SIZE];
// The task stack containing `fp`, if any (task.c).
int task_stack_bounds(uintptr_t fp, uintptr_t *low, uintptr_t *high);

struct cpu *mycpu(void);
struct task *mytask(void);

// Interrupts off with a nesting count: pop_off() restores them after the last matching call.
void push_off(void);
void pop_off(void);

// Console: polled UART, no lock (lines from different harts may interleave).
void print(const char *text);
void print_line2(const char *first, const char *second);

_Noreturn void panic(const char *message);
_Noreturn void power_off(int passed);
// Stops this hart for good with interrupts off.
_Noreturn void park_hart(void);

void swtch(struct context *from, struct context *to);

// The freestanding C the compiler may call for struct copies and zeroing.
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
