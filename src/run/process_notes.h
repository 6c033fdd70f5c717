// process_notes.h — what `heisen run` says about processes as a whole, from their facts
// (wire_format.h "P" records): a program executed that heisen cannot validate, said once when it
// happens; a process that ran threads but in which heisen never saw a lock, said at the end.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "run/report_output.h"

namespace heisen::run {

class ProcessNotes {
public:
    explicit ProcessNotes(ReportOutput &output) : output_(output) {}

    void fact(int32_t pid, const std::vector<std::string> &words);
    // `pid` has ended and sent everything: what is to be said of it is kept, the rest forgotten
    // (memory stays bounded however many processes run, and a reused pid starts afresh).
    void ended(int32_t pid);
    // Every process has ended: the multithreaded ones whose locks heisen never saw.
    void finish();
    // Programs executed that heisen would refuse to run itself (static, 32-bit, privileged):
    // `--exitcode` applies to them as to a report.
    unsigned unvalidated_count() const { return unvalidated_count_; }

private:
    struct Process {
        std::string name;
        bool threads = false;
        bool locks = false;
    };

    ReportOutput &output_;
    std::map<int32_t, Process> processes_;               // running, by pid
    std::vector<std::pair<int32_t, std::string>> unseen_; // ended with threads and no lock seen
    std::set<std::string> said_;  // notes already printed
    unsigned unvalidated_count_ = 0;
};

}  // namespace heisen::run
