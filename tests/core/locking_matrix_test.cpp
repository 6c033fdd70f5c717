// locking_matrix_test.cpp — scenarios × lock primitives, in the spirit of lockdep's locking API
// self-test. Every case states the exact report kinds it must produce (none for the correct
// variants) and the locks the first report must name.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fake_port.h"
#include "heisen/heisen.h"

namespace {

struct Primitive {
    const char *name;
    unsigned kind;
    unsigned flags;  // acquisition flags (read side)
    bool spinning() const { return kind & HEISEN_LOCK_SPIN; }
    bool recursive_read() const { return (kind & HEISEN_LOCK_READ_RECURSIVE) && (flags & HEISEN_ACQ_READ); }
};

const Primitive kPrimitives[] = {
    {"spinlock", HEISEN_LOCK_SPIN, 0},
    {"mutex", HEISEN_LOCK_SLEEP, 0},
    {"rwlock_read", HEISEN_LOCK_SPIN | HEISEN_LOCK_RW | HEISEN_LOCK_READ_RECURSIVE, HEISEN_ACQ_READ},
    {"rwlock_write", HEISEN_LOCK_SPIN | HEISEN_LOCK_RW | HEISEN_LOCK_READ_RECURSIVE, 0},
    {"sleeplock", HEISEN_LOCK_SLEEP, 0},
};

// A scenario's view of the world: named locks of the primitive under test, plus helpers.
class World {
  public:
    explicit World(const Primitive &p) : p_(p) {}
    heisen_lock_map *lock(const std::string &name, unsigned extra_kind = 0, const heisen_class_key *key = nullptr) {
        auto &slot = locks_[name];
        if (!slot) {
            slot = std::make_unique<heisen_lock_map>();
            *slot = heisen_lock_map{};
            names_.push_back(std::make_unique<std::string>(name));
            heisen_lock_init(slot.get(), names_.back()->c_str(), p_.kind | extra_kind,
                             key ? HEISEN_CLASS_BY_KEY : HEISEN_CLASS_BY_NAME, key);
        }
        return slot.get();
    }
    // A lock of a different, fixed kind (for mixing primitives).
    heisen_lock_map *other(const std::string &name, unsigned kind) {
        auto &slot = locks_[name];
        if (!slot) {
            slot = std::make_unique<heisen_lock_map>();
            *slot = heisen_lock_map{};
            names_.push_back(std::make_unique<std::string>(name));
            heisen_lock_init(slot.get(), names_.back()->c_str(), kind, HEISEN_CLASS_BY_NAME, nullptr);
        }
        return slot.get();
    }
    void take(const std::string &name, unsigned subclass = 0) { heisen_acquire(lock(name), p_.flags, subclass, nullptr); }
    void try_take(const std::string &name) { heisen_acquire(lock(name), p_.flags | HEISEN_ACQ_TRY, 0, nullptr); }
    void drop(const std::string &name) { heisen_release(lock(name), nullptr); }
    void on_cpu(uint32_t cpu, uintptr_t task = 0) {
        fake::port().cpu = cpu;
        fake::port().task = task;
    }
    void irqs(bool on) {
        fake::port().irqs_enabled = on;
        if (on) heisen_irqs_on(nullptr);
        else heisen_irqs_off(nullptr);
    }
    const Primitive &primitive() const { return p_; }

