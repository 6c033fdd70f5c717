// report_render_text.cpp — a report in lockdep's dialect: the same headers and scenario tables, plus
// where every lock involved was acquired and a one-line hint at the fix.
#include "core/report_render.h"
#include "core/text_writer.h"
#include "heisen/heisen.h"

using heisen::core::TextWriter;

namespace {

constexpr const char *kRule = "======================================================\n";
constexpr const char *kThinRule = "------------------------------------------------------\n";

struct Renderer {
    TextWriter &w;
    heisen_format_pc_fn format_pc;
    void *context;

    void pc(uintptr_t address) {
        char buf[256];
        size_t n = format_pc(context, address, buf, sizeof buf);
        w.put_bytes(buf, n < sizeof buf ? n : sizeof buf - 1);
    }
    void stack(const heisen_report_stack &s, int indent) {
        if (!s.depth) {
            w.put_spaces(indent).put("(no stack recorded)\n");
            return;
        }
        for (uint32_t i = 0; i < s.depth && i < HEISEN_REPORT_STACK_DEPTH; ++i) {
            w.put_spaces(indent).put('#').put_unsigned(i).put(' ');
            pc(s.pcs[i]);
            w.put('\n');
        }
    }
    void lock_name(const heisen_report_lock &l) {
        w.put('"').put(l.name ? l.name : "(unnamed lock)");
        if (l.subclass) w.put('/').put_unsigned(l.subclass);
        w.put('"');
    }
    // `where` says what the stack is: an acquisition, or the offending release or assertion.
    void lock_line(const heisen_report_lock &l, const char *where = "acquired at") {
        w.put("  ");
        lock_name(l);
        w.put(" (");
        if (l.kind & HEISEN_REPORT_INTERRUPT_HANDLING) w.put("interrupts of a CPU");
        else if (l.kind & HEISEN_EVENT) w.put("event");
        else if (l.kind & HEISEN_LOCK_RW) w.put(l.mode == 0 ? "rw, write" : l.mode == 1 ? "rw, read" : "rw, recursive read");
        else w.put(l.kind & HEISEN_LOCK_SPIN ? "spinning" : "sleeping");
        w.put(")");
        instance(l);
        w.put(", ").put(where).put(":\n");
        stack(l.stack, 4);
    }
    // " at 0x80020350 (bcache.bucket[3])": the lock's address, and its variable where known.
    void instance(const heisen_report_lock &l) {
        if (!l.instance) return;
        w.put(" at ").put_hex(l.instance);
        if (l.variable) w.put(" (").put(l.variable).put(")");
    }
    void who(const heisen_report &r) {
        w.put("cpu ").put_unsigned(r.cpu);
        if (r.task) w.put(" task ").put_hex(r.task);
        if (r.in_irq) w.put(" (in interrupt)");
    }
    void held(const heisen_report &r) {
        w.put('\n').put_unsigned(r.held_count + r.held_truncated)
            .put(r.held_count + r.held_truncated == 1 ? " lock held by " : " locks held by ");
        who(r);
        w.put(r.held_count ? ":\n" : ".\n");
        for (uint32_t i = 0; i < r.held_count; ++i) held_line(i, r.held[i]);
        if (r.held_truncated) w.put(" ... and ").put_unsigned(r.held_truncated).put(" more\n");
    }
    // " #0: "lock" (variable), at: where it was taken".
    void held_line(uint32_t index, const heisen_report_lock &l) {
        w.put(" #").put_unsigned(index).put(": ");
        lock_name(l);
        if (l.variable) w.put(" (").put(l.variable).put(")");
        w.put(", at: ");
        pc(l.stack.depth ? l.stack.pcs[0] : 0);
        w.put('\n');
    }
    void deadlock() { w.put("\n *** DEADLOCK ***\n"); }
    void column(int indent, const char *before, const heisen_report_lock &l, const char *after) {
        w.put_spaces(indent).put(before);
        w.put(l.name ? l.name : "(unnamed lock)");
        if (l.subclass) w.put('/').put_unsigned(l.subclass);
        w.put(after);
    }
    void chain(const heisen_report &r) {
        for (uint32_t i = 0; i < r.chain_length && i < HEISEN_REPORT_MAX_CHAIN; ++i) {
            const heisen_report_edge &e = r.chain[i];
            w.put("\n-> #").put_unsigned(i + 1).put(": ");
            lock_name(e.from);
            w.put(" was held while ");
            lock_name(e.to);
            w.put(" was acquired\n    ");
            lock_name(e.from);
            w.put(" acquired at:\n");
            stack(e.from.stack, 6);
            w.put("    ");
            lock_name(e.to);
            w.put(" acquired at:\n");
            stack(e.to.stack, 6);
        }
        if (r.chain_truncated) w.put("\n-> ... ").put_unsigned(r.chain_truncated).put(" more edges\n");
    }

