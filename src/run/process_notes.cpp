// process_notes.cpp — notes about whole processes (process_notes.h).
#include "process_notes.h"

#include "ports/posix/program_kind.h"
#include "ports/posix/wire_format.h"

namespace heisen::run {

void ProcessNotes::fact(int32_t pid, const std::vector<std::string> &words) {
    if (words.empty()) return;
    Process &process = processes_[pid];
    if (words[0] == wire::kFactThreads) {
        process.threads = true;
        if (words.size() > 1) process.name = words[1];
    } else if (words[0] == wire::kFactLocks) {
        process.locks = true;
    } else if (words[0] == wire::kFactUnvalidated && words.size() > 2) {
        using posix::ProgramKind;
        const ProgramKind kind = posix::program_kind_from_word(words[1].c_str());
        const std::string &path = words[2];
        if (kind != ProgramKind::kWithoutPreload) ++unvalidated_count_;
        if (!said_.insert(words[1] + " " + path).second) return;
        output_.text(pid, "heisen: not validated: process " + std::to_string(pid) + " executed " + path +
                              ", which " + posix::program_kind_phrase(kind));
    }
}

void ProcessNotes::ended(int32_t pid) {
    auto found = processes_.find(pid);
    if (found == processes_.end()) return;
    const Process &process = found->second;
    if (process.threads && !process.locks && said_.insert("threads without locks " + process.name).second)
        unseen_.emplace_back(pid, process.name);
    processes_.erase(found);
}

void ProcessNotes::finish() {
    while (!processes_.empty()) ended(processes_.begin()->first);
    for (const auto &[pid, name] : unseen_)
        output_.text(pid, "heisen: process " + std::to_string(pid) + " (" + name +
                              ") ran several threads, but heisen saw no lock operation in it: its locks are "
                              "not pthread, C11 or OpenMP locks (a futex-based runtime such as Go's or Rust's "
                              "standard library?), so nothing in it was validated");
    unseen_.clear();
}

}  // namespace heisen::run
