// calling_conventions.cpp — calls an x86 template makes that do not follow the C ABI, so that
// escapes-to-function does not ask to declare registers the callee keeps (docs/asm-rules.md,
// "Calling conventions"). Every other call, and every jump to a function, follows the C ABI.
#include <string>

#include "asm/x86/x86_model.h"

namespace heisen::asmcheck::x86 {

namespace {

// The register a PIC thunk loads with its return address (__x86.get_pc_thunk.bx → ebx).
const char *const kThunkRegisters[] = {"ax", "bx", "cx", "dx", "si", "di", "bp"};

}  // namespace

void X86Model::add_conventions() {
    // The vectors below are filled once; describe_call_convention hands out pointers into them.
    if (is64_) return;
    auto set = [&](const char *names) {
        RegisterSet named;
        add_names(named, names);
        return named;
    };
    for (const char *reg : kThunkRegisters)
        conventions.push_back({"PIC thunk", RegisterSet(), set(("r" + std::string(reg)).c_str()),
                               "the thunk loads its return address into one register and changes nothing else"});
    // (The arguments a system call reads depend on its number: only eax counts as read, so that
    // registers the call happens not to use are not reported as read unbound.)
    conventions.push_back({"i386 vsyscall", set("rax"), set("rax"),
                           "call *%gs:16 enters the kernel through the vDSO: a system call, result in eax"});
    conventions.push_back({"__libc_do_syscall", set("rax"), set("rax"),
                           "glibc's helper for six-argument system calls saves what it uses; result in eax"});
}

void X86Model::describe_call_convention(DecodedInstruction &in) const {
    if (!in.is_call || is64_) return;
    const std::string &callee = in.external_target;
    for (size_t k = 0; k < sizeof(kThunkRegisters) / sizeof(kThunkRegisters[0]); ++k)
        for (const char *prefix : {"__x86.get_pc_thunk.", "__i686.get_pc_thunk."})
            if (callee == prefix + std::string(kThunkRegisters[k])) in.convention = &conventions[k];
    const size_t thunks = sizeof(kThunkRegisters) / sizeof(kThunkRegisters[0]);
    // call *%gs:N with no base or index register: the vsyscall entry in the thread control block.
    const DecodedOperand *memory = first_memory_operand(in);
    if (memory && memory->reg == kNoRegister && memory->index == kNoRegister && memory->segment == find_register("gs"))
        in.convention = &conventions[thunks];
    if (callee == "__libc_do_syscall" || callee == "__libc_do_syscall_int80") in.convention = &conventions[thunks + 1];
}

}  // namespace heisen::asmcheck::x86
