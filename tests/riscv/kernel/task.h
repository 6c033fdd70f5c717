// task.h — kernel tasks and a per-hart round-robin scheduler with sleep/wakeup.
//
// Like a teaching kernel, a task's own lock is handed over at every switch: the task acquires
// t->lock, switches to the scheduler, and the scheduler releases it (and the other way round).
// Scheduling is cooperative: tasks give up the hart in yield(), sleep() and task exit.
#pragma once

#include "spinlock.h"

#define MAX_TASKS 8
#define TASK_STACK_SIZE 32768

enum task_state { TASK_UNUSED, TASK_RUNNABLE, TASK_RUNNING, TASK_SLEEPING, TASK_DONE };

struct task {
    struct spinlock lock;  // protects state and chan
    enum task_state state;
    const void *chan;      // what a sleeping task waits for
    struct context context;
    const char *name;
    void (*entry)(void *);
    void *argument;
    _Alignas(16) char stack[TASK_STACK_SIZE];
};

// Boot hart only, before the other harts start scheduling.
struct task *task_create(const char *name, void (*entry)(void *), void *argument);
// Runs tasks on this hart; returns once every task has finished.
void scheduler_run_until_done(void);
void yield(void);
// Atomically releases `lk` and sleeps until wakeup(chan); re-acquires `lk` before returning.
void sleep(const void *chan, struct spinlock *lk);
void wakeup(const void *chan);