    // ---- Circular waits: cycles through events (waits.cpp's edge meanings). ----
    static bool is_event(const heisen_report_lock &l) { return l.kind & (HEISEN_EVENT | HEISEN_REPORT_INTERRUPT_HANDLING); }
    static bool is_interrupts(const heisen_report_lock &l) { return l.kind & HEISEN_REPORT_INTERRUPT_HANDLING; }
    // "from -> to" as a sentence.
    void edge_sentence(const heisen_report_lock &from, const heisen_report_lock &to) {
        if (is_interrupts(from)) {
            lock_name(to);
            w.put(is_event(to) ? " was waited for spinning with interrupts disabled"
                               : " was spun on with interrupts disabled");
            w.put(" (that CPU handles no interrupt meanwhile)");
        } else if (is_interrupts(to)) {
            lock_name(from);
            w.put(" was triggered by an interrupt handler (it needs its CPU to handle interrupts)");
        } else if (is_event(from)) {
            lock_name(from);
            w.put(" was triggered after ");
            lock_name(to);
            w.put(is_event(to) ? " happened" : " was acquired");
        } else if (is_event(to)) {
            lock_name(from);
            w.put(" was held while waiting for ");
            lock_name(to);
        } else {
            lock_name(from);
            w.put(" was held while ");
            lock_name(to);
            w.put(" was acquired");
        }
    }
    // What an end's stack is: where the lock was acquired, the event waited for or triggered.
    void end_stack(const heisen_report_lock &l, bool event_triggered) {
        if (is_interrupts(l)) return;
        w.put("    ");
        lock_name(l);
        w.put(!is_event(l) ? " acquired at:\n" : event_triggered ? " triggered at:\n" : " waited for at:\n");
        stack(l.stack, 6);
    }
    void wait_chain(const heisen_report &r) {
        for (uint32_t i = 0; i < r.chain_length && i < HEISEN_REPORT_MAX_CHAIN; ++i) {
            const heisen_report_edge &e = r.chain[i];
            w.put("\n-> #").put_unsigned(i + 1).put(": ");
            edge_sentence(e.from, e.to);
            w.put('\n');
            end_stack(e.from, true);
            end_stack(e.to, false);
        }
        if (r.chain_truncated) w.put("\n-> ... ").put_unsigned(r.chain_truncated).put(" more edges\n");
    }
    // One line of the scenario: "lock(" name ");", or a bare line when name is null.
    struct Step {
        const char *prefix;
        const heisen_report_lock *name;
    };
    // A context of the scenario: what it does first (all contexts in turn), then what it does
    // next (in reverse order), as lockdep's two columns.
    struct Column {
        Step first[2], next[2];
        uint32_t first_count, next_count;
    };
    // The context one edge of the cycle stands for.
    static Column column_for(const heisen_report_lock &from, const heisen_report_lock &to) {
        const char *reach_to = is_event(to) ? "wait(" : "lock(";
        if (is_interrupts(from)) return Column{{{"local_irq_disable();", nullptr}, {}}, {{reach_to, &to}, {}}, 1, 1};
        if (is_interrupts(to)) return Column{{{"<Interrupt>", nullptr}, {}}, {{"event(", &from}, {}}, 1, 1};
        if (is_event(from)) return Column{{{reach_to, &to}, {}}, {{"event(", &from}, {}}, 1, 1};
        return Column{{{"lock(", &from}, {}}, {{reach_to, &to}, {}}, 1, 1};
    }
    // "E is triggered by an interrupt handler" followed by "interrupts are off while X": one
    // CPU that disables interrupts, reaches X, and so never takes the interrupt that triggers E.
    static Column interrupted_column(const heisen_report_lock &event, const heisen_report_lock &blocked) {
        return Column{{{"local_irq_disable();", nullptr}, {is_event(blocked) ? "wait(" : "lock(", &blocked}},
                      {{"<Interrupt>", nullptr}, {"  event(", &event}},
                      2,
                      2};
    }
    // The cycle's edges in order, the new one (this context) first; returns how many.
    static uint32_t cycle_edges(const heisen_report &r, const heisen_report_lock *from[], const heisen_report_lock *to[]) {
        from[0] = &r.other;
        to[0] = &r.subject;
        uint32_t n = 1;
        for (uint32_t i = 0; i < r.chain_length && i < HEISEN_REPORT_MAX_CHAIN; ++i, ++n) {
            from[n] = &r.chain[i].from;
            to[n] = &r.chain[i].to;
        }
        return n;
    }
    // Up to `max` columns for the cycle; 0 when it needs more.
    static uint32_t scenario_columns(const heisen_report &r, Column *columns, uint32_t max) {
        const heisen_report_lock *from[HEISEN_REPORT_MAX_CHAIN + 1], *to[HEISEN_REPORT_MAX_CHAIN + 1];
        const uint32_t n = cycle_edges(r, from, to);
        // Start where no interrupt pair is cut in two.
        const uint32_t start = is_interrupts(*from[0]) && is_interrupts(*to[n - 1]) ? n - 1 : 0;
        uint32_t count = 0;
        for (uint32_t k = 0; k < n; ++k) {
            const uint32_t at = (start + k) % n, next = (at + 1) % n;
            if (count == max) return 0;
            if (k + 1 < n && is_interrupts(*to[at]) && is_interrupts(*from[next])) {
                columns[count++] = interrupted_column(*from[at], *to[next]);
                ++k;
            } else {
                columns[count++] = column_for(*from[at], *to[at]);
            }
        }
        return count;
    }
    void scenario_line(uint32_t column, const Step &step) {
        w.put_spaces(static_cast<int>(2 + 29 * column)).put(step.prefix);
        if (step.name) {
            w.put(step.name->name ? step.name->name : "(unnamed)");
            if (step.name->subclass) w.put('/').put_unsigned(step.name->subclass);
            w.put(");");
        }
        w.put('\n');
    }
    void circular_wait(const heisen_report &r) {
        const heisen_report_lock &from = r.other, &to = r.subject;
        who(r);
        if (is_interrupts(from)) {
            w.put(is_event(to) ? " waits with interrupts disabled for event:\n" : " spins with interrupts disabled on lock:\n");
            lock_line(to, is_event(to) ? "waited for at" : "acquired at");
            w.put("\nbut that ");
            w.put(is_event(to) ? "event" : "lock");
            w.put(" already waits for interrupts to be handled.\n");
        } else if (is_interrupts(to)) {
            w.put(" triggers, in an interrupt handler, event:\n");
            lock_line(from, "triggered at");
            w.put("\nbut interrupt handling already waits for the event.\n");
        } else if (is_event(from)) {
            w.put(" triggers event:\n");
            lock_line(from, "triggered at");
            w.put("\nafter acquiring lock:\n");
            lock_line(to);
            w.put("\nbut that lock already waits for the event.\n");
        } else if (is_event(to)) {
            w.put(" is about to wait for event:\n");
            lock_line(to, "waited for at");
            w.put("\nwhile holding lock:\n");
            lock_line(from);
            w.put("\nbut the event already waits for that lock.\n");
        } else {
            w.put(" is trying to acquire lock:\n");
            lock_line(to);
            w.put("\nbut already holds lock:\n");
            lock_line(from);
            w.put("\nwhich lock already depends on the new lock through a wait.\n");
        }
        w.put("\nthe existing dependency chain is:\n");
        wait_chain(r);
        w.put("\nand now ");
        edge_sentence(from, to);
        w.put(", which closes the cycle.\n\nother info that might help us debug this:\n\n");
        w.put("Chain exists of:\n  ");
        lock_name(to);
        for (uint32_t i = 0; i < r.chain_length && i < HEISEN_REPORT_MAX_CHAIN; ++i) {
            w.put(" --> ");
            lock_name(r.chain[i].to);
        }
        w.put(" --> ");
        lock_name(to);
        w.put("\n\n");
        // One context per edge of the cycle (an interrupt pair is one CPU), this one first.
        Column columns[3];
        const uint32_t contexts = r.chain_truncated ? 0 : scenario_columns(r, columns, 3);
        if (contexts) {
            w.put(" Possible unsafe scenario:\n\n");
            // lockdep's header: CPU0 over column 0 at 7, the others over their columns.
            for (uint32_t i = 0; i < contexts; ++i) w.put_spaces(i == 0 ? 7 : i == 1 ? 20 : 25).put("CPU").put_unsigned(i);
            w.put('\n');
            for (uint32_t i = 0; i < contexts; ++i) w.put_spaces(i == 0 ? 7 : i == 1 ? 20 : 25).put("----");
            w.put('\n');
            for (uint32_t i = 0; i < contexts; ++i)
                for (uint32_t k = 0; k < columns[i].first_count; ++k) scenario_line(i, columns[i].first[k]);
            for (uint32_t i = contexts; i-- > 0;)
                for (uint32_t k = 0; k < columns[i].next_count; ++k) scenario_line(i, columns[i].next[k]);
            deadlock();
        }
        // The hint names the wait that holds a lock, the usual thing to change.
        const heisen_report_lock *held = nullptr, *waited = nullptr;
        if (!is_event(from) && is_event(to)) held = &from, waited = &to;
        for (uint32_t i = 0; !held && i < r.chain_length && i < HEISEN_REPORT_MAX_CHAIN; ++i)
            if (!is_event(r.chain[i].from) && is_event(r.chain[i].to)) held = &r.chain[i].from, waited = &r.chain[i].to;
        w.put("\nhint: ");
        if (held) {
            w.put("release ");
            lock_name(*held);
            w.put(" before waiting for ");
            lock_name(*waited);
            w.put(" (or let the wait give it up, as a condition variable gives up its mutex), or make sure "
                  "nothing that must happen first for ");
            lock_name(*waited);
            w.put(" needs it.\n");
        } else {
            w.put("break one of the waits above: no context may wait for something that waits for it.\n");
        }
    }

