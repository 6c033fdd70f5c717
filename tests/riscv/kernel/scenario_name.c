// scenario_name.c — compiled once per testbed ELF with -DTESTBED_SCENARIO="name".
#include "scenario.h"

const char testbed_scenario_name[] = TESTBED_SCENARIO;
