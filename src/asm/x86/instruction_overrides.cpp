// instruction_overrides.cpp — the x86 override table. Every entry says why LLVM's description is
// not enough for an interface check; docs/asm-rules.md lists the same table for users.
#include <cstring>
#include <string_view>

#include "asm/x86/x86_model.h"

namespace heisen::asmcheck::x86 {

namespace {

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

}  // namespace

void X86Model::apply_overrides(DecodedInstruction &in) const {
    for (const RegisterEffect &effect : kX86Effects) {
        if (in.opcode != effect.opcode) continue;
        if (std::strcmp(effect.opcode, "INT") == 0 &&
            !(in.operands.size() == 1 && in.operands[0].value == 0x80 && !is64_))
            continue;
        add_names(in.reads, effect.reads);
        add_names(in.writes, effect.writes);
        if (starts_with(effect.opcode, "SYS") || std::strcmp(effect.opcode, "INT") == 0) in.is_system_call = true;
    }
    // A 'rep' prefix written on the same line: the count register is read and written.
    const bool repeated = starts_with(in.text, "rep");
    for (const StringInstruction &s : kX86Strings) {
        if (!is_string_opcode(in.opcode, s.prefix)) continue;
        const RegisterId si = family("rsi"), di = family("rdi");
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
        add_names(in.reads, s.also_reads);
        add_names(in.writes, s.also_writes);
        if (repeated) {
            in.reads.add(family("rcx"));
            in.writes.add(family("rcx"));
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
    // VIA PadLock (xstore, rep xcrypt*, rep xsha*, rep montmul): the descriptions name their
    // registers but not the memory they read through esi and write through edi, nor the count
    // in ecx their rep form uses.
    struct PadLock {
        const char *prefix;
        bool loads_source, stores_destination, counts;
    };
    static const PadLock kPadLock[] = {
        {"XSTORE", false, true, false}, {"XCRYPT", true, true, true}, {"XSHA", true, true, true}, {"MONTMUL", true, false, true}};
    for (const PadLock &p : kPadLock) {
        if (!starts_with(in.opcode, p.prefix)) continue;
        MemoryReference load, store;
        load.address.add(family("rsi"));
        load.base = family("rsi");
        load.load = true;
        store.address.add(family("rdi"));
        store.base = family("rdi");
        store.store = true;
        if (p.loads_source) in.memory.push_back(load);
        if (p.stores_destination) {
            in.memory.push_back(store);
            in.writes.add(family("rdi"));
        }
        if (p.counts) {
            in.reads.add(family("rcx"));
            in.writes.add(family("rcx"));
        }
        in.memory_exact = true;
    }
    // Instructions that name memory only by its address: prefetches, cache-line flushes and
    // TLB invalidation neither read nor write the data there. ldmxcsr and fldcw read memory
    // (the descriptions say they may also store), stmxcsr and fnstcw only write it.
    for (const char *address_only : {"PREFETCH", "CLFLUSH", "CLWB", "CLDEMOTE", "INVLPG"})
        if (starts_with(in.opcode, address_only))
            for (MemoryReference &ref : in.memory) {
                ref.access = false;
                ref.load = ref.store = false;
                in.memory_exact = true;
            }
    for (const char *load_only : {"LDMXCSR", "VLDMXCSR", "FLDCW16m"})
        if (in.opcode == load_only)
            for (MemoryReference &ref : in.memory) {
                ref.load = true;
                ref.store = false;
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

void X86Model::apply_sequence_overrides(std::vector<DecodedInstruction> &instructions) const {
    // fsincos and fptan push their second result only when the argument is in range (C2 clear);
    // a template that reads the status word handles both cases.
    bool reads_status = false;
    for (const DecodedInstruction &in : instructions) reads_status = reads_status || starts_with(in.opcode, "FNSTSW");
    for (DecodedInstruction &in : instructions)
        in.x87_depth_uncertain = reads_status && (in.opcode == "FSINCOS" || in.opcode == "FPTAN");
    // "rep;" on its own is a prefix of the next instruction: it counts rcx down only when that
    // is a string instruction ("rep; nop" is pause, "rep; bsf" is tzcnt: no rcx at all).
    const RegisterId cx = family("rcx");
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

}  // namespace heisen::asmcheck::x86
