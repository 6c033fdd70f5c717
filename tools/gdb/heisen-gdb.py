# heisen-gdb.py — GDB commands that read heisen's validator tables from a stopped program.
#
#   (gdb) source tools/gdb/heisen-gdb.py
#   (gdb) heisen held            locks held by every CPU and task, with symbolized sites
#   (gdb) heisen held --stacks   the same with each acquisition's saved stack
#   (gdb) heisen graph           the lock-order edges between classes seen so far, and the
#                                waits and events among them (docs/validator.md)
#   (gdb) heisen graph --dot     the same as a Graphviz digraph
#
# Works on a halted kernel (QEMU's gdbstub), a live process or a core file: it only reads
# memory, through the program's symbols and DWARF types (build with -g). Nothing runs in the
# target, so it is safe when the kernel is wedged with locks held.

import gdb

# The engine's tables, with the names they have had: the first one found is used.
TABLES = {
    "cpus": ["heisen::core::g_cpus", "heisen::core::(anonymous namespace)::g_cpus"],
    "tasks": ["heisen::core::g_tasks", "heisen::core::(anonymous namespace)::g_tasks"],
    "classes": ["heisen::core::g_classes", "heisen::core::(anonymous namespace)::g_classes"],
    "classes_used": ["heisen::core::g_classes_used",
                     "heisen::core::(anonymous namespace)::g_classes_used"],
    "edges": ["heisen::core::g_edges", "heisen::core::(anonymous namespace)::g_edges"],
    "edges_used": ["heisen::core::g_edges_used",
                   "heisen::core::(anonymous namespace)::g_edges_used"],
    "stacks": ["heisen::core::g_stacks", "heisen::core::(anonymous namespace)::g_stacks"],
}

LOCK_SPIN = 0x01
LOCK_SLEEP = 0x02
EVENT = 0x100               # heisen.h HEISEN_EVENT
INTERRUPT_HANDLING = 0x200  # report.h HEISEN_REPORT_INTERRUPT_HANDLING
NOT_A_LOCK = EVENT | INTERRUPT_HANDLING
TASK_TOMBSTONE_MASK = (1 << 64) - 1


def table(key):
    """The engine table `key` as a gdb.Value, or a GdbError saying what is missing."""
    for name in TABLES[key]:
        symbol = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
        if symbol is not None:
            return symbol.value()
        try:
            return gdb.parse_and_eval("'%s'" % name)
        except gdb.error:
            continue
    raise gdb.GdbError(
        "heisen: no validator table %s in this program (is it linked with heisen's engine and "
        "built with -g?)" % TABLES[key][0])


def array_length(value):
    low, high = value.type.strip_typedefs().range()
    return high - low + 1


def c_string(pointer, limit=128):
    """The NUL-terminated name at `pointer`, read in small pieces so a bad pointer near the end
    of readable memory still yields what can be read."""
    address = int(pointer)
    if address == 0:
        return "?"
    inferior = gdb.selected_inferior()
    data = b""
    while len(data) < limit:
        try:
            chunk = bytes(inferior.read_memory(address + len(data), 16))
        except gdb.MemoryError:
            break
        end = chunk.find(b"\0")
        if end >= 0:
            return (data + chunk[:end]).decode("utf-8", "replace")
        data += chunk
    return data.decode("utf-8", "replace") if data else "<unreadable name at 0x%x>" % address


def describe_pc(pc):
    """`function+0xoff (file:line)` for a code address, naming an inlined callee too, or the
    bare address when there are no symbols."""
    if pc == 0:
        return "?"
    text = "0x%x" % pc
    # Sites are return addresses: the call is the instruction before.
    try:
        block = gdb.block_for_pc(pc - 1)
    except RuntimeError:
        block = None
    functions = []  # innermost (possibly inlined) first, the real function last
    while block is not None:
        if block.function is not None:
            functions.append(block.function)
        block = block.superblock
    if functions:
        outer = functions[-1]
        text = "%s+0x%x" % (outer.print_name, pc - int(outer.value().address))
        if functions[0] is not outer and functions[0].print_name != outer.print_name:
            text += " [inlined %s]" % functions[0].print_name
    line = gdb.find_pc_line(pc - 1)
    if line.symtab is not None and line.line:
        text += " (%s:%d)" % (line.symtab.filename, line.line)
    return text


def lock_kind(kind):
    if kind & LOCK_SLEEP:
        return "sleep"
    if kind & LOCK_SPIN:
        return "spin"
    return "lock"


def held_entries(stack):
    """The HeldLock entries of one HeldLockStack, oldest first (depth clamped)."""
    locks = stack["locks"]
    depth = min(int(stack["depth"]), array_length(locks))
    return [locks[i] for i in range(depth)]


def saved_stack(stack_id):
    """The return addresses of a saved acquisition stack (empty when none was saved)."""
    if stack_id == 0:
        return []
    stacks = table("stacks")
    if stack_id >= array_length(stacks):
        return []
    saved = stacks[stack_id]
    pcs = saved["pcs"]
    depth = min(int(saved["depth"]), array_length(pcs))
    return [int(pcs[i]) for i in range(depth)]


