// stack_store.cpp — append-only table of captured stacks.
#include "core/stack_store.h"

#include "core/atomics.h"
#include "core/config.h"
#include "core/engine.h"
#include "core/port.h"

namespace heisen::core {

namespace {

struct SavedStack {
    uint32_t depth;
    uintptr_t pcs[HEISEN_REPORT_STACK_DEPTH];
};

SavedStack g_stacks[HEISEN_MAX_STACKS];
uint32_t g_stacks_used;  // id of the last one handed out; ids start at 1

}  // namespace

void reset_stack_store() { g_stacks_used = 0; }

uint32_t save_current_stack(uint32_t skip) {
    uint32_t id = fetch_add_relaxed(g_stacks_used, 1u) + 1;
    if (id >= HEISEN_MAX_STACKS) {
        store_relaxed(g_stacks_used, uint32_t(HEISEN_MAX_STACKS));
        limit_reached(Limit::kStacks);
        return 0;
    }
    SavedStack &s = g_stacks[id];
    size_t n = heisen_port_stack(s.pcs, HEISEN_REPORT_STACK_DEPTH, skip + 1);
    store_release(s.depth, static_cast<uint32_t>(n));
    return id;
}

void load_stack(uint32_t id, uintptr_t ip, heisen_report_stack &out) {
    out.depth = 0;
    if (id && id < HEISEN_MAX_STACKS) {
        const SavedStack &s = g_stacks[id];
        uint32_t depth = load_acquire(s.depth);
        if (depth > HEISEN_REPORT_STACK_DEPTH) depth = HEISEN_REPORT_STACK_DEPTH;
        for (uint32_t i = 0; i < depth; ++i) out.pcs[i] = s.pcs[i];
        out.depth = depth;
    }
    if (!ip) return;
    // Frames before the acquisition site belong to the lock wrapper (a kernel's acquire());
    // reports show the site the caller passed first, as lockdep does.
    for (uint32_t i = 0; i < out.depth && i < 3; ++i) {
        if (out.pcs[i] != ip) continue;
        for (uint32_t j = 0; j + i < out.depth; ++j) out.pcs[j] = out.pcs[j + i];
        out.depth -= i;
        return;
    }
    uint32_t keep = out.depth < HEISEN_REPORT_STACK_DEPTH ? out.depth : HEISEN_REPORT_STACK_DEPTH - 1;
    for (uint32_t j = keep; j > 0; --j) out.pcs[j] = out.pcs[j - 1];
    out.pcs[0] = ip;
    out.depth = keep + 1;
}

}  // namespace heisen::core
