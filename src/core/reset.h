// reset.h — returns the engine to its initial state, for test harnesses that run many
// independent scenarios in one process. Must not run concurrently with any other heisen call.
#pragma once

#ifdef __cplusplus
extern "C" {
#endif

void heisen_reset_for_testing(void);

#ifdef __cplusplus
}
#endif
