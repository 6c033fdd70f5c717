// reset.cpp — see reset.h.
#include "core/reset.h"

#include "core/engine.h"

namespace heisen::core {
void reset_chain_cache();
void reset_stack_store();
void reset_contexts();
void reset_lock_classes();
void reset_order_graph();
void reset_report_signatures();
void reset_limits();
void reset_instance_order();
void reset_waits();
}  // namespace heisen::core

extern "C" void heisen_reset_for_testing(void) {
    using namespace heisen::core;
    reset_chain_cache();
    reset_stack_store();
    reset_contexts();
    reset_lock_classes();
    reset_order_graph();
    reset_instance_order();
    reset_waits();
    reset_report_signatures();
    reset_limits();
    g_settings = EngineSettings{};
}
