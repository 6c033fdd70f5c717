// option_cursor.h — walks a subcommand's arguments, taking "--name=value" and "--name value"
// alike, and reads the --fail-on levels the static checkers share.
#pragma once

#include <string>

#include "findings/finding.h"

namespace heisen::cli {

class OptionCursor {
public:
    OptionCursor(int argc, char **argv) : argc_(argc), argv_(argv) {}

    // Moves to the next argument (argv[0], the subcommand, is skipped); false past the end.
    bool next() {
        if (++index_ >= argc_) return false;
        arg_ = argv_[index_];
        name_ = arg_;
        inline_value_.clear();
        has_inline_value_ = false;
        const size_t eq = arg_.find('=');
        if (arg_.rfind("--", 0) == 0 && eq != std::string::npos) {
            name_ = arg_.substr(0, eq);
            inline_value_ = arg_.substr(eq + 1);
            has_inline_value_ = true;
        }
        return true;
    }
    const std::string &arg() const { return arg_; }    // as given
    const std::string &name() const { return name_; }  // "--slot" of "--slot=0x10"
    bool is_option() const { return !arg_.empty() && arg_[0] == '-' && arg_ != "-"; }
    // The option's value: after '=', else the next argument (consumed). False if there is none.
    bool value(std::string &out) {
        if (has_inline_value_) {
            out = inline_value_;
            return true;
        }
        if (index_ + 1 >= argc_) return false;
        out = argv_[++index_];
        return true;
    }

private:
    int argc_;
    char **argv_;
    int index_ = 0;
    std::string arg_, name_, inline_value_;
    bool has_inline_value_ = false;
};

// "note", "warning", "error" → that severity's level; "none" → -1 (never). False if unknown.
inline bool parse_fail_on(const std::string &text, int &level) {
    if (text == "note") level = static_cast<int>(Severity::Note);
    else if (text == "warning") level = static_cast<int>(Severity::Warning);
    else if (text == "error") level = static_cast<int>(Severity::Error);
    else if (text == "none") level = -1;
    else return false;
    return true;
}

}  // namespace heisen::cli
