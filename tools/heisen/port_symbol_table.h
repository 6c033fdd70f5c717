// port_symbol_table.h — `heisen port xv6 --symbol-table`: the table a ported kernel names its
// code and locks with (ports/xv6/heisen_xv6_symbols.h), written as assembly for heisen.mk.
#pragma once

#include <string>

namespace heisen::port {

// Writes OUTPUT.S for the kernel ELF at `kernel` ("-": an empty table, which the kernel never
// uses). Returns the exit status (1 with a message on a bad input).
int write_symbol_table(const std::string &kernel, const std::string &output);

}  // namespace heisen::port
