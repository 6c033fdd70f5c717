// irq_usage.cpp — interrupt context and the irq usage rules.
//
// A class used inside an interrupt handler ("irq-safe") must never be held with interrupts
// enabled ("irq-unsafe"), neither directly (inconsistent lock state) nor through the order
// graph (an irq-safe lock taken before an irq-unsafe one: irq lock inversion) — the interrupt
// can arrive on the CPU that holds it and spin forever.
#include "core/chain_cache.h"
#include "core/engine.h"
#include "core/order_graph.h"
#include "core/port.h"
#include "core/report_builder.h"
#include "core/stack_store.h"
#include "core/validator_internal.h"

using namespace heisen::core;

namespace heisen::core {

namespace {

constexpr const char *kUsageNames[kUsageBitCount] = {"IN-IRQ-W", "IN-IRQ-R", "IRQ-ON-W", "IRQ-ON-R"};

// A loop, not __builtin_ctz: freestanding RISC-V without Zbb would need libgcc for it.
uint32_t bit_position(uint32_t bit) {
    uint32_t position = 0;
    while (bit > 1) bit >>= 1, ++position;
    return position;
}

// The usage bits that deadlock together with `bit`.
uint32_t conflicts_of(uint32_t bit) {
    switch (bit) {
    case kUsedInIrqWrite: return kIrqsOnWrite | kIrqsOnRead;
    case kUsedInIrqRead: return kIrqsOnWrite;
    case kIrqsOnWrite: return kUsedInIrqWrite | kUsedInIrqRead;
    case kIrqsOnRead: return kUsedInIrqWrite;
    default: return 0;
    }
}


void report_usage_conflict(const Context &c, const Acquisition &a, uint32_t bit, uint32_t old_usage) {
    LockClass &cls = lock_class(static_cast<uint32_t>(a.class_index));
    uint32_t conflict = old_usage & conflicts_of(bit);
    uint32_t first = conflict & -conflict;
    heisen_report &r = begin_report(HEISEN_REPORT_INCONSISTENT_LOCK_STATE, c, 4);
    describe_map(r.subject, a.map, a.class_index, a.subclass, a.mode);
    load_stack(a.stack_id, a.ip, r.subject.stack);
    r.usage_first_name = kUsageNames[bit_position(first)];
    load_stack(cls.usage_stack[bit_position(first)], 0, r.usage_first);
    r.usage_second_name = kUsageNames[bit_position(bit)];
    load_stack(a.stack_id, a.ip, r.usage_second);
    describe_all_held(r, c);
    deliver_report(r, chain_mix(reinterpret_cast<uintptr_t>(cls.name), first | (bit << 8)));
}

// The class just became irq-safe (or irq-unsafe): look through the graph for the other end.
void report_inversion_through_graph(const Context &c, const Acquisition &a, uint32_t bit) {
    const uint32_t cls = static_cast<uint32_t>(a.class_index);
    const bool became_safe = bit & (kUsedInIrqWrite | kUsedInIrqRead);
    uint32_t wanted = became_safe ? (kIrqsOnWrite | kIrqsOnRead) : (kUsedInIrqWrite | kUsedInIrqRead);
    uint32_t path[HEISEN_REPORT_MAX_CHAIN];
    uint32_t length = 0, truncated = 0;
    int found = search_graph(cls, became_safe, has_usage, &wanted, path, HEISEN_REPORT_MAX_CHAIN, length, truncated,
                             EdgeFilter::kSkipRecursiveReads);
    if (found < 0) return;
    if (!became_safe)  // a backward search lists edges from this class toward the safe one
        for (uint32_t i = 0; i < length / 2; ++i) {
            uint32_t tmp = path[i];
            path[i] = path[length - 1 - i];
            path[length - 1 - i] = tmp;
        }
    uint32_t safe = became_safe ? cls : static_cast<uint32_t>(found);
    uint32_t unsafe = became_safe ? static_cast<uint32_t>(found) : cls;
    const LockClass &s = lock_class(safe);
    const LockClass &u = lock_class(unsafe);
    heisen_report &r = begin_report(HEISEN_REPORT_IRQ_LOCK_INVERSION, c, 4);
    r.subject.name = s.name;
    r.subject.class_index = safe;
    r.subject.subclass = s.subclass;
    r.subject.kind = s.kind;
    r.other.name = u.name;
    r.other.class_index = unsafe;
    r.other.subclass = u.subclass;
    r.other.kind = u.kind;
    uint32_t safe_bit = (load_relaxed(s.usage) & kUsedInIrqWrite) ? kUsedInIrqWrite : kUsedInIrqRead;
    uint32_t unsafe_bit = (load_relaxed(u.usage) & kIrqsOnWrite) ? kIrqsOnWrite : kIrqsOnRead;
    r.usage_first_name = kUsageNames[bit_position(safe_bit)];
    load_stack(s.usage_stack[bit_position(safe_bit)], 0, r.usage_first);
    r.usage_second_name = kUsageNames[bit_position(unsafe_bit)];
    load_stack(u.usage_stack[bit_position(unsafe_bit)], 0, r.usage_second);
    describe_path(r, path, length, truncated);
    describe_all_held(r, c);
    deliver_report(r, chain_mix(reinterpret_cast<uintptr_t>(s.name), reinterpret_cast<uintptr_t>(u.name)));
}

void mark_held_irqs_on(const Context &c) {
    const HeldLockStack *stacks[2] = {&c.cpu->held, c.task ? &c.task->held : nullptr};
    for (const HeldLockStack *s : stacks) {
        for (uint32_t i = 0; s && i < s->depth; ++i) {
            const HeldLock &h = s->locks[i];
            if (h.orphaned || h.class_index == kUntrackedClass) continue;
            uint32_t bit = h.mode == 0 ? kIrqsOnWrite : kIrqsOnRead;
            LockClass &cls = lock_class(h.class_index);
            if (load_relaxed(cls.usage) & bit) continue;
            Acquisition a{};
            a.map = h.map;
            a.class_index = static_cast<int>(h.class_index);
            a.class_generation = h.class_generation;
            a.subclass = h.subclass;
            a.mode = h.mode;
            a.irqs_enabled = true;
            a.ip = h.ip;
            a.stack_id = h.stack_id;
            mark_usage(c, a, bit);
        }
    }
}

}  // namespace

void mark_usage(const Context &c, const Acquisition &acquisition, uint32_t bit) {
    Acquisition a = acquisition;
    ensure_stack(a);
    g_graph_lock.lock();
    LockClass &cls = lock_class(static_cast<uint32_t>(a.class_index));
    if (load_acquire(cls.generation) == a.class_generation && !(load_relaxed(cls.usage) & bit)) {
        cls.usage_stack[bit_position(bit)] = a.stack_id;
        uint32_t old = fetch_or(cls.usage, bit);
        if (bit & (kUsedInIrqWrite | kUsedInIrqRead)) store_relaxed(g_settings.irq_safe_seen, 1u);
        if (old & conflicts_of(bit))
            report_usage_conflict(c, a, bit, old);
        else
            report_inversion_through_graph(c, a, bit);
    }
    g_graph_lock.unlock();
}

}  // namespace heisen::core

