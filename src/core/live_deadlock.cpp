// live_deadlock.cpp — the "deadlock detected" report (live_deadlock.h).
#include "core/live_deadlock.h"

#include "core/chain_cache.h"
#include "core/engine.h"
#include "core/report_builder.h"
#include "core/validator_internal.h"

namespace heisen::core {
namespace {

// The newest entry for `map` on a stack of `depth` entries below `below` (exclusive), or -1.
int find_below(const HeldLockStack &stack, uint32_t depth, uint32_t below, const heisen_lock_map *map) {
    for (uint32_t i = below < depth ? below : depth; i-- > 0;)
        if (stack.locks[i].map == map && !stack.locks[i].orphaned) return static_cast<int>(i);
    return -1;
}

uint32_t clamped_depth(const HeldLockStack &stack) {
    const uint32_t depth = load_acquire(stack.depth);
    return depth < HEISEN_MAX_HELD ? depth : HEISEN_MAX_HELD;
}

// The entry of `wait.cpu` that is its wait for `wait.lock`: its newest for that lock.
int wait_entry(const LiveWait &wait) {
    const HeldLockStack &stack = cpu_state(wait.cpu).held;
    const uint32_t depth = clamped_depth(stack);
    return wait.lock ? find_below(stack, depth, depth, wait.lock) : -1;
}

void describe_event(heisen_report_lock &out, const LiveWait &wait) {
    out.name = wait.event->name ? wait.event->name : "(unnamed event)";
    out.kind = wait.event->kind | HEISEN_EVENT;
    out.instance = reinterpret_cast<uintptr_t>(wait.event);
    out.stack.pcs[0] = wait.event_ip;
    out.stack.depth = wait.event_ip ? 1 : 0;
}

}  // namespace

bool report_live_deadlock(const LiveWait *waits, uint32_t count) {
    if (load_relaxed(g_settings.disabled) || count == 0) return false;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return false;
    EngineGuard guard(c.cpu);
    if (guard.nested()) return false;
    heisen_report &r = begin_report(HEISEN_REPORT_DEADLOCK, c, 2);
    uint64_t signature = 0;
    const uint32_t listed = count < HEISEN_REPORT_MAX_CHAIN ? count : HEISEN_REPORT_MAX_CHAIN;
    for (uint32_t i = 0; i < listed; ++i) {
        const LiveWait &wait = waits[i], &next = waits[(i + 1) % count];
        heisen_report_edge &edge = r.chain[i];
        r.chain_cpu[i] = wait.cpu;
        const int waiting = wait_entry(wait);
        if (wait.lock && waiting >= 0) {
            describe_held(edge.from, cpu_state(wait.cpu).held.locks[waiting]);
            // The holder's entry: below its own wait when the holder is the waiter itself.
            const HeldLockStack &holder = cpu_state(next.cpu).held;
            const uint32_t depth = clamped_depth(holder);
            const int own_wait = wait_entry(next);
            const int held = find_below(holder, depth, own_wait >= 0 ? static_cast<uint32_t>(own_wait) : depth,
                                        wait.lock);
            if (held >= 0) describe_held(edge.to, holder.locks[held]);
        } else if (wait.event) {
            describe_event(edge.from, wait);
        }
        signature = chain_mix(signature, edge.from.class_index + 1);
    }
    r.chain_length = listed;
    r.chain_truncated = count - listed;
    r.subject = r.chain[0].from;
    // Every lock each context holds, its wait left out.
    for (uint32_t i = 0; i < listed; ++i) {
        const HeldLockStack &stack = cpu_state(waits[i].cpu).held;
        const uint32_t depth = clamped_depth(stack);
        const int waiting = wait_entry(waits[i]);
        for (uint32_t k = 0; k < depth; ++k) {
            if (static_cast<int>(k) == waiting || stack.locks[k].orphaned) continue;
            if (r.held_count < HEISEN_REPORT_MAX_HELD) {
                r.held_cpu[r.held_count] = waits[i].cpu;
                describe_held(r.held[r.held_count++], stack.locks[k]);
            } else {
                ++r.held_truncated;
            }
        }
    }
    return deliver_report(r, signature);
}

}  // namespace heisen::core
