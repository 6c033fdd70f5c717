// sleep_checks.cpp — sleeping where the context must not sleep.
//
// A task that sleeps while its CPU holds a spinning lock leaves every other CPU spinning on
// that lock until it runs again (xv6: "panic: sched locks"); sleeping with interrupts off or
// inside an interrupt handler stops the CPU. Reported at the first sleeping point, whether or
// not the sleep actually happens this time.
#include "core/chain_cache.h"
#include "core/engine.h"
#include "core/port.h"
#include "core/report_builder.h"
#include "core/validator_internal.h"

using namespace heisen::core;

namespace heisen::core {

namespace {

uintptr_t first_spinning_ip(const Context &c) {
    const HeldLockStack *stacks[2] = {&c.cpu->held, c.task ? &c.task->held : nullptr};
    for (const HeldLockStack *s : stacks)
        for (uint32_t i = 0; s && i < s->depth; ++i)
            if ((s->locks[i].kind & HEISEN_LOCK_SPIN) && !s->locks[i].orphaned) return s->locks[i].ip;
    return 0;
}

uint32_t spinning_held(const Context &c) {
    return c.cpu->held.spinning + (c.task ? c.task->held.spinning : 0);
}

}  // namespace

void check_sleep(const Context &c, const Acquisition *a, uintptr_t ip) {
    const bool in_irq = c.cpu->irq_depth > 0;
    const bool irq_may_sleep = irq_context_may_sleep();
    if (a && in_irq && !irq_may_sleep) {
        heisen_report &r = begin_report(HEISEN_REPORT_SLEEPING_LOCK_IN_IRQ, c, 3);
        describe_map(r.subject, a->map, a->class_index, a->subclass, a->mode);
        r.subject.stack = r.site;
        describe_all_held(r, c);
        deliver_report(r, chain_mix(ip, reinterpret_cast<uintptr_t>(r.subject.name)));
        return;
    }
    bool irqs_on = a ? a->irqs_enabled : heisen_port_irqs_enabled() != 0;
    bool invalid = spinning_held(c) > 0 || (!irq_may_sleep && (in_irq || !irqs_on));
    if (!invalid) return;
    heisen_report &r = begin_report(HEISEN_REPORT_SLEEP_IN_ATOMIC, c, 3);
    if (a) {
        describe_map(r.subject, a->map, a->class_index, a->subclass, a->mode);
        r.subject.stack = r.site;
    }
    describe_all_held(r, c);
    // One report per held spinning lock (releasing it fixes every sleep under it); without one,
    // one per sleeping call site.
    uintptr_t spinning_site = first_spinning_ip(c);
    deliver_report(r, spinning_site ? chain_mix(spinning_site, 1) : chain_mix(ip, 2));
}

}  // namespace heisen::core

extern "C" void heisen_might_sleep(const void *ip) {
    if (load_relaxed(g_settings.disabled)) return;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);
    if (guard.nested()) return;
    check_sleep(c, nullptr, ip ? reinterpret_cast<uintptr_t>(ip)
                               : reinterpret_cast<uintptr_t>(__builtin_return_address(0)));
}

extern "C" void heisen_sched_enter(heisen_lock_map *const *allowed, size_t count, const void *ip) {
    if (load_relaxed(g_settings.disabled)) return;
    Context c = current_context(false);
    if (c.cpu_id >= HEISEN_MAX_CPUS) return;
    EngineGuard guard(c.cpu);
    if (guard.nested()) return;
    // Whatever runs on this CPU next is not on the way to this task's next event.
    if (!c.cpu->irq_depth) c.cpu->recent.restart();
    const HeldLockStack *stacks[2] = {&c.cpu->held, c.task ? &c.task->held : nullptr};
    uintptr_t offender = 0;
    for (const HeldLockStack *s : stacks) {
        for (uint32_t i = 0; s && i < s->depth && !offender; ++i) {
            const HeldLock &h = s->locks[i];
            if (!(h.kind & HEISEN_LOCK_SPIN) || h.orphaned) continue;
            bool permitted = false;
            for (size_t k = 0; k < count && !permitted; ++k) permitted = allowed[k] == h.map;
            if (!permitted) offender = h.ip ? h.ip : 1;
        }
    }
    if (!offender) return;
    heisen_report &r = begin_report(HEISEN_REPORT_SLEEP_IN_ATOMIC, c, 2);
    describe_all_held(r, c);
    uintptr_t at = ip ? reinterpret_cast<uintptr_t>(ip) : reinterpret_cast<uintptr_t>(__builtin_return_address(0));
    deliver_report(r, chain_mix(at, offender));
}
