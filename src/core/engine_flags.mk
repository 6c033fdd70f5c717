# engine_flags.mk — how the validator engine (src/core) is compiled: the one list every build of
# it uses. heisen's CMake reads it (cmake/EngineFlags.cmake: the host build, the freestanding
# check, the RISC-V testbed) and the xv6 kit ships it beside the engine, where heisen.mk includes
# it. Keep each list on one line: CMake reads `NAME := flags` lines and nothing else.

# What the engine's code needs of every build, hosted or in a kernel: C++17 without exceptions,
# RTTI or guarded statics (no C++ runtime to call).
HEISEN_ENGINE_LANGUAGE_FLAGS := -std=c++17 -fno-exceptions -fno-rtti -fno-threadsafe-statics

# What a kernel build of the engine and its port adds (C and C++): no C library or its headers,
# no common symbols, no stack-protector calls, no library calls the compiler makes up for loops,
# frame pointers for the port's stack traces.
HEISEN_ENGINE_FREESTANDING_FLAGS := -ffreestanding -nostdlib -fno-common -fno-stack-protector -fno-tree-loop-distribute-patterns -fno-omit-frame-pointer
