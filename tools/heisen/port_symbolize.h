// port_symbolize.h — `heisen port xv6 --symbolize`: names the addresses in a ported kernel's
// reports from the kernel's own ELF and DWARF.
#pragma once

#include <string>

namespace heisen::port {

// Copies `log_path` (or standard input when it is empty) to standard output, adding after each
// code address of a report its function and source line, and after each lock or task address
// the kernel variable it lies in. Returns the exit status; errors are printed.
int symbolize_kernel_log(const std::string &kernel_elf, const std::string &log_path);

}  // namespace heisen::port