    // ---- A deadlock happening now: blocked contexts in a cycle. ----
    void cpu_name(uint32_t cpu) { w.put("cpu ").put_unsigned(cpu); }
    uint32_t deadlock_next(const heisen_report &r, uint32_t i) {
        const uint32_t n = r.chain_length < HEISEN_REPORT_MAX_CHAIN ? r.chain_length : HEISEN_REPORT_MAX_CHAIN;
        return r.chain_cpu[i + 1 < n ? i + 1 : 0];
    }
    void live_deadlock(const heisen_report &r) {
        const uint32_t n = r.chain_length < HEISEN_REPORT_MAX_CHAIN ? r.chain_length : HEISEN_REPORT_MAX_CHAIN;
        w.put_unsigned(n).put(n == 1 ? " context is" : " contexts are");
        w.put(" blocked, each waiting for the next:\n");
        for (uint32_t i = 0; i < n; ++i) {
            const heisen_report_edge &e = r.chain[i];
            w.put("\n-> #").put_unsigned(i + 1).put(": ");
            cpu_name(r.chain_cpu[i]);
            if (is_event(e.from)) {
                w.put(" waits for ");
                lock_name(e.from);
                w.put(", the end of ");
                cpu_name(deadlock_next(r, i));
                w.put("'s thread\n");
                end_stack(e.from, false);
                continue;
            }
            w.put(" waits for ");
            lock_name(e.from);
            instance(e.from);
            w.put(", held by ");
            cpu_name(deadlock_next(r, i));
            w.put("\n    waiting at:\n");
            stack(e.from.stack, 6);
            w.put("    ");
            lock_name(e.from);
            w.put(" acquired by ");
            cpu_name(deadlock_next(r, i));
            w.put(" at:\n");
            stack(e.to.stack, 6);
        }
        if (r.chain_truncated) w.put("\n-> ... ").put_unsigned(r.chain_truncated).put(" more contexts\n");
        w.put("\nand ");
        cpu_name(n ? deadlock_next(r, n - 1) : 0);
        w.put(" is the first of them again: none of them can go on.\n");
        deadlock();
        w.put("\nhint: the contexts above take these locks in different orders, or wait holding a lock "
              "the other side needs: take them in one order everywhere, or release before waiting.\n");
    }
    // Every lock of every context in the cycle, grouped by context.
    void deadlock_held(const heisen_report &r) {
        const uint32_t n = r.chain_length < HEISEN_REPORT_MAX_CHAIN ? r.chain_length : HEISEN_REPORT_MAX_CHAIN;
        for (uint32_t c = 0; c < n; ++c) {
            const uint32_t cpu = r.chain_cpu[c];
            uint32_t count = 0;
            for (uint32_t i = 0; i < r.held_count && i < HEISEN_REPORT_MAX_HELD; ++i) count += r.held_cpu[i] == cpu;
            w.put('\n').put_unsigned(count).put(count == 1 ? " lock held by " : " locks held by ");
            cpu_name(cpu);
            w.put(count ? ":\n" : ".\n");
            uint32_t k = 0;
            for (uint32_t i = 0; i < r.held_count && i < HEISEN_REPORT_MAX_HELD; ++i)
                if (r.held_cpu[i] == cpu) held_line(k++, r.held[i]);
        }
        if (r.held_truncated) w.put(" ... and ").put_unsigned(r.held_truncated).put(" more\n");
    }