  private:
    const Primitive &p_;
    std::map<std::string, std::unique_ptr<heisen_lock_map>> locks_;
    std::vector<std::unique_ptr<std::string>> names_;
};

struct Expected {
    std::vector<std::string> kinds;  // exact, in order
    std::vector<std::string> named;  // lock names the first report's subject/other/chain mention
};

struct Scenario {
    const char *name;
    std::function<void(World &)> run;
    std::function<Expected(const Primitive &)> expect;
};

Expected none() { return {}; }
Expected one(const char *kind, std::vector<std::string> named = {}) { return {{kind}, std::move(named)}; }

void cycle(World &w, const std::vector<std::string> &order) {
    // Each lock is taken while holding the previous one, each pair on another CPU, one after
    // another: no deadlock happens in this run, the order graph still closes a cycle.
    for (size_t i = 0; i < order.size(); ++i) {
        w.on_cpu(static_cast<uint32_t>(i % 3));
        w.take(order[i]);
        w.take(order[(i + 1) % order.size()]);
        w.drop(order[(i + 1) % order.size()]);
        w.drop(order[i]);
    }
}

const std::vector<Scenario> &scenarios() {
    static const std::vector<Scenario> all = {
        {"AA_same_instance", [](World &w) { w.take("A"); w.take("A"); },
         [](const Primitive &p) { return p.recursive_read() ? none() : one("self-deadlock", {"A"}); }},
        {"AA_recursive_kind", [](World &w) {
             heisen_acquire(w.lock("R", HEISEN_LOCK_RECURSIVE), w.primitive().flags, 0, nullptr);
             heisen_acquire(w.lock("R"), w.primitive().flags, 0, nullptr);
             heisen_release(w.lock("R"), nullptr);
             heisen_release(w.lock("R"), nullptr);
         }, [](const Primitive &) { return none(); }},
        {"same_class_two_instances", [](World &w) {
             static heisen_class_key key;
             heisen_acquire(w.lock("inode.1", 0, &key), w.primitive().flags, 0, nullptr);
             heisen_acquire(w.lock("inode.2", 0, &key), w.primitive().flags, 0, nullptr);
         }, [](const Primitive &p) { return p.recursive_read() ? none() : one("recursive-locking", {"inode.1"}); }},
        {"same_class_nested_subclass", [](World &w) {
             static heisen_class_key key;
             heisen_acquire(w.lock("parent", 0, &key), w.primitive().flags, 0, nullptr);
             heisen_acquire(w.lock("child", 0, &key), w.primitive().flags, 1, nullptr);
             heisen_release(w.lock("child"), nullptr);
             heisen_release(w.lock("parent"), nullptr);
         }, [](const Primitive &) { return none(); }},
        {"ABBA_one_context", [](World &w) {
             w.take("A"); w.take("B"); w.drop("B"); w.drop("A");
             w.take("B"); w.take("A"); w.drop("A"); w.drop("B");
         }, [](const Primitive &p) { return p.recursive_read() ? none() : one("circular-dependency", {"A", "B"}); }},
        {"ABBA_two_cpus", [](World &w) { cycle(w, {"A", "B"}); },
         [](const Primitive &p) { return p.recursive_read() ? none() : one("circular-dependency", {"A", "B"}); }},
        {"ABBA_second_is_try", [](World &w) {
             w.take("A"); w.take("B"); w.drop("B"); w.drop("A");
             w.on_cpu(1);
             w.take("B"); w.try_take("A"); w.drop("A"); w.drop("B");
         }, [](const Primitive &) { return none(); }},
        {"AB_consistent_order", [](World &w) {
             for (uint32_t cpu = 0; cpu < 3; ++cpu) {
                 w.on_cpu(cpu);
                 w.take("A"); w.take("B"); w.drop("B"); w.drop("A");
             }
         }, [](const Primitive &) { return none(); }},
        {"ABC_cycle", [](World &w) { cycle(w, {"A", "B", "C"}); },
         [](const Primitive &p) { return p.recursive_read() ? none() : one("circular-dependency", {"A", "B", "C"}); }},
        {"five_lock_cycle", [](World &w) { cycle(w, {"L1", "L2", "L3", "L4", "L5"}); },
         [](const Primitive &p) {
             return p.recursive_read() ? none() : one("circular-dependency", {"L1", "L2", "L3", "L4", "L5"});
         }},
        {"ABC_chain_without_cycle", [](World &w) {
             w.take("A"); w.take("B"); w.take("C"); w.drop("C"); w.drop("B"); w.drop("A");
             w.on_cpu(1);
             w.take("A"); w.take("C"); w.drop("C"); w.drop("A");
         }, [](const Primitive &) { return none(); }},
        {"sleep_point_while_held", [](World &w) { w.take("A"); heisen_might_sleep(nullptr); w.drop("A"); },
         [](const Primitive &p) { return p.spinning() ? one("sleep-in-atomic") : none(); }},
        {"sleeping_lock_while_held", [](World &w) {
             w.take("A");
             heisen_acquire(w.other("M", HEISEN_LOCK_SLEEP), 0, 0, nullptr);
             heisen_release(w.other("M", HEISEN_LOCK_SLEEP), nullptr);
             w.drop("A");
         }, [](const Primitive &p) { return p.spinning() ? one("sleep-in-atomic", {"M"}) : none(); }},
        {"sleep_point_after_release", [](World &w) { w.take("A"); w.drop("A"); heisen_might_sleep(nullptr); },
         [](const Primitive &) { return none(); }},
        {"taken_with_irqs_off", [](World &w) {
             w.irqs(false); w.take("A"); w.drop("A"); w.irqs(true);
         }, [](const Primitive &p) { return p.spinning() ? none() : one("sleep-in-atomic", {"A"}); }},
        {"irq_safe_and_unsafe_direct", [](World &w) {
             heisen_irq_enter(); w.irqs(false); w.take("A"); w.drop("A"); heisen_irq_exit(); w.irqs(true);
             w.take("A"); w.drop("A");
         }, [](const Primitive &p) {
             if (p.recursive_read()) return none();
             if (!p.spinning()) return Expected{{"sleeping-lock-in-irq", "inconsistent-lock-state"}, {"A"}};
             return one("inconsistent-lock-state", {"A"});
         }},
        {"irq_safe_used_with_irqs_off", [](World &w) {
             heisen_irq_enter(); w.irqs(false); w.take("A"); w.drop("A"); heisen_irq_exit();
             w.take("A"); w.drop("A"); w.irqs(true);
         }, [](const Primitive &p) {
             return p.spinning() ? none() : Expected{{"sleeping-lock-in-irq", "sleep-in-atomic"}, {"A"}};
         }},
        {"irq_unsafe_first_then_irq", [](World &w) {
             w.take("A"); w.drop("A");
             heisen_irq_enter(); w.irqs(false); w.take("A"); w.drop("A"); heisen_irq_exit(); w.irqs(true);
         }, [](const Primitive &p) {
             if (p.recursive_read()) return none();
             if (!p.spinning()) return Expected{{"sleeping-lock-in-irq", "inconsistent-lock-state"}, {"A"}};
             return one("inconsistent-lock-state", {"A"});
         }},
        {"irq_inversion_through_graph", [](World &w) {
             heisen_lock_map *irq_lock = w.other("irq_lock", HEISEN_LOCK_SPIN);
             heisen_irq_enter(); w.irqs(false);
             heisen_acquire(irq_lock, 0, 0, nullptr); heisen_release(irq_lock, nullptr);
             heisen_irq_exit();
             heisen_acquire(irq_lock, 0, 0, nullptr); w.take("P"); w.drop("P"); heisen_release(irq_lock, nullptr);
             w.irqs(true);
             w.take("P"); w.drop("P");
         }, [](const Primitive &p) {
             // A recursive read never waits for another reader, so it creates no inversion.
             if (p.recursive_read()) return none();
             if (!p.spinning()) return Expected{{"sleep-in-atomic", "irq-lock-inversion"}, {"irq_lock", "P"}};
             return one("irq-lock-inversion", {"irq_lock", "P"});
         }},
        {"irq_inversion_correct", [](World &w) {
             heisen_lock_map *irq_lock = w.other("irq_lock", HEISEN_LOCK_SPIN);
             heisen_irq_enter(); w.irqs(false);
             heisen_acquire(irq_lock, 0, 0, nullptr); heisen_release(irq_lock, nullptr);
             heisen_irq_exit();
             heisen_acquire(irq_lock, 0, 0, nullptr); w.take("P"); w.drop("P"); heisen_release(irq_lock, nullptr);
             w.take("P"); w.drop("P");
             w.irqs(true);
         }, [](const Primitive &p) {
             // A sleeping P is wrong twice: under the spinning irq_lock, and with irqs off.
             return p.spinning() ? none() : Expected{{"sleep-in-atomic", "sleep-in-atomic"}, {"P"}};
         }},
        {"irq_inversion_unsafe_first", [](World &w) {
             heisen_lock_map *irq_lock = w.other("irq_lock", HEISEN_LOCK_SPIN);
             w.take("P"); w.drop("P");
             w.irqs(false);
             heisen_acquire(irq_lock, 0, 0, nullptr); w.take("P"); w.drop("P"); heisen_release(irq_lock, nullptr);
             heisen_irq_enter();
             heisen_acquire(irq_lock, 0, 0, nullptr); heisen_release(irq_lock, nullptr);
             heisen_irq_exit(); w.irqs(true);
         }, [](const Primitive &p) {
             // A recursive read never waits for another reader, so it creates no inversion.
             if (p.recursive_read()) return none();
             if (!p.spinning()) return Expected{{"sleep-in-atomic", "irq-lock-inversion"}, {"irq_lock", "P"}};
             return one("irq-lock-inversion", {"irq_lock", "P"});
         }},
        {"nested_irq_reenters_held_lock", [](World &w) {
             heisen_irq_enter(); w.irqs(false); w.take("A");
             heisen_irq_enter(); w.take("A");
         }, [](const Primitive &p) {
             if (!p.spinning()) return Expected{{"sleeping-lock-in-irq", "sleeping-lock-in-irq", "self-deadlock"}, {"A"}};
             return p.recursive_read() ? none() : one("self-deadlock", {"A"});
         }},
        {"condition_wait_releases_mutex", [](World &w) {
             w.take("M"); w.drop("M"); heisen_might_sleep(nullptr); w.take("M"); w.drop("M");
         }, [](const Primitive &) { return none(); }},
        {"condition_wait_under_spinlock", [](World &w) {
             heisen_lock_map *spin = w.other("S", HEISEN_LOCK_SPIN);
             heisen_acquire(spin, 0, 0, nullptr);
             w.take("M"); w.drop("M"); heisen_might_sleep(nullptr); w.take("M"); w.drop("M");
             heisen_release(spin, nullptr);
         }, [](const Primitive &p) {
             return p.spinning() ? one("sleep-in-atomic") : Expected{{"sleep-in-atomic"}, {"M"}};
         }},
        {"cpu_owned_handoff_to_scheduler", [](World &w) {
             w.on_cpu(0, 0x1000); w.take("p.lock");
             w.on_cpu(0, 0);  // the scheduler on the same CPU releases it
             w.drop("p.lock");
         }, [](const Primitive &p) { return p.spinning() ? none() : one("non-owner-release", {"p.lock"}); }},
        {"task_owned_follows_task", [](World &w) {
             w.on_cpu(0, 0x2000); w.take("L");
             w.on_cpu(1, 0x2000);  // the task migrated
             w.drop("L");
         }, [](const Primitive &p) { return p.spinning() ? one("non-owner-release", {"L"}) : none(); }},
        {"release_not_held", [](World &w) { w.drop("A"); },
         [](const Primitive &) { return one("bad-unlock-balance", {"A"}); }},
        {"release_twice", [](World &w) { w.take("A"); w.drop("A"); w.drop("A"); },
         [](const Primitive &) { return one("bad-unlock-balance", {"A"}); }},
        {"release_by_other_cpu", [](World &w) { w.on_cpu(0, 0x10); w.take("A"); w.on_cpu(1, 0x20); w.drop("A"); },
         [](const Primitive &) { return one("non-owner-release", {"A"}); }},
        {"destroy_held_lock", [](World &w) { w.take("A"); heisen_lock_destroy(w.lock("A")); },
         [](const Primitive &) { return one("held-lock-freed", {"A"}); }},
        {"destroy_released_lock", [](World &w) { w.take("A"); w.drop("A"); heisen_lock_destroy(w.lock("A")); },
         [](const Primitive &) { return none(); }},
        {"task_exit_with_lock", [](World &w) { w.on_cpu(0, 0x30); w.take("A"); heisen_task_exit(nullptr); },
         [](const Primitive &) { return one("exit-with-locks-held", {"A"}); }},
        {"task_exit_after_release", [](World &w) {
             w.on_cpu(0, 0x30); w.take("A"); w.drop("A"); heisen_task_exit(nullptr);
         }, [](const Primitive &) { return none(); }},
        {"return_to_user_with_lock", [](World &w) { w.on_cpu(0, 0x30); w.take("A"); heisen_return_to_user(nullptr); },
         [](const Primitive &) { return one("return-to-user-with-locks-held", {"A"}); }},
        {"return_to_user_after_release", [](World &w) {
             w.on_cpu(0, 0x30); w.take("A"); w.drop("A"); heisen_return_to_user(nullptr);
         }, [](const Primitive &) { return none(); }},
        {"assert_held_when_held", [](World &w) { w.take("A"); heisen_assert_held(w.lock("A"), nullptr); w.drop("A"); },
         [](const Primitive &) { return none(); }},
        {"assert_held_when_not", [](World &w) { heisen_assert_held(w.lock("A"), nullptr); },
         [](const Primitive &) { return one("assert-held", {"A"}); }},
        {"assert_not_held_when_held", [](World &w) { w.take("A"); heisen_assert_not_held(w.lock("A"), nullptr); },
         [](const Primitive &) { return one("assert-not-held", {"A"}); }},
        {"assert_not_held_when_not", [](World &w) {
             w.take("A"); w.drop("A"); heisen_assert_not_held(w.lock("A"), nullptr);
         }, [](const Primitive &) { return none(); }},
    };
    return all;
}

using Case = std::tuple<size_t, size_t>;

class LockingMatrix : public ::testing::TestWithParam<Case> {
  protected:
    void SetUp() override { fake::reset(); }
};

bool report_names(const fake::Report &r, const std::string &name) {
    auto is = [&](const heisen_report_lock &l) { return l.name && name == l.name; };
    if (is(r.data.subject) || is(r.data.other)) return true;
    for (uint32_t i = 0; i < r.data.chain_length; ++i)
        if (is(r.data.chain[i].from) || is(r.data.chain[i].to)) return true;
    for (uint32_t i = 0; i < r.data.held_count; ++i)
        if (is(r.data.held[i])) return true;
    return false;
}

TEST_P(LockingMatrix, ReportsExactlyWhatTheScenarioDeserves) {
    const Scenario &s = scenarios()[std::get<0>(GetParam())];
    const Primitive &p = kPrimitives[std::get<1>(GetParam())];
    World world(p);
    s.run(world);
    Expected expected = s.expect(p);
    EXPECT_EQ(fake::kinds(), expected.kinds) << (fake::port().reports.empty() ? "" : fake::port().reports[0].text);
    if (!expected.kinds.empty() && !fake::port().reports.empty()) {
        const fake::Report &first = fake::port().reports.back();
        for (const std::string &name : expected.named)
            EXPECT_TRUE(report_names(first, name)) << "report does not name \"" << name << "\":\n" << first.text;
        EXPECT_NE(first.text.find(heisen_report_kind_header(first.data.kind)), std::string::npos);
    }
}

std::string case_name(const ::testing::TestParamInfo<Case> &info) {
    return std::string(scenarios()[std::get<0>(info.param)].name) + "__" + kPrimitives[std::get<1>(info.param)].name;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, LockingMatrix,
                         ::testing::Combine(::testing::Range<size_t>(0, scenarios().size()),
                                            ::testing::Range<size_t>(0, std::size(kPrimitives))),
                         case_name);

}  // namespace
