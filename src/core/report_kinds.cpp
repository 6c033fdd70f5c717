// report_kinds.cpp — stable ids and headers of the report kinds. Headers keep lockdep's
// wording where lockdep has the report, so people and tools recognise them.
#include "core/report.h"

namespace {

struct KindText {
    const char *id;
    const char *header;
};

constexpr KindText kKinds[HEISEN_REPORT_KIND_COUNT] = {
    {"unknown", "WARNING: heisen report"},
    {"circular-dependency", "WARNING: possible circular locking dependency detected"},
    {"recursive-locking", "WARNING: possible recursive locking detected"},
    {"self-deadlock", "WARNING: possible recursive locking detected"},
    {"sleep-in-atomic", "BUG: sleeping function called from invalid context"},
    {"inconsistent-lock-state", "WARNING: inconsistent lock state"},
    {"irq-lock-inversion", "WARNING: possible irq lock inversion dependency detected"},
    {"sleeping-lock-in-irq", "BUG: sleeping lock acquired in interrupt context"},
    {"bad-unlock-balance", "WARNING: bad unlock balance detected!"},
    {"non-owner-release", "WARNING: lock released by a context that does not own it!"},
    {"held-lock-freed", "BUG: held lock freed!"},
    {"exit-with-locks-held", "WARNING: task exiting with locks held!"},
    {"return-to-user-with-locks-held", "WARNING: lock held when returning to user space!"},
    {"irq-nesting-underflow", "WARNING: interrupt-disable nesting underflow!"},
    {"assert-held", "WARNING: lock assertion failed: lock not held!"},
    {"assert-not-held", "WARNING: lock assertion failed: lock held!"},
    {"destroyed-lock-used", "BUG: destroyed lock used!"},
    {"freed-lock-used", "BUG: lock used after its memory was freed!"},
    {"circular-wait", "WARNING: possible circular wait dependency detected"},
    {"deadlock", "BUG: deadlock detected"},
};

}  // namespace

extern "C" const char *heisen_report_kind_id(uint32_t kind) {
    return kKinds[kind < HEISEN_REPORT_KIND_COUNT ? kind : 0].id;
}

extern "C" const char *heisen_report_kind_header(uint32_t kind) {
    return kKinds[kind < HEISEN_REPORT_KIND_COUNT ? kind : 0].header;
}