    void circular(const heisen_report &r) {
        who(r);
        w.put(" is trying to acquire lock:\n");
        lock_line(r.subject);
        w.put("\nbut already holds lock:\n");
        lock_line(r.other);
        w.put("\nwhich lock already depends on the new lock.\n\nthe existing dependency chain is:\n");
        chain(r);
        w.put("\nand now ");
        lock_name(r.other);
        w.put(" is held while ");
        lock_name(r.subject);
        w.put(" is acquired, which closes the cycle.\n\nother info that might help us debug this:\n\n");
        if (r.chain_length > 1) {
            w.put("Chain exists of:\n  ");
            for (uint32_t i = 0; i < r.chain_length && i < HEISEN_REPORT_MAX_CHAIN; ++i) {
                w.put(r.chain[i].from.name).put(" --> ");
            }
            w.put(r.other.name).put(" --> ").put(r.subject.name).put("\n\n");
        }
        const heisen_report_lock &middle = r.chain_length ? r.chain[r.chain_length - 1].from : r.subject;
        w.put(" Possible unsafe locking scenario:\n\n");
        w.put("       CPU0                    CPU1\n       ----                    ----\n");
        column(2, "lock(", r.other, ");\n");
        column(31, "lock(", middle, ");\n");
        column(31, "lock(", r.other, ");\n");
        column(2, "lock(", r.subject, ");\n");
        deadlock();
        w.put("\nhint: take these locks in one order everywhere (");
        lock_name(r.subject);
        w.put(" before ");
        lock_name(r.other);
        w.put(", or the reverse), or release ");
        lock_name(r.other);
        w.put(" before acquiring ");
        lock_name(r.subject);
        w.put(".\n");
    }

