// instruction_overrides.cpp — the override table. Every entry says why LLVM's description is
// not enough for an interface check; docs/asm-rules.md lists the same table for users.
#include "asm/instruction_overrides.h"

#include <cstring>
#include <string_view>

namespace heisen::asmcheck {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

struct RegisterEffect {
    const char *opcode;   // LLVM opcode name (exact), or a prefix ending in '*'
    const char *reads;    // x86-64 names; i386 uses the 32-bit family of the same register
    const char *writes;
    const char *why;
};

// x86: register effects beyond (or restating, to be independent of LLVM versions) MCInstrDesc.
constexpr RegisterEffect kX86Effects[] = {
    {"SYSCALL", "rax", "rax rcx r11",
     "the kernel returns in rax; the CPU saves rip in rcx and rflags in r11"},
    {"SYSENTER", "rax", "rax rcx rdx", "fast system call: return value in eax, ecx/edx consumed"},
    {"INT", "rax", "rax", "int $0x80 is the i386 system call: number and result in eax"},
    {"CPUID", "rax rcx", "rax rbx rcx rdx", "leaf in eax, subleaf in ecx; results in eax, ebx, ecx, edx"},
    {"RDTSC", "", "rax rdx", "the counter comes back in edx:eax"},
    {"RDTSCP", "", "rax rcx rdx", "the counter in edx:eax and the processor id in ecx"},
    {"RDMSR", "rcx", "rax rdx", "MSR number in ecx, value in edx:eax"},
    {"WRMSR", "rax rcx rdx", "", "MSR number in ecx, value in edx:eax"},
    {"RDPMC", "rcx", "rax rdx", "counter number in ecx, value in edx:eax"},
    {"XGETBV", "rcx", "rax rdx", "register number in ecx, value in edx:eax"},
};

// x86 string instructions: which index registers they advance and access memory through.
struct StringInstruction {
    const char *prefix;
    bool uses_source;       // rsi: loads through it and advances it
    bool uses_destination;  // rdi
    bool stores;            // the rdi side is written (movs, stos, ins) or only read (cmps, scas)
    const char *also_reads;
    const char *also_writes;
};

constexpr StringInstruction kX86Strings[] = {
    {"MOVS", true, true, true, "", ""},       {"STOS", false, true, true, "rax", ""},
    {"LODS", true, false, false, "", "rax"},  {"CMPS", true, true, false, "", ""},
    {"SCAS", false, true, false, "rax", ""},  {"INS", false, true, true, "rdx", ""},
    {"OUTS", true, false, false, "rdx", ""},
};

RegisterId family(const TargetModel &model, std::string_view name64) {
    if (model.target == Target::I386 && name64.size() == 3 && name64[0] == 'r')
        return model.find_register("e" + std::string(name64.substr(1)));
    return model.find_register(name64);
}

void add_names(RegisterSet &set, const TargetModel &model, const char *names) {
    std::string_view rest(names);
    while (!rest.empty()) {
        const size_t space = rest.find(' ');
        const std::string_view name = rest.substr(0, space);
        if (!name.empty()) set.add(family(model, name));
        if (space == std::string_view::npos) break;
        rest.remove_prefix(space + 1);
    }
}

bool is_string_opcode(const std::string &opcode, const char *prefix);

bool is_any_string_opcode(const std::string &opcode) {
    for (const StringInstruction &s : kX86Strings)
        if (is_string_opcode(opcode, s.prefix)) return true;
    return false;
}

bool is_string_opcode(const std::string &opcode, const char *prefix) {
    // MOVSB/MOVSW/MOVSL/MOVSQ, STOSB…, INSB/INSW/INSL …; not MOVSX, MOVSS, INSERTPS …
    const size_t n = std::strlen(prefix);
    return opcode.size() == n + 1 && starts_with(opcode, prefix) && std::strchr("BWLQ", opcode[n]);
}

void x86_overrides(DecodedInstruction &in, const TargetModel &model) {
    for (const RegisterEffect &effect : kX86Effects) {
        if (in.opcode != effect.opcode) continue;
        if (std::strcmp(effect.opcode, "INT") == 0 &&
            !(in.operands.size() == 1 && in.operands[0].value == 0x80 && model.target == Target::I386))
            continue;
        add_names(in.reads, model, effect.reads);
        add_names(in.writes, model, effect.writes);
        if (starts_with(effect.opcode, "SYS") || std::strcmp(effect.opcode, "INT") == 0) in.is_system_call = true;
    }
    // A 'rep' prefix written on the same line: the count register is read and written.
    const bool repeated = starts_with(in.text, "rep");
    for (const StringInstruction &s : kX86Strings) {
        if (!is_string_opcode(in.opcode, s.prefix)) continue;
        const RegisterId si = family(model, "rsi"), di = family(model, "rdi");
        in.memory.clear();
        if (s.uses_source) {
            in.reads.add(si);
            in.writes.add(si);
            MemoryReference ref;
            ref.address.add(si);
            ref.load = true;
            in.memory.push_back(ref);
        }
        if (s.uses_destination) {
            in.reads.add(di);
            in.writes.add(di);
            MemoryReference ref;
            ref.address.add(di);
            ref.store = s.stores;
            ref.load = !s.stores;
            in.memory.push_back(ref);
        }
        add_names(in.reads, model, s.also_reads);
        add_names(in.writes, model, s.also_writes);
        if (repeated) {
            in.reads.add(family(model, "rcx"));
            in.writes.add(family(model, "rcx"));
        }
        in.memory_exact = true;
    }
    // push/call/jmp through memory only load their operand, pop only stores to it: the
    // stack side is implicit and not a reference through any operand.
    const bool loads_operand = starts_with(in.opcode, "PUSH") || starts_with(in.opcode, "CALL") ||
                               starts_with(in.opcode, "JMP");
    if ((loads_operand || starts_with(in.opcode, "POP")) && !in.memory.empty()) {
        for (MemoryReference &ref : in.memory) {
            ref.load = loads_operand;
            ref.store = !loads_operand;
        }
        in.memory_exact = true;
    }
    // Zero idioms (xor %eax,%eax; sub; pxor; xorps) do not read the old value; sbb %eax,%eax
    // depends on the carry flag only.
    static const char *const kZeroIdioms[] = {"XOR", "SUB", "SBB", "PXOR", "XORPS", "XORPD", "VPXOR", "VXORPS", "VXORPD"};
    for (const char *idiom : kZeroIdioms) {
        if (!starts_with(in.opcode, idiom) || in.opcode.find("rr") == std::string::npos) continue;
        RegisterId first = kNoRegister;
        int uses = 0;
        bool same = true;
        for (const DecodedOperand &op : in.operands) {
            if (op.kind != DecodedOperand::Kind::Register || op.is_def) continue;
            if (uses++ == 0)
                first = op.reg;
            else
                same = same && op.reg == first;
        }
        if (uses >= 2 && same) in.reads.remove(first);
        break;
    }
}

// riscv: "imm(reg)" and "(reg)" address operands are plain register operands in MC.
RegisterId riscv_address_register(const DecodedInstruction &in, const TargetModel &model) {
    const size_t open = in.text.rfind('(');
    const size_t close = in.text.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open) return kNoRegister;
    std::string name = in.text.substr(open + 1, close - open - 1);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    return model.find_register(name);
}

