// order_graph.h — "class A was held when class B was acquired", with where that was first seen.
//
// Mutated and searched only under the graph lock (engine.h), looked up lock-free by edge_known();
// edges live within a bounded window of their index hash. Searches use static work
// arrays with an epoch stamp instead of recursion or clearing, so their cost is bounded by the
// number of reachable classes.
#pragma once

#include <stdint.h>

namespace heisen::core {

// Class kinds that are not locks: events and the engine's "interrupt handling" (waits.cpp).
constexpr uint32_t kEventKinds = 0x100u | 0x200u;  // HEISEN_EVENT | HEISEN_REPORT_INTERRUPT_HANDLING

struct OrderEdge {
    uint32_t from, to;                // class indices
    uint32_t from_generation, to_generation;
    uint32_t next_out, next_in;       // adjacency links (edge index + 1, 0 = end)
    uint32_t from_stack, to_stack;    // stack store ids (0: only the ip is known)
    uintptr_t from_ip, to_ip;
    uint8_t from_mode, to_mode;
    uint8_t live;
};

enum class EdgeAdd { kExists, kAdded, kTableFull };

// Adds from -> to unless it exists. `edge_index` receives the edge either way (when not full).
EdgeAdd add_edge(uint32_t from, uint32_t to, const OrderEdge &proto, uint32_t &edge_index);
OrderEdge &order_edge(uint32_t index);
bool has_edge(uint32_t from, uint32_t to);
// Index of the live edge from -> to, or -1.
int edge_between(uint32_t from, uint32_t to);
// A new edge from -> to would find room (the edge table and its index window).
bool can_add_edge(uint32_t from, uint32_t to);
// Every edge is taken (lock-free, approximate).
bool edge_table_full();
// Without the graph lock: the live edge from -> to between these generations of the two classes,
// or null (also when the graph changes meanwhile: the caller then takes the locked path).
const OrderEdge *edge_known(uint32_t from, uint32_t to, uint32_t from_generation, uint32_t to_generation);

// Breadth-first search along out-edges (forward) or in-edges (backward) from `start` for a
// class satisfying `match`. On success fills `path` with the edge indices from start to the
// match (forward order) and returns the matched class index; -1 otherwise.
// kSkipRecursiveReads leaves out edges into a recursive read (an interrupted reader never
// blocks another reader, so irq usage does not propagate through them) and edges touching an
// event (waits.cpp).
using ClassPredicate = bool (*)(uint32_t class_index, const void *argument);
enum class EdgeFilter { kAll, kSkipRecursiveReads };
int search_graph(uint32_t start, bool forward, ClassPredicate match, const void *argument,
                 uint32_t *path, uint32_t path_capacity, uint32_t &path_length,
                 uint32_t &path_truncated, EdgeFilter filter = EdgeFilter::kAll);

// Removes every edge touching `class_index` (its class is being retired).
void remove_class_edges(uint32_t class_index);

uint32_t edge_count();

// The graph's invariants, checked (graph lock held): the edge table's live count and free list,
// each live edge between two distinct classes and found by the index where it is, the index
// holding live edges only and each once, and each class's out- and in-edge lists holding exactly
// the live edges that leave and reach it. Returns what is broken, or null. A HEISEN_SELFCHECK
// build runs it after every insertion and removal (selfcheck.h).
const char *order_graph_violation();

}  // namespace heisen::core