    void recursive(const heisen_report &r) {
        who(r);
        w.put(" is trying to acquire lock:\n");
        lock_line(r.subject);
        w.put("\nbut already holds lock:\n");
        lock_line(r.other);
        if (r.kind == HEISEN_REPORT_SELF_DEADLOCK) {
            w.put("\nthis is the same lock (").put_hex(r.subject.instance)
                .put("), which is not recursive: this context will wait for itself forever.\n");
        }
        if (r.kind == HEISEN_REPORT_RECURSIVE_LOCKING && r.chain_length == 2) {
            instance_orders(r);
            return;
        }
        w.put("\nother info that might help us debug this:\n Possible unsafe locking scenario:\n\n");
        w.put("       CPU0\n       ----\n");
        column(2, "lock(", r.other, ");\n");
        column(2, "lock(", r.subject, ");\n");
        deadlock();
        if (r.kind == HEISEN_REPORT_SELF_DEADLOCK)
            w.put("\nhint: release the lock before taking it again, or make it a recursive lock.\n");
        else
            w.put("\n May be due to missing lock nesting notation\n\nhint: if nesting two locks of this "
                  "class is intended, take the inner one with a nesting subclass (HEISEN_MAX_SUBCLASS "
                  "levels; heisen_acquire(..., subclass, ...)) and always in the same order.\n");
    }

