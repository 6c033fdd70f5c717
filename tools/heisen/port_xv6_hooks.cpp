// port_xv6_hooks.cpp — the table of xv6 hook points. Each hook is found by the function it
// lives in and a line pattern inside that function, so whitespace, lab additions (lock
// statistics, #ifdef LAB_LOCK blocks) and moved code do not matter.
#include "port_xv6_hooks.h"

#include <functional>
#include <optional>
#include <algorithm>
#include <regex>

namespace heisen::port {

namespace {

struct Insertion {
    size_t before; // line index in the original file
    std::string text;
};

// Finds one hook point in `f`; nullopt when the tree does not have it.
using Locate = std::function<std::optional<std::vector<Insertion>>(const TextFile &f)>;

struct Hook {
    std::string file;
    std::string where; // the hook point, as a refusal names it
    std::string what;  // what the kit adds there
    Locate locate;
};

// The parameter name of type `struct TYPE *` in a function's signature line.
std::optional<std::string> pointer_param(const TextFile &f, size_t signature, const std::string &type) {
    std::smatch m;
    const std::regex re("struct\\s+" + type + "\\s*\\*\\s*(\\w+)");
    if (std::regex_search(f.lines()[signature].text, m, re)) return m[1].str();
    return std::nullopt;
}

std::string body_indent(const TextFile &f, const TextFile::Range &r) {
    for (size_t i = r.open + 1; i < r.close; ++i) {
        std::string ind = indentation_of(f.lines()[i].text);
        if (!ind.empty()) return ind;
    }
    return "  ";
}

// `call` with its `$` replaced by function `r`'s `struct TYPE *` parameter (no TYPE: as given).
std::optional<std::string> passing_param(const TextFile &f, const TextFile::Range &r, const std::string &type,
                                         std::string call) {
    if (type.empty()) return call;
    auto p = pointer_param(f, r.signature, type);
    if (!p) return std::nullopt;
    call.replace(call.find('$'), 1, *p);
    return call;
}

// A call as the first statement of function `fn`, whose `struct TYPE *` parameter it passes.
Locate at_entry(std::string fn, std::string type, std::string call) {
    return [=](const TextFile &f) -> std::optional<std::vector<Insertion>> {
        auto r = f.find_function(fn);
        if (!r) return std::nullopt;
        auto text = passing_param(f, *r, type, call);
        if (!text) return std::nullopt;
        return std::vector<Insertion>{{r->open + 1, body_indent(f, *r) + *text + " " + kCMarker}};
    };
}

// A call before the function's closing brace (after everything it initialises).
Locate at_end(std::string fn, std::string type, std::string call) {
    return [=](const TextFile &f) -> std::optional<std::vector<Insertion>> {
        auto r = f.find_function(fn);
        if (!r) return std::nullopt;
        auto text = passing_param(f, *r, type, call);
        if (!text) return std::nullopt;
        return std::vector<Insertion>{{r->close, body_indent(f, *r) + *text + " " + kCMarker}};
    };
}

// A call next to the first line of function `fn` matching `pattern`; `$1` in `call` is the
// pattern's first group.
Locate near_line(std::string fn, std::string pattern, std::string call, bool after) {
    return [=](const TextFile &f) -> std::optional<std::vector<Insertion>> {
        auto r = f.find_function(fn);
        if (!r) return std::nullopt;
        const std::regex re(pattern);
        auto at = f.find_line(re, r->open, r->close + 1);
        if (!at) return std::nullopt;
        std::smatch m;
        std::string text = call;
        const std::string &line = f.lines()[*at].text;
        if (std::regex_search(line, m, re) && m.size() > 1) {
            for (size_t pos; (pos = text.find("$1")) != std::string::npos;) text.replace(pos, 2, m[1].str());
        }
        return std::vector<Insertion>{{*at + (after ? 1 : 0), indentation_of(line) + text + " " + kCMarker}};
    };
}

// near_line() for a call passing function `fn`'s `struct TYPE *` parameter (`$` in `call`).
Locate near_line_passing(std::string fn, std::string type, std::string pattern, std::string call, bool after) {
    return [=](const TextFile &f) -> std::optional<std::vector<Insertion>> {
        auto r = f.find_function(fn);
        if (!r) return std::nullopt;
        auto text = passing_param(f, *r, type, call);
        if (!text) return std::nullopt;
        return near_line(fn, pattern, *text, after)(f);
    };
}

// The name of the `void *` parameter in a function's signature line (a channel).
std::optional<std::string> void_pointer_param(const TextFile &f, size_t signature) {
    std::smatch m;
    static const std::regex re("void\\s*\\*\\s*(\\w+)");
    if (std::regex_search(f.lines()[signature].text, m, re)) return m[1].str();
    return std::nullopt;
}

// `call` with `@` replaced by function `fn`'s `void *` parameter (its channel) and `$` by its
// `struct TYPE *` parameter (no TYPE: none); nullopt when either is missing.
std::optional<std::string> passing_channel(const TextFile &f, const TextFile::Range &r, const std::string &type,
                                           std::string call) {
    auto chan = void_pointer_param(f, r.signature);
    if (!chan) return std::nullopt;
    call.replace(call.find('@'), 1, *chan);
    return passing_param(f, r, type, call);
}

// sleep(chan, lk): after `p = myproc();`, the wait on the channel that gives lk up.
Locate sleep_wait(std::string call) {
    return [=](const TextFile &f) -> std::optional<std::vector<Insertion>> {
        auto r = f.find_function("sleep");
        if (!r) return std::nullopt;
        auto text = passing_channel(f, *r, "spinlock", call);
        if (!text) return std::nullopt;
        return near_line("sleep", "=\\s*myproc\\s*\\(\\s*\\)\\s*;", *text, true)(f);
    };
}

// wakeup(chan): the event, as the function's first statement.
Locate wakeup_event(std::string call) {
    return [=](const TextFile &f) -> std::optional<std::vector<Insertion>> {
        auto r = f.find_function("wakeup");
        if (!r) return std::nullopt;
        auto text = passing_channel(f, *r, "", call);
        if (!text) return std::nullopt;
        return std::vector<Insertion>{{r->open + 1, body_indent(f, *r) + *text + " " + kCMarker}};
    };
}

// A struct member before the struct's closing "};".
Locate struct_member(std::string type, std::string member) {
    return [=](const TextFile &f) -> std::optional<std::vector<Insertion>> {
        auto open = f.find_line(std::regex("^\\s*struct\\s+" + type + "\\s*\\{"), 0, f.lines().size());
        if (!open) return std::nullopt;
        auto close = f.find_line(std::regex("^\\s*\\}\\s*;"), *open, f.lines().size());
        if (!close) return std::nullopt;
        return std::vector<Insertion>{
            {*open, "#include \"heisen/heisen_xv6.h\" " + kCMarker},
            {*close, "  " + member + " " + kCMarker}};
    };
}

// trap.c: devintr() calls become heisen_xv6_devintr() (interrupt context around the
// handler) by a macro after the includes, undefined again before devintr's own definition.
Locate devintr_wrapper() {
    return [](const TextFile &f) -> std::optional<std::vector<Insertion>> {
        auto def = f.find_function("devintr");
        if (!def) return std::nullopt;
        std::optional<size_t> last_include;
        for (size_t i = 0; i < def->signature; ++i)
            if (f.lines()[i].text.rfind("#include", 0) == 0) last_include = i;
        if (!last_include) return std::nullopt;
        // Every call must lie between the macro and the definition.
        const std::regex call("devintr\\s*\\(\\s*\\)");
        for (size_t i = def->close + 1; i < f.lines().size(); ++i)
            if (std::regex_search(f.lines()[i].text, call)) return std::nullopt;
        // The definition's return type sits on the line above in xv6 style.
        size_t def_start = def->signature;
        if (def_start > 0 && std::regex_match(f.lines()[def_start - 1].text, std::regex("^\\s*(static\\s+)?int\\s*$")))
            --def_start;
        return std::vector<Insertion>{
            {*last_include + 1, "#define devintr() heisen_xv6_devintr() " + kCMarker},
            {def_start, "#undef devintr " + kCMarker}};
    };
}

// Makefile: kernel/heisen/heisen.mk, included right after the OBJS list (it adds the kit's
// objects to OBJS, which the $K/kernel rule's prerequisites read when make reads that rule).
Locate makefile_include() {
    return [](const TextFile &f) -> std::optional<std::vector<Insertion>> {
        auto objs = f.find_line(std::regex("^OBJS\\s*=\\s*\\\\?\\s*$"), 0, f.lines().size());
        if (!objs) return std::nullopt;
        size_t end = *objs;
        while (end < f.lines().size() && !f.lines()[end].text.empty() && f.lines()[end].text.back() == '\\') ++end;
        if (end >= f.lines().size()) return std::nullopt;
        auto kernel_rule = f.find_line(std::regex("^\\$K/kernel\\s*:"), 0, f.lines().size());
        if (!kernel_rule || *kernel_rule < end) return std::nullopt;
        return std::vector<Insertion>{{end + 1, "include $K/heisen/heisen.mk " + kMakeMarker}};
    };
}

const std::string kRa = "__builtin_return_address(0)";

std::vector<Hook> xv6_hooks() {
    return {
        {"kernel/spinlock.h", "struct spinlock in kernel/spinlock.h", "lock map member and #include \"heisen/heisen_xv6.h\"",
         struct_member("spinlock", "struct heisen_xv6_lock heisen;")},
        {"kernel/spinlock.c", "initlock() in kernel/spinlock.c", "initlock(): register the lock by name",
         at_end("initlock", "spinlock", "heisen_xv6_initlock($);")},
        {"kernel/spinlock.c", "push_off() call in acquire() in kernel/spinlock.c",
         "acquire(): validate each acquisition after push_off()",
         // push_off() as a statement of its own, so the hook after it always runs with
         // interrupts off (heisen_xv6_acquire() tells the engine so without asking).
         near_line_passing("acquire", "spinlock", "^\\s*push_off\\s*\\(\\s*\\)\\s*;",
                           "heisen_xv6_acquire($, " + kRa + ");", true)},
        // After the unlock, while interrupts are still off: the engine's bookkeeping stays out of
        // the lock's critical section, which xv6's scheduler loop and wakeup() contend on.
        {"kernel/spinlock.c", "pop_off() call in release() in kernel/spinlock.c",
         "release(): validate each release after the unlock, before pop_off()",
         near_line_passing("release", "spinlock", "^\\s*pop_off\\s*\\(\\s*\\)\\s*;",
                           "heisen_xv6_release($, " + kRa + ");", false)},
        // A release of a lock this CPU does not hold: reported (by whom it is held, if anyone)
        // before xv6's own panic("release"), which the hook after the unlock never reaches.
        {"kernel/spinlock.c", "the holding() check in release() in kernel/spinlock.c",
         "release(): report releasing a lock this CPU does not hold, before xv6 panics",
         near_line("release", "^\\s*if\\s*\\(\\s*!\\s*holding\\s*\\(\\s*(\\w+)\\s*\\)\\s*\\)",
                   "if(!holding($1)) heisen_xv6_release($1, " + kRa + ");", false)},
        {"kernel/spinlock.c", "the noff < 1 check in pop_off() in kernel/spinlock.c",
         "pop_off(): report unbalanced push_off/pop_off",
         near_line("pop_off", "if\\s*\\(\\s*(\\w+)->noff\\s*<\\s*1\\s*\\)", "heisen_xv6_pop_off($1->noff, " + kRa + ");",
                   false)},
        {"kernel/sleeplock.h", "struct sleeplock in kernel/sleeplock.h", "lock map member",
         [](const TextFile &f) -> std::optional<std::vector<Insertion>> {
             auto all = struct_member("sleeplock", "struct heisen_xv6_lock heisen;")(f);
             if (!all) return std::nullopt;
             return std::vector<Insertion>{all->back()}; // spinlock.h already brings the header
         }},
        {"kernel/sleeplock.c", "initsleeplock() in kernel/sleeplock.c", "initsleeplock(): register the sleeplock by name",
         at_end("initsleeplock", "sleeplock", "heisen_xv6_initsleeplock($);")},
        {"kernel/sleeplock.c", "acquiresleep() in kernel/sleeplock.c",
         "acquiresleep(): may-sleep check and acquisition, on entry",
         at_entry("acquiresleep", "sleeplock", "heisen_xv6_acquiresleep($, " + kRa + ");")},
        {"kernel/sleeplock.c", "releasesleep() in kernel/sleeplock.c", "releasesleep(): validate each release",
         at_entry("releasesleep", "sleeplock", "heisen_xv6_releasesleep($, " + kRa + ");")},
        {"kernel/proc.c", "myproc() in sleep() in kernel/proc.c",
         "sleep(): only the condition lock may be held; a wait on the channel that gives it up",
         sleep_wait("heisen_xv6_sleep(@, $, " + kRa + ");")},
        {"kernel/proc.c", "the end of sleep() in kernel/proc.c", "sleep(): the wait is over",
         at_end("sleep", "", "heisen_xv6_sleep_done(" + kRa + ");")},
        {"kernel/proc.c", "wakeup(void *chan) in kernel/proc.c", "wakeup(): the channel's event",
         wakeup_event("heisen_xv6_wakeup(@, " + kRa + ");")},
        {"kernel/proc.c", "p = myproc() in sched() in kernel/proc.c", "sched(): only p->lock may be held",
         near_line("sched", "struct\\s+proc\\s*\\*\\s*(\\w+)\\s*=\\s*myproc\\s*\\(\\s*\\)\\s*;",
                   "heisen_xv6_sched(&$1->lock, " + kRa + ");", true)},
        {"kernel/proc.c", "exit() in kernel/proc.c", "exit(): report locks the process still holds",
         at_entry("exit", "", "heisen_xv6_exit(" + kRa + ");")},
        {"kernel/trap.c", "devintr() in kernel/trap.c", "kerneltrap()/usertrap(): devintr() runs as interrupt context",
         devintr_wrapper()},
        {"kernel/fs.c", "acquiresleep() call in iput() in kernel/fs.c",
         "iput(): its acquiresleep() under itable.lock cannot block (ref == 1), so it is validated as a trylock",
         near_line("iput", "acquiresleep\\s*\\(", "heisen_xv6_acquiresleep_cannot_block();", false)},
        {"kernel/printf.c", "panicked = 1 in panic() in kernel/printf.c", "panic(): print every CPU's and process's held locks",
         near_line("panic", "panicked\\s*=\\s*1\\s*;", "heisen_xv6_panic();", false)},
        {"Makefile", "the OBJS list and the $K/kernel rule in Makefile",
         "include $K/heisen/heisen.mk (the kit's objects, its build rules, the kernel's symbol table)",
         makefile_include()},
    };
}

}  // namespace

const std::vector<std::string> &xv6_edited_files() {
    static const std::vector<std::string> files = {"kernel/spinlock.h", "kernel/spinlock.c", "kernel/sleeplock.h",
                                                   "kernel/sleeplock.c", "kernel/proc.c",     "kernel/trap.c", "kernel/fs.c",
                                                   "kernel/printf.c",    "Makefile"};
    return files;
}

const std::string &marker_for(const std::string &file) { return file == "Makefile" ? kMakeMarker : kCMarker; }

HookPlan plan_xv6_hooks(const std::map<std::string, TextFile> &originals) {
    HookPlan plan;
    std::map<std::string, std::vector<Insertion>> per_file;
    for (const Hook &h : xv6_hooks()) {
        auto it = originals.find(h.file);
        std::optional<std::vector<Insertion>> ins;
        if (it != originals.end()) ins = h.locate(it->second);
        if (!ins) {
            plan.missing = h.where;
            return plan;
        }
        auto &list = per_file[h.file];
        list.insert(list.end(), ins->begin(), ins->end());
        plan.changes.push_back({h.file, h.what});
    }
    for (auto &[file, list] : per_file) {
        TextFile edited = originals.at(file);
        // Insert bottom-up so earlier indices stay valid; equal indices keep their order.
        std::stable_sort(list.begin(), list.end(), [](const Insertion &a, const Insertion &b) { return a.before > b.before; });
        for (size_t i = 0; i < list.size();) {
            size_t j = i;
            while (j < list.size() && list[j].before == list[i].before) ++j;
            for (size_t k = j; k-- > i;) edited.insert_before(list[i].before, list[k].text);
            i = j;
        }
        plan.edited.emplace(file, std::move(edited));
    }
    return plan;
}

}  // namespace heisen::port
