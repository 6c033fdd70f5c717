// process_exit.h — the process ending while its thread holds locks.
//
// A thread's end is checked in interpose_thread.cpp. The process can end under a thread too:
// main returns or a thread calls exit() (checked by the library destructor, which runs after
// the program's own destructors), or the thread dies of a fatal signal it caused itself — a fault,
// abort(), raise(). For the last, heisen installs a last-words handler for SIGSEGV, SIGBUS,
// SIGFPE, SIGILL, SIGTRAP, SIGSYS and SIGABRT where the program leaves them at SIG_DFL: it
// reports, restores SIG_DFL and lets the signal kill the process exactly as it would have (a
// re-executed fault, or the signal raised again), with the same status and core dump. The
// program still sees SIG_DFL when it asks (interpose_signal.cpp); a handler it installs
// replaces heisen's. A signal sent from outside (kill -TERM) is not the program's doing: no report.
#pragma once

#include <signal.h>

namespace heisen::posix {

// From the library constructor: the last-words handlers where the disposition is SIG_DFL.
void install_last_words_handlers();

// True when `action` is heisen's last-words handler; the program is shown SIG_DFL instead.
bool is_last_words_handler(const struct sigaction &action);

}  // namespace heisen::posix
