// xcall.h — cross-hart calls: an inter-processor interrupt (the CLINT's machine software
// interrupt) whose handler acknowledges, waited for by spinning, as kernels call a function
// on another CPU and wait for it. heisen sees the wait and the handler's acknowledgement as a
// wait and an event ("xcall.done"), so a call waited for with interrupts off while the target
// spins on a lock the caller holds is reported without having to hang. M-mode only.
#pragma once

#include <stdint.h>

void xcall_init(void);
// Lets this hart take cross-hart calls (its interrupts still need to be on).
void xcall_accept(void);
// Interrupts `hart` and spins until its handler has acknowledged.
void xcall(uint32_t hart);
// The trap handler's part: this hart was called.
void xcall_interrupt(void);
