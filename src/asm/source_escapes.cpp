// source_escapes.cpp — C escape sequences.
#include "asm/source_escapes.h"

namespace heisen::asmcheck {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void append_utf8(std::string &out, unsigned long code) {
    if (code < 0x80) {
        out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
        code = code > 0x10FFFF ? 0xFFFD : code;
        out.push_back(static_cast<char>(0xF0 | (code >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
}

}  // namespace

std::string decode_escapes(std::string_view body) {
    std::string out;
    out.reserve(body.size());
    for (size_t i = 0; i < body.size(); ++i) {
        if (body[i] != '\\' || i + 1 == body.size()) {
            out.push_back(body[i]);
            continue;
        }
        const char e = body[++i];
        switch (e) {
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case 'r': out.push_back('\r'); break;
        case 'a': out.push_back('\a'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'v': out.push_back('\v'); break;
        case 'e': out.push_back('\x1b'); break;  // GNU extension
        case 'x': {
            unsigned long value = 0;
            size_t digits = 0;
            while (i + 1 < body.size() && hex_value(body[i + 1]) >= 0) {
                value = (value << 4 | static_cast<unsigned long>(hex_value(body[++i]))) & 0xFFFFFFFF;
                ++digits;
            }
            if (digits == 0) out.push_back('x');
            else out.push_back(static_cast<char>(value & 0xFF));
            break;
        }
        case 'u':
        case 'U': {
            const size_t want = e == 'u' ? 4 : 8;
            unsigned long value = 0;
            size_t digits = 0;
            while (digits < want && i + 1 < body.size() && hex_value(body[i + 1]) >= 0) {
                value = value << 4 | static_cast<unsigned long>(hex_value(body[++i]));
                ++digits;
            }
            if (digits == 0) out.push_back(e);
            else append_utf8(out, value);
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                unsigned value = static_cast<unsigned>(e - '0');
                for (int k = 0; k < 2 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7'; ++k)
                    value = value * 8 + static_cast<unsigned>(body[++i] - '0');
                out.push_back(static_cast<char>(value & 0xFF));
            } else {
                out.push_back(e);  // \\ \" \' \? and unknown escapes
            }
        }
    }
    return out;
}

}  // namespace heisen::asmcheck