RegisterId operand_register(const DecodedInstruction &in, size_t index) {
    if (index >= in.operands.size() || in.operands[index].kind != DecodedOperand::Kind::Register) return kNoRegister;
    return in.operands[index].reg;
}

void riscv_overrides(DecodedInstruction &in, const TargetModel &model) {
    const RegisterId zero = model.find_register("zero"), ra = model.find_register("ra");
    const bool memory_op = in.may_load || in.may_store || starts_with(in.opcode, "LR_") ||
                           starts_with(in.opcode, "SC_") || starts_with(in.opcode, "AMO");
    if (memory_op) {
        MemoryReference ref;
        ref.address.add(riscv_address_register(in, model));
        if (!ref.address.empty()) in.memory.push_back(ref);
    }
    if (in.opcode == "JAL") {
        // jal zero, L is 'j L' (a jump); jal ra, f is a call. LLVM marks both as calls.
        const bool link = operand_register(in, 0) != zero;
        in.is_call = link;
        in.is_branch = !link;
        in.ends_flow = !link;
    } else if (in.opcode == "JALR") {
        const bool link = operand_register(in, 0) != zero;
        in.is_call = link;
        in.is_indirect = true;
        in.is_return = !link && operand_register(in, 1) == ra;
        in.is_branch = !link && !in.is_return;
        in.ends_flow = !link;
    } else if (in.opcode == "PseudoTAIL") {
        in.is_call = false;  // a tail call leaves the template for good
        in.is_branch = true;
        in.ends_flow = true;
    } else if (in.opcode == "ECALL") {
        // Linux system calls and SBI calls take arguments in a0…a7 and return in a0. (SBI also
        // returns a value in a1; a wrapper that uses it declares it as an output anyway.)
        in.is_system_call = true;
        in.reads.add(model.find_register("a7"));
        in.writes.add(model.find_register("a0"));
    } else if (in.opcode == "MRET" || in.opcode == "SRET") {
        in.is_return = true;  // returns from a trap handler: execution does not come back here
        in.ends_flow = true;
    }
    in.writes.remove(zero);
    in.reads.remove(zero);
}