    // "bcache.bucket[3]", or "bcache.bucket" at 0x80020350.
    void instance_name(const heisen_report_lock &l) {
        if (l.variable) {
            w.put(l.variable);
            return;
        }
        lock_name(l);
        w.put(" at ").put_hex(l.instance);
    }
    void instance_order(const heisen_report_edge &e, const char *which) {
        w.put("\n-> ").put(which).put(": ");
        instance_name(e.from);
        w.put(" was held while ");
        instance_name(e.to);
        w.put(" was acquired\n    ");
        instance_name(e.from);
        w.put(" acquired at:\n");
        stack(e.from.stack, 6);
        w.put("    ");
        instance_name(e.to);
        w.put(" acquired at:\n");
        stack(e.to.stack, 6);
    }
    // A class whose instances nest (HEISEN_LOCK_ORDER_INSTANCES) in both address orders, with
    // no lock held around every nesting: two CPUs can each hold the lock the other waits for.
    void instance_orders(const heisen_report &r) {
        w.put("\ninstances of ");
        lock_name(r.subject);
        w.put(" are nested in both orders, and no one lock is held around every such nesting:\n");
        instance_order(r.chain[0], "lower address first");
        instance_order(r.chain[1], "higher address first");
        const heisen_report_lock &low = r.chain[0].from, &high = r.chain[0].to;
        w.put("\nother info that might help us debug this:\n Possible unsafe locking scenario:\n\n");
        w.put("       CPU0                    CPU1\n       ----                    ----\n");
        w.put("  lock(");
        instance_name(low);
        w.put(");\n").put_spaces(31).put("lock(");
        instance_name(high);
        w.put(");\n").put_spaces(31).put("lock(");
        instance_name(low);
        w.put(");\n  lock(");
        instance_name(high);
        w.put(");\n");
        deadlock();
        w.put("\nhint: nest ");
        lock_name(r.subject);
        w.put(" locks in one order everywhere (e.g. the lower index first), or hold one lock (an "
              "eviction lock) around every such nesting.\n");
    }