extern "C" void heisen_irq_enter(void) {
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    // A handler's events depend on what the handler needed, not on the code it interrupted.
    if (c.cpu->irq_depth++ == 0) c.cpu->recent_irq.restart();
}

extern "C" void heisen_irq_exit(void) {
    Context c = current_context(false);
    if (c.cpu_id < HEISEN_MAX_CPUS && c.cpu->irq_depth) --c.cpu->irq_depth;
}

extern "C" void heisen_irqs_off(const void *) {
    // Nothing to record: the port reports the state when asked; holding locks with interrupts
    // off is what interrupt-safe locking looks like.
}

extern "C" void heisen_irqs_on(const void *) {
    if (load_relaxed(g_settings.disabled)) return;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS || c.cpu->irq_depth) return;
    EngineGuard guard(c.cpu);
    if (!guard.nested()) mark_held_irqs_on(c);
}

extern "C" void heisen_irq_nesting_underflow(const void *ip) {
    if (load_relaxed(g_settings.disabled)) return;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);
    if (guard.nested()) return;
    heisen_report &r = begin_report(HEISEN_REPORT_IRQ_NESTING_UNDERFLOW, c, 2);
    describe_all_held(r, c);
    uintptr_t at = ip ? reinterpret_cast<uintptr_t>(ip) : reinterpret_cast<uintptr_t>(__builtin_return_address(0));
    deliver_report(r, at);
}
