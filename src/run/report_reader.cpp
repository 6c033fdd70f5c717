// report_reader.cpp — decoding the ring's records.
#include "report_reader.h"

#include <cstring>

#include "ports/posix/report_record.h"

namespace heisen::run {
bool WireReport::decode(heisen_report &out) const { return wire::decode_report(bytes.data(), bytes.size(), out); }

void ReportReader::record(const RingRecord &record) {
    switch (record.type) {
    case wire::kReport:
        on_report_(WireReport{record.pid, record.payload});
        return;
    case wire::kModule: {
        if (record.payload.size() <= sizeof(wire::ModuleRecord)) return;
        wire::ModuleRecord head;
        std::memcpy(&head, record.payload.data(), sizeof head);
        const char *path = reinterpret_cast<const char *>(record.payload.data()) + sizeof head;
        const size_t path_len = strnlen(path, record.payload.size() - sizeof head);
        on_module_(record.pid, symbolize::LoadedModule{head.start, head.end, head.bias, std::string(path, path_len)});
        return;
    }
    case wire::kText: {
        std::string &pending = text_[record.pid];
        pending.append(reinterpret_cast<const char *>(record.payload.data()), record.payload.size());
        for (size_t newline; (newline = pending.find('\n')) != std::string::npos;) {
            on_text_(record.pid, pending.substr(0, newline));
            pending.erase(0, newline + 1);
        }
        return;
    }
    case wire::kFact: {
        if (!on_fact_) return;
        // NUL-terminated words; a record cut short has no word after its last NUL.
        std::vector<std::string> words;
        const char *at = reinterpret_cast<const char *>(record.payload.data());
        const char *end = at + record.payload.size();
        while (at < end) {
            const size_t len = strnlen(at, static_cast<size_t>(end - at));
            if (at + len == end) break;
            words.emplace_back(at, len);
            at += len + 1;
        }
        if (!words.empty()) on_fact_(record.pid, words);
        return;
    }
    case wire::kPad:
        return;
    }
}

void ReportReader::finish_process(int32_t pid) {
    auto found = text_.find(pid);
    if (found == text_.end()) return;
    if (!found->second.empty()) on_text_(pid, found->second);
    text_.erase(found);
}

void ReportReader::finish() {
    while (!text_.empty()) finish_process(text_.begin()->first);
}

}  // namespace heisen::run
