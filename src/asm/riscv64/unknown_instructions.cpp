// unknown_instructions.cpp — riscv64 instructions LLVM 15 cannot parse (extensions ratified
// after it: Zacas, Zabha, Zicond, Zawrs; vendor instructions), stood in for by an instruction it
// reads with the same operands, so the rest of the statement is still checked. Each one is
// reported as a note naming the instruction and what heisen assumes it does.
#include <cctype>
#include <cstring>
#include <string>
#include <vector>

#include "asm/riscv64/riscv64_model.h"

namespace heisen::asmcheck::riscv64 {

namespace {

struct Known {
    const char *mnemonic;    // without .aq/.rl suffixes
    const char *extension;
    const char *stand_in;    // a mnemonic LLVM 15 knows with the same operand shape
    bool reads_destination;  // the original also reads its first operand
    const char *effect;      // what the note says it does
};

constexpr Known kKnown[] = {
    {"amocas.w", "Zacas", "amoor.w", true, "an atomic compare-and-swap: loads and stores through its address "
                                           "register, reads all three registers and writes the first"},
    {"amocas.d", "Zacas", "amoor.d", true, "an atomic compare-and-swap: loads and stores through its address "
                                           "register, reads all three registers and writes the first"},
    {"amocas.q", "Zacas", "amoor.d", true, "an atomic compare-and-swap of a register pair: loads and stores through "
                                           "its address register, reads its registers and writes the first (heisen "
                                           "does not track the second register of each pair)"},
    {"amocas.b", "Zabha", "amoor.w", true, "an atomic compare-and-swap: loads and stores through its address "
                                           "register, reads all three registers and writes the first"},
    {"amocas.h", "Zabha", "amoor.w", true, "an atomic compare-and-swap: loads and stores through its address "
                                           "register, reads all three registers and writes the first"},
    {"czero.eqz", "Zicond", "or", false, "a conditional zero that writes its first register from the other two"},
    {"czero.nez", "Zicond", "or", false, "a conditional zero that writes its first register from the other two"},
    {"wrs.nto", "Zawrs", "nop", false, "a wait that changes no register"},
    {"wrs.sto", "Zawrs", "nop", false, "a wait that changes no register"},
};

// Byte and halfword AMOs (Zabha) have the word form's operands.
const char *const kByteAmos[] = {"amoswap", "amoadd", "amoand", "amoor", "amoxor", "amomax", "amomaxu", "amomin", "amominu"};

bool is_register_operand(const std::string &operand) {
    return !operand.empty() && std::isalpha(static_cast<unsigned char>(operand[0])) &&
           operand.find_first_of("()+-") == std::string::npos;
}

}  // namespace

bool Riscv64Model::stand_in(const std::string &line, StandIn &out) const {
    // [label:] mnemonic operands
    size_t at = line.find_first_not_of(" \t");
    if (at == std::string::npos) return false;
    const size_t colon = line.find(':');
    if (colon != std::string::npos && line.find_first_of(" \t", at) > colon) at = line.find_first_not_of(" \t", colon + 1);
    if (at == std::string::npos) return false;
    const size_t mnemonic_end = std::min(line.find_first_of(" \t", at), line.size());
    const std::string mnemonic = line.substr(at, mnemonic_end - at);
    std::string base = mnemonic, ordering;
    for (const char *suffix : {".aqrl", ".aq", ".rl"})
        if (base.size() > std::strlen(suffix) && base.compare(base.size() - std::strlen(suffix), std::strlen(suffix), suffix) == 0) {
            ordering = suffix;
            base.resize(base.size() - ordering.size());
            break;
        }
    std::string replacement, extension, effect;
    bool reads_destination = false;
    for (const Known &known : kKnown)
        if (base == known.mnemonic) {
            replacement = known.stand_in + (std::strcmp(known.stand_in, "amoor.w") == 0 || std::strcmp(known.stand_in, "amoor.d") == 0 ? ordering : "");
            extension = known.extension;
            effect = known.effect;
            reads_destination = known.reads_destination;
        }
    for (const char *amo : kByteAmos)
        if (replacement.empty() && (base == std::string(amo) + ".b" || base == std::string(amo) + ".h")) {
            replacement = std::string(amo) + ".w" + ordering;
            extension = "Zabha";
            effect = "an atomic read-modify-write: loads and stores through its address register, reads its second "
                     "register and writes the first";
        }
    if (replacement.empty()) {
        // Anything else whose first operand is a register: a vendor or newer instruction in the
        // usual format, destination first.
        std::vector<std::string> operands;
        std::string current;
        for (size_t k = mnemonic_end; k <= line.size(); ++k) {
            const char c = k < line.size() ? line[k] : ',';
            if (c == ',' || c == '#') {
                const size_t b = current.find_first_not_of(" \t"), e = current.find_last_not_of(" \t");
                if (b != std::string::npos) operands.push_back(current.substr(b, e - b + 1));
                current.clear();
                if (c == '#') break;
            } else {
                current += c;
            }
        }
        // The registers among the operands (immediates are left out); an address operand
        // "(reg)" means memory heisen would not know the direction of: not stood in for.
        std::vector<std::string> registers_named;
        for (const std::string &operand : operands) {
            if (operand.find('(') != std::string::npos) return false;
            if (is_register_operand(operand) && find_register(operand) != kNoRegister) registers_named.push_back(operand);
        }
        if (registers_named.empty() || registers_named.front() != operands.front()) return false;
        std::string whole = line.substr(0, at);
        if (registers_named.size() >= 3)
            whole += "or " + registers_named[0] + ", " + registers_named[1] + ", " + registers_named[2];
        else if (registers_named.size() == 2)  // (not mv: the result is no copy)
            whole += "or " + registers_named[0] + ", " + registers_named[1] + ", " + registers_named[1];
        else
            whole += "lui " + registers_named[0] + ", 0";
        if (whole.size() > line.size() || registers_named.size() > 3) return false;
        out.line = whole + std::string(line.size() - whole.size(), ' ');
        out.note = "instruction '" + mnemonic + "' is not known to LLVM 15; heisen assumes it writes its first "
                   "register and reads the other registers it names";
        return true;
    }
    if (replacement.size() > mnemonic.size()) return false;
    out.line = line.substr(0, at) + replacement + std::string(mnemonic.size() - replacement.size(), ' ') + line.substr(mnemonic_end);
    out.reads_destination = reads_destination;
    out.note = "instruction '" + mnemonic + "'" + (extension.empty() ? "" : " (" + extension + ")") +
               " is not known to LLVM 15; heisen assumes it is " + effect;
    return true;
}

}  // namespace heisen::asmcheck::riscv64
