// program_kind.h — can a program file be validated with the preload library at all?
//
// Shared by `heisen run` (before it launches the program) and the preload library (before the
// program executes another): only the dynamic loader honours LD_PRELOAD, only a 64-bit loader can
// load the 64-bit library, and the loader ignores LD_PRELOAD for a program that gains privileges
// (set-user-ID, set-group-ID, file capabilities). Raw system calls only: it runs in a vfork
// child before exec, where libc's allocating functions must not be called.
#pragma once

namespace heisen::posix {

enum class ProgramKind {
    kPreloadable,   // a dynamically linked program of heisen's ELF class, or a script
    kStatic,        // no PT_INTERP: nothing loads the preload library
    kOtherClass,    // a 32-bit program (the library is 64-bit)
    kPrivileged,    // set-user-ID / set-group-ID / file capabilities: the loader drops LD_PRELOAD
    kUnreadable,    // cannot be opened or read as an ELF file
    kWithoutPreload,  // (never returned by program_kind) executed with no LD_PRELOAD for heisen
};

ProgramKind program_kind(const char *path);

// A phrase for a message: "is statically linked", "is a 32-bit program", ...
const char *program_kind_phrase(ProgramKind kind);

// One word for the kind, as the report channel carries it, and back (kUnreadable if unknown).
const char *program_kind_word(ProgramKind kind);
ProgramKind program_kind_from_word(const char *word);

}  // namespace heisen::posix
