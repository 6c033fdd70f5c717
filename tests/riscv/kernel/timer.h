// timer.h — CLINT timer interrupts; the handler takes `tickslock`.
#pragma once

#include "spinlock.h"

extern struct spinlock tickslock;
extern uint64_t ticks;  // protected by tickslock

void timer_init(void);
// Arms this hart's timer (interrupts are delivered once the caller enables them).
void timer_start(void);
void timer_stop(void);
