// selfcheck.cpp — the fast paths' verdicts checked against the full paths' (selfcheck.h).
//
// Each check runs the full path where the fast path would have done its work, then compares.
// The full path's verdict on an acquisition is "nothing new" when it counted no ruling on this
// CPU (CpuState::rulings: a usage bit to set, a sequence to validate, an instance nesting, an
// overflow, a report). Something else taking a lock on this CPU meanwhile (an interrupt or a
// signal handler; the acquisition sequence moves) or the class being retired makes the full
// path judge another situation: that acquisition is not compared.
#include "core/selfcheck.h"

#include "core/fast_path.h"
#include "core/port.h"

namespace heisen::core {

void selfcheck_failed(const char *what) {
    static const char kPrefix[] = "heisen: self-check failed: ";
    heisen_port_write(kPrefix, sizeof kPrefix - 1);
    size_t length = 0;
    while (what[length]) ++length;
    heisen_port_write(what, length);
    heisen_port_write("\n", 1);
    heisen_port_abort();
}

void check_repeated_acquisition(heisen_lock_map *map, unsigned flags, uintptr_t ip, const RepeatedAcquisition &r) {
    CpuState &cpu = *r.cpu;
    const uint64_t sequence = cpu.sequence;
    const uint32_t rulings = cpu.rulings;
    acquire_full(map, flags, 0, ip);
    if (cpu.sequence != sequence + 1 || load_acquire(r.cls->generation) != r.generation) return;
    if (cpu.rulings != rulings)
        selfcheck_failed("the fast path took an acquisition on which the full path had a rule to apply");
    if (r.stack->depth != r.depth + 1)
        selfcheck_failed("the full path put an acquisition the fast path took on another held-lock stack");
    const HeldLock &top = r.stack->locks[r.depth];
    if (top.map != map || top.class_index != r.class_index || top.class_generation != r.generation ||
        top.chain_key != r.entry_key || top.mode != r.mode || top.subclass || top.try_acquired)
        selfcheck_failed("the full path pushed another held-lock entry than the fast path would have");
}

void check_newest_release(heisen_lock_map *map, uintptr_t ip, CpuState &cpu, uint32_t depth) {
    HeldLockStack &stack = cpu.held;
    const uint64_t sequence = cpu.sequence;
    const uint32_t rulings = cpu.rulings;
    const HeldLock below = depth > 1 ? stack.locks[depth - 2] : HeldLock{};
    release_full(map, ip);
    if (cpu.sequence != sequence) return;
    if (cpu.rulings != rulings) selfcheck_failed("the full path reported on a release the fast path took");
    if (stack.depth != depth - 1)
        selfcheck_failed("the full path did not remove exactly the newest held-lock entry on a release the fast path took");
    if (depth > 1 && (stack.locks[depth - 2].map != below.map || stack.locks[depth - 2].chain_key != below.chain_key))
        selfcheck_failed("the full path removed another held-lock entry than the newest on a release the fast path took");
}

}  // namespace heisen::core
