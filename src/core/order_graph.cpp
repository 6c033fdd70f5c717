// order_graph.cpp — edges between classes, their index, and bounded graph searches.
// Everything here runs under the graph lock, except edge_known(), a lock-free look-up.
#include "core/order_graph.h"

#include "core/chain_cache.h"
#include "core/config.h"
#include "core/engine.h"
#include "core/lock_class.h"
#include "core/probe.h"
#include "core/selfcheck.h"

namespace heisen::core {

namespace {

constexpr uint32_t kEdgeIndexSize = 2 * HEISEN_MAX_EDGES;
constexpr uint32_t kEdgeTombstone = 0xffffffffu;
// An edge lives within this many slots of its probe sequence (probe.h): a look-up costs at most
// that, however many tombstones removed edges leave behind.
constexpr uint32_t kEdgeWindow = 64;

OrderEdge g_edges[HEISEN_MAX_EDGES];
uint32_t g_edge_index[kEdgeIndexSize];  // edge index + 1; 0 empty
uint32_t g_edges_used;
uint32_t g_first_free_edge;             // free list through next_out (edge index + 1)
uint32_t g_live_edges;

// Search work arrays: an epoch stamp per class replaces clearing a visited set.
uint32_t g_visit_epoch[HEISEN_MAX_CLASSES];
uint32_t g_reached_by[HEISEN_MAX_CLASSES];  // edge index + 1 that first reached the class
uint32_t g_queue[HEISEN_MAX_CLASSES];
uint32_t g_epoch;

uint64_t edge_hash(uint32_t from, uint32_t to) { return chain_mix(from, to); }

int find_edge(uint32_t from, uint32_t to) {
    const uint64_t start = edge_hash(from, to);
    for (uint32_t i = 0; i < kEdgeWindow; ++i) {
        uint32_t slot = load_acquire(g_edge_index[probe_slot(start, i, kEdgeIndexSize - 1)]);
        if (slot == 0) return -1;
        if (slot == kEdgeTombstone) continue;
        const OrderEdge &e = g_edges[slot - 1];
        if (load_relaxed(e.live) && load_relaxed(e.from) == from && load_relaxed(e.to) == to)
            return static_cast<int>(slot - 1);
    }
    return -1;
}

// The index slot a new edge from -> to would take, or null when its window has none.
uint32_t *free_index_slot(uint32_t from, uint32_t to) {
    const uint64_t start = edge_hash(from, to);
    for (uint32_t i = 0; i < kEdgeWindow; ++i) {
        uint32_t &slot = g_edge_index[probe_slot(start, i, kEdgeIndexSize - 1)];
        if (slot == 0 || slot == kEdgeTombstone) return &slot;
    }
    return nullptr;
}

void unindex_edge(uint32_t edge) {
    const OrderEdge &e = g_edges[edge];
    const uint64_t start = edge_hash(e.from, e.to);
    for (uint32_t i = 0; i < kEdgeWindow; ++i) {
        uint32_t &slot = g_edge_index[probe_slot(start, i, kEdgeIndexSize - 1)];
        if (slot == 0) return;
        if (slot == edge + 1) {
            store_release(slot, kEdgeTombstone);
            return;
        }
    }
}

// Unlinks `edge` from the list starting at `head` that links through `next`.
void unlink(uint32_t &head, uint32_t edge, uint32_t OrderEdge::*next) {
    uint32_t *link = &head;
    while (*link) {
        if (*link == edge + 1) {
            *link = g_edges[edge].*next;
            return;
        }
        link = &(g_edges[*link - 1].*next);
    }
}

}  // namespace

void reset_order_graph() {
    for (OrderEdge &e : g_edges) e = OrderEdge{};
    for (uint32_t &slot : g_edge_index) slot = 0;
    for (uint32_t &v : g_visit_epoch) v = 0;
    g_edges_used = g_first_free_edge = g_live_edges = g_epoch = 0;
}

OrderEdge &order_edge(uint32_t index) { return g_edges[index % HEISEN_MAX_EDGES]; }
uint32_t edge_count() { return g_live_edges; }
bool has_edge(uint32_t from, uint32_t to) { return find_edge(from, to) >= 0; }
int edge_between(uint32_t from, uint32_t to) { return find_edge(from, to); }

bool can_add_edge(uint32_t from, uint32_t to) {
    return (g_first_free_edge || g_edges_used < HEISEN_MAX_EDGES) && free_index_slot(from, to);
}

bool edge_table_full() {
    return load_relaxed(g_first_free_edge) == 0 && load_relaxed(g_edges_used) >= HEISEN_MAX_EDGES;
}

const OrderEdge *edge_known(uint32_t from, uint32_t to, uint32_t from_generation, uint32_t to_generation) {
    const int found = find_edge(from, to);
    if (found < 0) return nullptr;
    const OrderEdge &e = g_edges[found];
    // A slot reused by another edge meanwhile shows other classes or generations.
    if (load_relaxed(e.from_generation) != from_generation || load_relaxed(e.to_generation) != to_generation)
        return nullptr;
    return &e;
}

EdgeAdd add_edge(uint32_t from, uint32_t to, const OrderEdge &proto, uint32_t &edge_index) {
    int existing = find_edge(from, to);
    if (existing >= 0) {
        edge_index = static_cast<uint32_t>(existing);
        return EdgeAdd::kExists;
    }
    uint32_t *free_slot = free_index_slot(from, to);
    uint32_t index;
    if (!free_slot) {
        limit_reached(Limit::kEdges);
        return EdgeAdd::kTableFull;
    } else if (g_first_free_edge) {
        index = g_first_free_edge - 1;
        store_relaxed(g_first_free_edge, g_edges[index].next_out);
    } else if (g_edges_used < HEISEN_MAX_EDGES) {
        index = g_edges_used;
        store_relaxed(g_edges_used, index + 1);
    } else {
        limit_reached(Limit::kEdges);
        return EdgeAdd::kTableFull;
    }
    OrderEdge &e = g_edges[index];
    e = proto;
    e.from = from;
    e.to = to;
    e.live = 1;
    LockClass &f = lock_class(from);
    LockClass &t = lock_class(to);
    e.next_out = f.first_out;
    f.first_out = index + 1;
    e.next_in = t.first_in;
    t.first_in = index + 1;
    store_release(*free_slot, index + 1);  // complete before a lock-free reader can find it
    ++g_live_edges;
    edge_index = index;
    if (HEISEN_SELFCHECK)
        if (const char *broken = order_graph_violation()) selfcheck_failed(broken);
    return EdgeAdd::kAdded;
}

namespace {

// Frees `edge`, already unlinked from the list it was found on: unlinks it from the other
// endpoint's list, drops it from the index and puts it on the free list.
void free_edge(uint32_t edge, uint32_t &other_list, uint32_t OrderEdge::*other_next) {
    unlink(other_list, edge, other_next);
    unindex_edge(edge);
    store_relaxed(g_edges[edge].live, uint8_t(0));
    g_edges[edge].next_out = g_first_free_edge;
    store_relaxed(g_first_free_edge, edge + 1);
    --g_live_edges;
}

}  // namespace

void remove_class_edges(uint32_t class_index) {
    LockClass &c = lock_class(class_index);
    while (c.first_out) {
        uint32_t edge = c.first_out - 1;
        c.first_out = g_edges[edge].next_out;
        free_edge(edge, lock_class(g_edges[edge].to).first_in, &OrderEdge::next_in);
    }
    while (c.first_in) {
        uint32_t edge = c.first_in - 1;
        c.first_in = g_edges[edge].next_in;
        free_edge(edge, lock_class(g_edges[edge].from).first_out, &OrderEdge::next_out);
    }
    if (HEISEN_SELFCHECK)
        if (const char *broken = order_graph_violation()) selfcheck_failed(broken);
}

const char *order_graph_violation() {
    // 1. The edge table's books: every used edge is live or on the free list, never both.
    uint32_t live = 0, free = 0;
    for (uint32_t i = 0; i < g_edges_used; ++i) live += g_edges[i].live ? 1 : 0;
    if (live != g_live_edges) return "order graph: the live-edge count disagrees with the edge table";
    for (uint32_t link = g_first_free_edge; link; link = g_edges[link - 1].next_out) {
        if (link > g_edges_used || free == g_edges_used) return "order graph: the free list leaves the used edges or loops";
        if (g_edges[link - 1].live) return "order graph: a live edge is on the free list";
        ++free;
    }
    if (live + free != g_edges_used) return "order graph: an edge is neither live nor on the free list";
    // 2. A live edge joins two distinct classes, and the index finds it where it is.
    for (uint32_t i = 0; i < g_edges_used; ++i) {
        const OrderEdge &e = g_edges[i];
        if (!e.live) continue;
        if (e.from >= HEISEN_MAX_CLASSES || e.to >= HEISEN_MAX_CLASSES) return "order graph: an edge names no class";
        if (e.from == e.to) return "order graph: an edge from a class to itself";
        if (find_edge(e.from, e.to) != static_cast<int>(i)) return "order graph: the edge index does not find a live edge";
    }
    // 3. The index holds each live edge once and nothing else.
    uint32_t indexed = 0;
    for (uint32_t slot : g_edge_index) {
        if (slot == 0 || slot == kEdgeTombstone) continue;
        if (slot > g_edges_used || !g_edges[slot - 1].live) return "order graph: the edge index holds a dead edge";
        ++indexed;
    }
    if (indexed != live) return "order graph: the edge index holds an edge twice";
    // 4. Each class lists exactly its own edges: its out-edges leave it, its in-edges reach it,
    // and every live edge is on both lists once.
    uint32_t outs = 0, ins = 0;
    for (uint32_t c = 0; c < HEISEN_MAX_CLASSES; ++c) {
        const LockClass &cls = lock_class(c);
        for (uint32_t link = cls.first_out; link; link = g_edges[link - 1].next_out) {
            if (link > g_edges_used) return "order graph: an out-edge list leaves the used edges";
            if (!g_edges[link - 1].live || g_edges[link - 1].from != c)
                return "order graph: a class's out-edge list holds an edge that does not leave it";
            if (++outs > live) return "order graph: an out-edge list holds an edge twice or loops";
        }
        for (uint32_t link = cls.first_in; link; link = g_edges[link - 1].next_in) {
            if (link > g_edges_used) return "order graph: an in-edge list leaves the used edges";
            if (!g_edges[link - 1].live || g_edges[link - 1].to != c)
                return "order graph: a class's in-edge list holds an edge that does not reach it";
            if (++ins > live) return "order graph: an in-edge list holds an edge twice or loops";
        }
    }
    if (outs != live || ins != live) return "order graph: a live edge is missing from its classes' edge lists";
    return nullptr;
}

int search_graph(uint32_t start, bool forward, ClassPredicate match, const void *argument,
                 uint32_t *path, uint32_t path_capacity, uint32_t &path_length,
                 uint32_t &path_truncated, EdgeFilter filter) {
    path_length = 0;
    path_truncated = 0;
    uint32_t epoch = ++g_epoch;
    if (epoch == 0) {  // wrapped: clear stamps once
        for (uint32_t &v : g_visit_epoch) v = 0;
        epoch = g_epoch = 1;
    }
    uint32_t head = 0, tail = 0;
    g_queue[tail++] = start;
    g_visit_epoch[start] = epoch;
    g_reached_by[start] = 0;
    while (head < tail) {
        uint32_t cls = g_queue[head++];
        if (cls != start && match(cls, argument)) {
            // Walk back to start, then reverse into forward order.
            uint32_t count = 0;
            for (uint32_t at = cls; g_reached_by[at]; ) {
                uint32_t edge = g_reached_by[at] - 1;
                if (count < path_capacity) path[count] = edge;
                ++count;
                at = forward ? g_edges[edge].from : g_edges[edge].to;
            }
            uint32_t kept = count < path_capacity ? count : path_capacity;
            for (uint32_t i = 0; i < kept / 2; ++i) {
                uint32_t tmp = path[i];
                path[i] = path[kept - 1 - i];
                path[kept - 1 - i] = tmp;
            }
            path_length = kept;
            path_truncated = count - kept;
            return static_cast<int>(cls);
        }
        const LockClass &c = lock_class(cls);
        for (uint32_t link = forward ? c.first_out : c.first_in; link;) {
            const OrderEdge &e = g_edges[link - 1];
            uint32_t next = forward ? e.to : e.from;
            // 2: recursive read. Interrupt usage is a property of locks: it never spreads
            // through a wait or an event.
            bool followed = filter == EdgeFilter::kAll ||
                            (e.to_mode != 2 && !((lock_class(e.from).kind | lock_class(e.to).kind) & kEventKinds));
            if (followed && g_visit_epoch[next] != epoch && tail < HEISEN_MAX_CLASSES) {
                g_visit_epoch[next] = epoch;
                g_reached_by[next] = link;
                g_queue[tail++] = next;
            }
            link = forward ? e.next_out : e.next_in;
        }
    }
    return -1;
}

}  // namespace heisen::core
