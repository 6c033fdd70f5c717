// context.cpp — per-CPU state and the task table.
#include "core/context.h"

#include "core/atomics.h"
#include "core/engine.h"
#include "core/port.h"

namespace heisen::core {

CpuState g_cpus[HEISEN_MAX_CPUS];

namespace {

TaskState g_tasks[HEISEN_MAX_TASKS];

uint32_t task_hash(uintptr_t task_id) {
    uint64_t h = uint64_t(task_id) * 0x9e3779b97f4a7c15ull;
    return static_cast<uint32_t>(h >> 40) % HEISEN_MAX_TASKS;
}

}  // namespace

TaskState *find_task_slot(uintptr_t task_id) {
    uint32_t start = task_hash(task_id);
    for (uint32_t i = 0; i < HEISEN_MAX_TASKS; ++i) {
        TaskState &t = g_tasks[(start + i) % HEISEN_MAX_TASKS];
        uintptr_t id = load_acquire(t.task_id);
        if (id == task_id) return &t;
        if (id == 0) return nullptr;
    }
    return nullptr;
}

void reset_contexts() {
    for (CpuState &c : g_cpus) c = CpuState{};
    for (TaskState &t : g_tasks) t = TaskState{};
}

TaskState &task_slot(uint32_t index) { return g_tasks[index % HEISEN_MAX_TASKS]; }

// Only the task itself claims its slot, so two claims for one id never race; claims for
// different ids race for free slots through the compare-exchange.
TaskState *claim_task_slot(uintptr_t task_id) {
    if (TaskState *existing = find_task_slot(task_id)) return existing;
    uint32_t start = task_hash(task_id);
    for (uint32_t i = 0; i < HEISEN_MAX_TASKS; ++i) {
        TaskState &t = g_tasks[(start + i) % HEISEN_MAX_TASKS];
        uintptr_t id = load_acquire(t.task_id);
        if ((id == 0 || id == kTaskTombstone) && compare_exchange(t.task_id, id, task_id)) {
            t.held.clear();
            return &t;
        }
    }
    limit_reached(Limit::kTasks);
    return nullptr;
}

void release_task_slot(TaskState *task) {
    if (!task) return;
    task->held.clear();
    store_release(task->task_id, kTaskTombstone);
}

void cpu_limit_reached() { limit_reached(Limit::kCpus); }

}  // namespace heisen::core
