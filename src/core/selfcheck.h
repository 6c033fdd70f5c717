// selfcheck.h — a HEISEN_SELFCHECK build's checks of the engine against itself (config.h).
//
// The fast paths (fast_path.h) decide that an acquisition or release has nothing new for any rule;
// the self-check has the full paths judge each of them instead and fails when the verdicts
// differ. The order graph's invariants (order_graph_violation) are verified after every change
// to it. A failure names what broke on the port's output and stops the program: the engine is
// wrong from there on, and its next report could not be trusted.
#pragma once

namespace heisen::core {

// Writes "heisen: self-check failed: <what>" and stops through heisen_port_abort().
[[noreturn]] void selfcheck_failed(const char *what);

}  // namespace heisen::core
