// synthetic_tree.h — a tiny tree with xv6-riscv's hook points, written for heisen's tests.
#pragma once

#include <map>
#include <string>

namespace heisen::test {

// Relative path -> contents. Same functions and shapes as xv6's kernel files (return type on
// its own line, two-space indent), but only the lines the kit looks for.
std::map<std::string, std::string> synthetic_xv6_tree();

}  // namespace heisen::test
