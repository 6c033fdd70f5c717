// disabled_size_check.cpp — with HEISEN_DISABLE the wrapper is the bare lock (compile-time check).
#define HEISEN_DISABLE
#include <mutex>

#include "heisen/heisen.hpp"

static_assert(sizeof(heisen::validated<std::mutex>) == sizeof(std::mutex), "validated<> must cost nothing when disabled");
static_assert(alignof(heisen::validated<std::mutex>) == alignof(std::mutex));

// The disabled wait and event calls compile to nothing, arguments and all.
int heisen_disabled_size_check() {
    heisen::event done{"done"};
    done.wait_begin();
    done.wait_end();
    done.trigger();
    heisen_event_init(nullptr, "e", HEISEN_CLASS_BY_NAME, nullptr);
    heisen_wait_begin(nullptr, HEISEN_WAIT_SPIN, nullptr);
    heisen_wait_begin_releasing(nullptr, nullptr, 0, 0, nullptr);
    heisen_wait_end(nullptr, nullptr);
    heisen_event(nullptr, nullptr);
    return 0;
}