int64_t push_size(const std::string &opcode, const TargetModel &model) {
    if (opcode.find("16") != std::string::npos) return 2;
    if (opcode.find("32") != std::string::npos) return 4;
    if (opcode.find("64") != std::string::npos) return 8;
    return model.target == Target::I386 ? 4 : 8;
}

const DecodedOperand *memory_operand(const DecodedInstruction &in) {
    for (const DecodedOperand &op : in.operands)
        if (op.kind == DecodedOperand::Kind::Memory) return &op;
    return nullptr;
}

RegisterId first_register(const DecodedInstruction &in, bool defs) {
    for (const DecodedOperand &op : in.operands)
        if (op.kind == DecodedOperand::Kind::Register && op.is_def == defs) return op.reg;
    return kNoRegister;
}

void x86_stack(DecodedInstruction &in, const TargetModel &model) {
    const RegisterId sp = model.stack_pointer;
    const std::string &op = in.opcode;
    if (in.is_call) {
        in.pushes_return_address = true;
        return;
    }
    if (starts_with(op, "PUSH")) {
        in.pushes = true;
        in.stack = StackEffect::Adjust;
        in.stack_delta = -push_size(op, model);
        if (op.find('r') != std::string::npos && op.find("PUSHF") == std::string::npos)
            in.saved = first_register(in, false);
        return;
    }
    if (starts_with(op, "POP")) {
        const RegisterId dest = first_register(in, true);
        if (dest == sp) {
            in.stack = StackEffect::Switch;
            return;
        }
        in.stack = StackEffect::Adjust;
        in.stack_delta = push_size(op, model);
        if (op.find("POPF") == std::string::npos) in.restored = dest;
        return;
    }
    const DecodedOperand *mem = memory_operand(in);
    // A register kept in another register for the duration (movl %ebx, %1 … xchgl %ebx, %1,
    // the i386 PIC cpuid idiom) is saved and restored as surely as on the stack.
    // (The xchg side is RuleContext::restores: it writes both of its registers.)
    if (starts_with(op, "MOV") && op.size() > 2 && op.compare(op.size() - 2, 2, "rr") == 0)
        in.saved = first_register(in, false);
    if (starts_with(op, "MOV") && mem && mem->reg == sp && mem->index == kNoRegister) {
        if (in.may_store) in.saved = first_register(in, false);
        if (in.may_load) in.restored = first_register(in, true);
    }
    if (!in.writes.contains(sp) || in.is_return) return;
    if (in.restored == sp) in.restored = kNoRegister;
    if (starts_with(op, "MOV") || starts_with(op, "XCHG") || starts_with(op, "CMOV")) {
        in.stack = StackEffect::Switch;
        return;
    }
    if ((starts_with(op, "ADD") || starts_with(op, "SUB")) && !in.operands.empty() &&
        in.operands.back().kind == DecodedOperand::Kind::Immediate) {
        in.stack = StackEffect::Adjust;
        in.stack_delta = starts_with(op, "ADD") ? in.operands.back().value : -in.operands.back().value;
        return;
    }
    if (starts_with(op, "LEA") && mem) {
        if (mem->reg == sp && mem->index == kNoRegister) {
            in.stack = StackEffect::Adjust;
            in.stack_delta = mem->value;
        } else {
            in.stack = mem->reg == sp || mem->index == sp ? StackEffect::Derived : StackEffect::Switch;
        }
        return;
    }
    in.stack = in.reads.contains(sp) ? StackEffect::Derived : StackEffect::Switch;
}