def print_held(title, entries, with_stacks):
    gdb.write("%s:\n" % title)
    for i, entry in enumerate(entries):
        gdb.write(" #%d: \"%s\" (%s) acquired at %s\n" % (
            i, c_string(entry["name"]), lock_kind(int(entry["kind"])),
            describe_pc(int(entry["ip"]))))
        if with_stacks:
            for depth, pc in enumerate(saved_stack(int(entry["stack_id"]))):
                gdb.write("       [%d] %s\n" % (depth, describe_pc(pc)))


class HeisenCommand(gdb.Command):
    """heisen's validator state: `heisen held`, `heisen graph [--dot]`."""

    def __init__(self):
        super().__init__("heisen", gdb.COMMAND_DATA, gdb.COMPLETE_NONE, True)


class HeisenHeld(gdb.Command):
    """Locks held by every CPU and every task, with where each was acquired.

Usage: heisen held [--stacks]
--stacks adds each acquisition's saved stack (kept when the lock sequence was first seen).
Reads heisen's per-CPU and per-task held-lock stacks; takes no lock and runs nothing in the
target, so it works on a kernel that is stopped or deadlocked."""

    def __init__(self):
        super().__init__("heisen held", gdb.COMMAND_DATA)

    def invoke(self, argument, from_tty):
        words = argument.split()
        if words not in ([], ["--stacks"]):
            raise gdb.GdbError("heisen held: usage: heisen held [--stacks]")
        with_stacks = words == ["--stacks"]
        cpus, tasks = table("cpus"), table("tasks")
        total = 0
        for cpu in range(array_length(cpus)):
            entries = held_entries(cpus[cpu]["held"])
            if entries:
                irq = int(cpus[cpu]["irq_depth"])
                print_held("cpu %d%s" % (cpu, " (in interrupt)" if irq else ""), entries,
                           with_stacks)
                total += len(entries)
        for slot in range(array_length(tasks)):
            task = tasks[slot]
            task_id = int(task["task_id"]) & TASK_TOMBSTONE_MASK
            if task_id in (0, TASK_TOMBSTONE_MASK):
                continue
            entries = held_entries(task["held"])
            if entries:
                print_held("task 0x%x" % task_id, entries, with_stacks)
                total += len(entries)
        if total == 0:
            gdb.write("heisen: no locks held\n")


class HeisenGraph(gdb.Command):
    """Lock-order edges between lock classes: "A -> B" means B was acquired while A was held.

Usage: heisen graph [--dot]
--dot prints a Graphviz digraph (save it with `pipe heisen graph --dot | cat > order.dot`)."""

    def __init__(self):
        super().__init__("heisen graph", gdb.COMMAND_DATA)

    def invoke(self, argument, from_tty):
        words = argument.split()
        if words not in ([], ["--dot"]):
            raise gdb.GdbError("heisen graph: usage: heisen graph [--dot]")
        classes, edges = table("classes"), table("edges")
        used = min(int(table("edges_used")), array_length(edges))

        def class_name(index):
            if index >= array_length(classes):
                return "class#%d" % index
            cls = classes[index]
            name = c_string(cls["name"])
            subclass = int(cls["subclass"])
            return "%s/%d" % (name, subclass) if subclass else name

        def class_kind(index):
            return int(classes[index]["kind"]) if index < array_length(classes) else 0

        found = []
        for i in range(used):
            edge = edges[i]
            if not int(edge["live"]):
                continue
            source, target = int(edge["from"]), int(edge["to"])
            found.append((class_name(source), class_name(target), int(edge["from_ip"]), int(edge["to_ip"]),
                          class_kind(source), class_kind(target)))
        if words == ["--dot"]:
            gdb.write("digraph heisen_lock_order {\n")
            for source, target, _, _, _, _ in found:
                gdb.write("  \"%s\" -> \"%s\";\n" % (source.replace('"', '\\"'),
                                                     target.replace('"', '\\"')))
            gdb.write("}\n")
            return
        if not found:
            gdb.write("heisen: no lock-order edges recorded\n")
            return
        waits = sum(1 for edge in found if (edge[4] | edge[5]) & NOT_A_LOCK)
        gdb.write("%d lock-order edge%s" % (len(found) - waits, "" if len(found) - waits == 1 else "s"))
        gdb.write(", %d wait and event edge%s:\n" % (waits, "" if waits == 1 else "s") if waits else ":\n")
        for source, target, source_ip, target_ip, source_kind, target_kind in found:
            gdb.write("\"%s\" -> \"%s\"\n" % (source, target))
            if source_kind & INTERRUPT_HANDLING:
                gdb.write("    \"%s\" spun on or waited for with interrupts off at %s\n" % (target, describe_pc(target_ip)))
            elif target_kind & INTERRUPT_HANDLING:
                gdb.write("    \"%s\" triggered in an interrupt handler at %s\n" % (source, describe_pc(source_ip)))
            elif source_kind & EVENT:
                gdb.write("    \"%s\" triggered at %s\n    after \"%s\" acquired at %s\n" % (
                    source, describe_pc(source_ip), target, describe_pc(target_ip)))
            elif target_kind & EVENT:
                gdb.write("    \"%s\" held since %s\n    while waiting for \"%s\" at %s\n" % (
                    source, describe_pc(source_ip), target, describe_pc(target_ip)))
            else:
                gdb.write("    \"%s\" held since %s\n    \"%s\" acquired at %s\n" % (
                    source, describe_pc(source_ip), target, describe_pc(target_ip)))


HeisenCommand()
HeisenHeld()
HeisenGraph()
