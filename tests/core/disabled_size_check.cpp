// disabled_size_check.cpp — with HEISEN_DISABLE the wrapper is the bare lock (compile-time check).
#define HEISEN_DISABLE
#include <mutex>

#include "heisen/heisen.hpp"

static_assert(sizeof(heisen::validated<std::mutex>) == sizeof(std::mutex), "validated<> must cost nothing when disabled");
static_assert(alignof(heisen::validated<std::mutex>) == alignof(std::mutex));

int heisen_disabled_size_check() { return 0; }
