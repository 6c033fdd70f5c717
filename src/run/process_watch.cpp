// process_watch.cpp — /proc and kill(pid, 0) on the processes the ring knows.
#include "process_watch.h"

#include <signal.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <string>

namespace heisen::run {

bool process_running(int32_t pid) {
    if (pid <= 0) return false;
    if (kill(pid, 0) != 0 && errno != EPERM) return false;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(stat, text)) return true;  // cannot tell: it exists
    // "pid (comm) S ...": the state follows the last ')' (comm may contain one).
    const size_t close = text.rfind(')');
    if (close == std::string::npos || close + 2 >= text.size()) return true;
    const char state = text[close + 2];
    return state != 'Z' && state != 'X';
}

bool process_can_report(int32_t pid) {
    if (!process_running(pid)) return false;
    std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
    if (!maps) return true;
    std::ostringstream text;
    text << maps.rdbuf();
    if (text.str().empty()) return true;
    return text.str().find("memfd:heisen-reports") != std::string::npos;
}

}  // namespace heisen::run
