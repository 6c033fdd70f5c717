// bench.h — the "bench" scenario (bench.c).
#pragma once

#include <stdint.h>

void bench_setup(void);
void bench_run(uint32_t hart);
