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

uint16_t TargetModel::full_bits(RegisterId id) const {
    uint16_t bits = 0;
    for (uint16_t b : registers[static_cast<size_t>(id)].bits) bits = b > bits ? b : bits;
    return bits;
}

RegisterId TargetModel::clobber_register(std::string_view clobber) const {
    while (!clobber.empty() && clobber.front() == '%') clobber.remove_prefix(1);
    if (clobber == "cc") return flags;
    const RegisterId id = find_register(clobber);
    if (id != kNoRegister) return id;
    for (const auto &[alias, spelling] : clobber_aliases)
        if (lowercase(clobber) == alias) return find_register(spelling);
    return kNoRegister;
}

const std::vector<const TargetModel *> &all_target_models() {
    static const std::vector<const TargetModel *> models = {&x86_64_model(), &i386_model(), &riscv64_model()};
    return models;
}

const TargetModel &target_model(Target target) {
    for (const TargetModel *model : all_target_models())
        if (model->target == target) return *model;
    return x86_64_model();
}

const TargetModel *model_for_architecture(std::string_view architecture) {
    for (const TargetModel *model : all_target_models())
        for (const char *name : model->architectures)
            if (architecture == name) return model;
    return nullptr;
}

bool parse_target(const std::string &text, Target &out) {
    const std::string t = lowercase(text);
    auto starts = [&](const std::string &prefix) { return t.rfind(prefix, 0) == 0; };
    for (const TargetModel *model : all_target_models()) {
        bool match = false;
        for (const char *name : model->architectures) match = match || t == name || starts(std::string(name) + "-");
        for (const char *alias : model->aliases) match = match || t == alias;
        for (const char *prefix : model->alias_prefixes) match = match || starts(prefix);
        if (match) {
            out = model->target;
            return true;
        }
    }
    return false;
}

const char *target_name(Target target) { return target_model(target).target_label; }

// Architectures heisen does not check: certainly undefined on every target it models.
const char *const kOtherArchitectureMacros[] = {
    "__aarch64__", "__arm__",      "__thumb__",     "__mips__",   "__mips",      "__powerpc__", "__powerpc64__",
    "__ppc__",     "__PPC__",      "__PPC64__",     "__ia64__",   "__ia64",      "__s390__",    "__s390x__",
    "__sparc__",   "__sparc",      "__m68k__",      "__mc68000__", "__alpha__",  "__hppa__",    "__sh__",
    "__loongarch__", "__arc__",    "__nios2__",     "__xtensa__", "__tilegx__",  "__microblaze__", "__or1k__",
    "__csky__",    "_M_X64",       "_M_IX86",       "_M_ARM",     "_M_ARM64",    "_MSC_VER"};

const PredefinedMacros &predefined_macros(Target target) {
    static const std::vector<PredefinedMacros> tables = [] {
        std::vector<PredefinedMacros> out;
        for (const TargetModel *model : all_target_models()) {
            PredefinedMacros macros;
            macros.defined = model->predefined_macros;
            auto known = [&](const std::string &name) {
                return std::find(macros.defined.begin(), macros.defined.end(), name) != macros.defined.end() ||
                       std::find(macros.undefined.begin(), macros.undefined.end(), name) != macros.undefined.end();
            };
            for (const TargetModel *other : all_target_models())
                for (const std::string &name : other->predefined_macros)
                    if (!known(name)) macros.undefined.push_back(name);
            for (const char *name : kOtherArchitectureMacros) macros.undefined.emplace_back(name);
            out.push_back(std::move(macros));
        }
        return out;
    }();
    const std::vector<const TargetModel *> &models = all_target_models();
    for (size_t i = 0; i < models.size(); ++i)
        if (models[i]->target == target) return tables[i];
    return tables.front();
}

}  // namespace heisen::asmcheck
