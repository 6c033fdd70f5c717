// scenario.h — the testbed's scenarios. Each ELF is linked with one scenario_<name>.o that
// defines testbed_scenario_name; scenario.c finds the scenario by that name.
#pragma once

#include <stdint.h>

extern const char testbed_scenario_name[];

// Boot hart, before the others start: initialises locks and creates tasks.
void scenario_setup(void);
// Every hart, after setup; hart 0 powers off once all harts have returned.
void scenario_run(uint32_t hart);
// Counts a hart that will never return from scenario_run (stopped on purpose) as finished.
void count_stopped_hart(void);
