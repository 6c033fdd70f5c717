// system_map.cpp — nm-style lines, text symbols only.
#include "xol/system_map.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace heisen::xol {

bool read_system_map(const std::string &path, std::vector<MapSymbol> &symbols, std::string &error) {
    std::ifstream in(path);
    if (!in) {
        error = path + ": " + std::strerror(errno);
        return false;
    }
    std::string line;
    for (size_t number = 1; std::getline(in, line); ++number) {
        if (line.empty()) continue;
        std::istringstream fields(line);
        std::string address, type, name;
        fields >> address >> type >> name;
        char *end = nullptr;
        errno = 0;
        const unsigned long long value = std::strtoull(address.c_str(), &end, 16);
        if (address.empty() || *end || errno || type.size() != 1 || name.empty()) {
            error = path + ":" + std::to_string(number) + ": not a System.map line (ADDRESS TYPE NAME)";
            return false;
        }
        if (std::strchr("TtWw", type[0])) symbols.push_back({value, name});
    }
    if (in.bad()) {
        error = path + ": read error";
        return false;
    }
    if (symbols.empty()) {
        // Debian's linux-image packages ship such a file: one placeholder line.
        error = path + ": no function symbols (no T, t, W or w line); a distribution's placeholder? "
                       "The full System.map comes with the kernel's debug package";
        return false;
    }
    return true;
}

}  // namespace heisen::xol
