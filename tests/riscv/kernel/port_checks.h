// port_checks.h — the "port" scenario's per-hart entry (port_checks.c).
#pragma once

#include "kernel.h"

void port_checks_run(uint32_t hart);