    void sleep_in_atomic(const heisen_report &r) {
        w.put("in atomic context: ");
        who(r);
        w.put(", interrupts ").put(r.irqs_enabled ? "enabled" : "disabled").put('\n');
        uint32_t spinning = 0;
        for (uint32_t i = 0; i < r.held_count; ++i)
            if (r.held[i].kind & HEISEN_LOCK_SPIN) ++spinning;
        if (r.subject.name) {
            w.put("acquiring sleeping lock:\n");
            lock_line(r.subject);
        } else {
            w.put("reached a point that may sleep\n");
        }
        if (spinning) {
            w.put("\nwhile holding ").put_unsigned(spinning).put(spinning == 1 ? " spinning lock:\n" : " spinning locks:\n");
            for (uint32_t i = 0; i < r.held_count; ++i)
                if (r.held[i].kind & HEISEN_LOCK_SPIN) lock_line(r.held[i]);
        }
        w.put("\nhint: ");
        if (spinning) w.put("release the spinning lock(s) above before sleeping, or protect that data with a sleeping lock.\n");
        else if (r.in_irq) w.put("an interrupt handler must not sleep: defer the work out of the handler.\n");
        else w.put("re-enable interrupts before sleeping.\n");
    }

    void usage(const heisen_report &r) {
        w.put("inconsistent {").put(r.usage_first_name).put("} -> {").put(r.usage_second_name).put("} usage.\n");
        who(r);
        w.put(r.in_irq ? " [in interrupt]" : "").put(r.irqs_enabled ? " [interrupts on]" : " [interrupts off]");
        w.put(" takes:\n");
        lock_line(r.subject);
        w.put("{").put(r.usage_first_name).put("} state was registered at:\n");
        stack(r.usage_first, 2);
        w.put("{").put(r.usage_second_name).put("} state was registered at:\n");
        stack(r.usage_second, 2);
        w.put("\nother info that might help us debug this:\n Possible unsafe locking scenario:\n\n");
        w.put("       CPU0\n       ----\n");
        column(2, "lock(", r.subject, ");\n");
        w.put("  <Interrupt>\n");
        column(4, "lock(", r.subject, ");\n");
        deadlock();
        w.put("\nhint: disable interrupts (block the signal) while holding ");
        lock_name(r.subject);
        w.put(" outside the handler, or stop taking it in the handler.\n");
    }

    void inversion(const heisen_report &r) {
        who(r);
        w.put(" made an interrupt-safe lock depend on an interrupt-unsafe one:\n\n");
        w.put("the irq-safe lock ");
        lock_name(r.subject);
        w.put(" {").put(r.usage_first_name).put("} was used in interrupt context at:\n");
        stack(r.usage_first, 2);
        w.put("the irq-unsafe lock ");
        lock_name(r.other);
        w.put(" {").put(r.usage_second_name).put("} was held with interrupts enabled at:\n");
        stack(r.usage_second, 2);
        w.put("\nthe shortest dependency chain between them:\n");
        chain(r);
        w.put("\nother info that might help us debug this:\n Possible interrupt unsafe locking scenario:\n\n");
        w.put("       CPU0                    CPU1\n       ----                    ----\n");
        column(2, "lock(", r.other, ");\n");
        w.put_spaces(31).put("local_irq_disable();\n");
        column(31, "lock(", r.subject, ");\n");
        column(31, "lock(", r.other, ");\n");
        w.put("  <Interrupt>\n");
        column(4, "lock(", r.subject, ");\n");
        deadlock();
        w.put("\nhint: hold ");
        lock_name(r.other);
        w.put(" with interrupts disabled everywhere, or stop taking it while holding ");
        lock_name(r.subject);
        w.put(".\n");
    }

