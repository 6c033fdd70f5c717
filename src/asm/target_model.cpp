// target_model.cpp — the target-independent half of the target tables, and target naming.
#include "asm/target_model.h"

#include <algorithm>
#include <cctype>

namespace heisen::asmcheck {

namespace {

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

void TargetModel::finish_tables() {
    for (size_t i = 0; i < registers.size(); ++i) {
        const TrackedRegister &reg = registers[i];
        const auto id = static_cast<RegisterId>(i);
        spellings_.emplace_back(reg.name, id);
        for (const char *spelling : reg.by_width)
            if (spelling && *spelling && std::string_view(spelling) != reg.name)
                spellings_.emplace_back(spelling, id);
        if (reg.high_byte) spellings_.emplace_back(reg.high_byte, id);
    }
    std::sort(spellings_.begin(), spellings_.end());
}

RegisterId TargetModel::find_register(std::string_view spelling) const {
    const std::string key = lowercase(spelling);
    auto it = std::lower_bound(spellings_.begin(), spellings_.end(), key,
                               [](const auto &entry, const std::string &k) { return entry.first < k; });
    if (it != spellings_.end() && it->first == key) return it->second;
    return kNoRegister;
}

const ConstraintLetter *TargetModel::find_constraint(std::string_view text, size_t &length) const {
    // Longest match first: "cr" must win over "c" where both exist.
    const ConstraintLetter *best = nullptr;
    size_t best_length = 0;
    for (const ConstraintLetter &letter : constraint_letters) {
        const std::string_view letters(letter.letters);
        if (letters.size() > best_length && text.substr(0, letters.size()) == letters) {
            best = &letter;
            best_length = letters.size();
        }
    }
    length = best_length;
    return best;
}

RegisterId TargetModel::clobber_register(std::string_view clobber) const {
    while (!clobber.empty() && clobber.front() == '%') clobber.remove_prefix(1);
    if (clobber == "cc") return flags;
    return find_register(clobber);
}

const TargetModel &target_model(Target target) {
    switch (target) {
    case Target::X86_64: return x86_64_model();
    case Target::I386: return i386_model();
    case Target::RISCV64: return riscv64_model();
    }
    return x86_64_model();
}

bool parse_target(const std::string &text, Target &out) {
    const std::string t = lowercase(text);
    auto starts = [&](const char *prefix) { return t.rfind(prefix, 0) == 0; };
    if (t == "x86_64" || t == "x86-64" || t == "amd64" || t == "x64" || starts("x86_64-") ||
        starts("amd64-")) {
        out = Target::X86_64;
        return true;
    }
    if (t == "i386" || t == "i486" || t == "i586" || t == "i686" || t == "x86" || t == "ia32" ||
        starts("i386-") || starts("i486-") || starts("i586-") || starts("i686-")) {
        out = Target::I386;
        return true;
    }
    if (t == "riscv64" || t == "rv64" || t == "rv64gc" || starts("riscv64-") || starts("rv64")) {
        out = Target::RISCV64;
        return true;
    }
    return false;
}

const char *target_name(Target target) {
    switch (target) {
    case Target::X86_64: return "x86_64";
    case Target::I386: return "i386";
    case Target::RISCV64: return "riscv64";
    }
    return "unknown";
}

}  // namespace heisen::asmcheck
