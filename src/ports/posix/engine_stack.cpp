// engine_stack.cpp — the per-slot stacks and the switch onto one.
#include "engine_stack.h"

namespace heisen::posix {
namespace {

alignas(64) unsigned char g_engine_stacks[kMaxThreadSlots][kEngineStackBytes];

}  // namespace

void *engine_stack_top(uint32_t slot) { return g_engine_stacks[slot % kMaxThreadSlots] + kEngineStackBytes; }

}  // namespace heisen::posix

// heisen_call_on_stack(function, argument, stack_top): saves the frame pointer, moves the stack
// pointer to stack_top, calls function(argument), and returns on the original stack. The frame's
// CFA is defined by the frame pointer, which the callee preserves, so an unwinder running on the
// new stack continues on the old one.
#if defined(__x86_64__)
__asm__(R"(
    .text
    .p2align 4
    .globl heisen_call_on_stack
    .hidden heisen_call_on_stack
    .type heisen_call_on_stack, @function
heisen_call_on_stack:
    .cfi_startproc
    pushq %rbp
    .cfi_def_cfa_offset 16
    .cfi_offset %rbp, -16
    movq %rsp, %rbp
    .cfi_def_cfa_register %rbp
    movq %rdx, %rsp
    movq %rdi, %rax
    movq %rsi, %rdi
    callq *%rax
    movq %rbp, %rsp
    popq %rbp
    .cfi_def_cfa %rsp, 8
    ret
    .cfi_endproc
    .size heisen_call_on_stack, .-heisen_call_on_stack
)");
#elif defined(__aarch64__)
__asm__(R"(
    .text
    .p2align 4
    .globl heisen_call_on_stack
    .hidden heisen_call_on_stack
    .type heisen_call_on_stack, %function
heisen_call_on_stack:
    .cfi_startproc
    stp x29, x30, [sp, #-16]!
    .cfi_def_cfa_offset 16
    .cfi_offset x29, -16
    .cfi_offset x30, -8
    mov x29, sp
    .cfi_def_cfa_register x29
    mov sp, x2
    mov x3, x0
    mov x0, x1
    blr x3
    mov sp, x29
    ldp x29, x30, [sp], #16
    .cfi_def_cfa sp, 0
    .cfi_restore x29
    .cfi_restore x30
    ret
    .cfi_endproc
    .size heisen_call_on_stack, .-heisen_call_on_stack
)");
#else
#error "heisen's POSIX port supports x86-64 and AArch64 Linux"
#endif