    void simple(const heisen_report &r) {
        who(r);
        switch (r.kind) {
        case HEISEN_REPORT_SLEEPING_LOCK_IN_IRQ:
            w.put(" acquires a sleeping lock in interrupt context:\n");
            lock_line(r.subject);
            w.put("\nhint: an interrupt handler cannot sleep: use a spinning lock with interrupts disabled, "
                  "or defer the work out of the handler.\n");
            break;
        case HEISEN_REPORT_BAD_UNLOCK_BALANCE:
            w.put(" is trying to release lock:\n");
            lock_line(r.subject, "released at");
            w.put("but there are no more locks to release!\n\nhint: every release needs a matching "
                  "acquisition in the same context.\n");
            break;
        case HEISEN_REPORT_NON_OWNER_RELEASE:
            w.put(" is releasing lock:\n");
            lock_line(r.subject, "released at");
            w.put("but another context holds it.\n\nhint: release a lock in the context that acquired it "
                  "(use a semaphore or completion to signal across contexts).\n");
            break;
        case HEISEN_REPORT_HELD_LOCK_FREED:
            w.put(" is freeing memory that contains a held lock:\n");
            lock_line(r.subject);
            w.put("\nhint: release the lock before destroying or freeing it.\n");
            break;
        case HEISEN_REPORT_EXIT_WITH_LOCKS_HELD:
            w.put(" is exiting with locks held.\n\nhint: release every lock before the task or thread exits.\n");
            break;
        case HEISEN_REPORT_RETURN_TO_USER_WITH_LOCKS_HELD:
            w.put(" is returning to user space with locks held.\n\nhint: a system call must release "
                  "every lock it took before returning.\n");
            break;
        case HEISEN_REPORT_IRQ_NESTING_UNDERFLOW:
            w.put(" re-enabled interrupts more often than it disabled them (nesting below zero).\n\nhint: "
                  "every pop_off/irq-restore needs a matching push_off/irq-save.\n");
            break;
        case HEISEN_REPORT_ASSERT_HELD:
            w.put(" does not hold lock:\n");
            lock_line(r.subject, "asserted at");
            w.put("which the code asserts is held.\n");
            break;
        case HEISEN_REPORT_ASSERT_NOT_HELD:
            w.put(" holds lock:\n");
            lock_line(r.subject);
            w.put("which the code asserts is not held.\n");
            break;
        case HEISEN_REPORT_DESTROYED_LOCK_USED:
            w.put(" is using lock:\n");
            lock_line(r.subject, "destroyed at");
            w.put("which was destroyed and not initialised again.\n\nhint: initialise the lock again before "
                  "using it, or stop using it once it is destroyed.\n");
            break;
        case HEISEN_REPORT_FREED_LOCK_USED:
            w.put(" is using lock:\n");
            lock_line(r.subject, "memory freed at");
            w.put("whose memory was freed: what is there now is not a lock.\n\nhint: keep the object alive "
                  "while its lock is in use.\n");
            break;
        default:
            w.put('\n');
        }
    }
};

}  // namespace

extern "C" void heisen_render_text(const heisen_report *report, heisen_sink_fn sink,
                                   heisen_format_pc_fn format_pc, void *context) {
    if (!report || !sink || !format_pc) return;
    const heisen_report &r = *report;
    TextWriter w(sink, context);
    Renderer out{w, format_pc, context};
    w.put('\n').put(kRule).put(heisen_report_kind_header(r.kind)).put('\n').put(kThinRule);
    switch (r.kind) {
    case HEISEN_REPORT_CIRCULAR_DEPENDENCY: out.circular(r); break;
    case HEISEN_REPORT_CIRCULAR_WAIT: out.circular_wait(r); break;
    case HEISEN_REPORT_DEADLOCK: out.live_deadlock(r); break;
    case HEISEN_REPORT_RECURSIVE_LOCKING:
    case HEISEN_REPORT_SELF_DEADLOCK: out.recursive(r); break;
    case HEISEN_REPORT_SLEEP_IN_ATOMIC: out.sleep_in_atomic(r); break;
    case HEISEN_REPORT_INCONSISTENT_LOCK_STATE: out.usage(r); break;
    case HEISEN_REPORT_IRQ_LOCK_INVERSION: out.inversion(r); break;
    default: out.simple(r); break;
    }
    if (r.kind == HEISEN_REPORT_DEADLOCK) out.deadlock_held(r);
    else out.held(r);
    w.put("\nstack backtrace:\n");
    out.stack(r.site, 2);
    w.put(kRule);
}