void riscv_stack(DecodedInstruction &in, const TargetModel &model) {
    const RegisterId sp = model.stack_pointer;
    const std::string &op = in.opcode;
    const bool sp_based = !in.memory.empty() && in.memory.front().address.contains(sp);
    if (sp_based && in.may_store && !in.may_load) in.saved = operand_register(in, 0);
    if (sp_based && in.may_load && !in.may_store) in.restored = operand_register(in, 0);
    if (!in.writes.contains(sp)) return;
    if (in.restored == sp) in.restored = kNoRegister;
    const RegisterId rs1 = operand_register(in, 1);
    if (op == "ADDI" && rs1 == sp && in.operands.size() > 2 &&
        in.operands[2].kind == DecodedOperand::Kind::Immediate) {
        in.stack = StackEffect::Adjust;
        in.stack_delta = in.operands[2].value;
        return;
    }
    if ((op == "ADD" || op == "SUB" || op == "ANDI" || op == "AND" || op == "ADDI") && rs1 == sp) {
        in.stack = StackEffect::Derived;
        return;
    }
    in.stack = StackEffect::Switch;
}

}  // namespace

void apply_sequence_overrides(std::vector<DecodedInstruction> &instructions, const TargetModel &model) {
    if (model.target == Target::RISCV64) return;
    // "rep;" on its own is a prefix of the next instruction: it counts rcx down only when that
    // is a string instruction ("rep; nop" is pause, "rep; bsf" is tzcnt: no rcx at all).
    const RegisterId cx = family(model, "rcx");
    for (size_t i = 0; i < instructions.size(); ++i) {
        DecodedInstruction &prefix = instructions[i];
        if (prefix.opcode != "REP_PREFIX" && prefix.opcode != "REPNE_PREFIX") continue;
        prefix.reads.remove(cx);
        prefix.writes.remove(cx);
        if (i + 1 < instructions.size() && is_any_string_opcode(instructions[i + 1].opcode)) {
            instructions[i + 1].reads.add(cx);
            instructions[i + 1].writes.add(cx);
        }
    }
}

void apply_overrides(DecodedInstruction &instruction, const TargetModel &model) {
    if (model.target == Target::RISCV64)
        riscv_overrides(instruction, model);
    else
        x86_overrides(instruction, model);
}

void classify_stack_effect(DecodedInstruction &instruction, const TargetModel &model) {
    if (model.target == Target::RISCV64)
        riscv_stack(instruction, model);
    else
        x86_stack(instruction, model);
}

}  // namespace heisen::asmcheck
