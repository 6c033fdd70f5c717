// unwind_ranges.cpp — a bounds-checked walk over .eh_frame's CIEs and FDEs.
#include "xol/unwind_ranges.h"

#include <cstring>
#include <map>
#include <string>

namespace heisen::xol {

namespace {

// DW_EH_PE_* pointer encodings.
constexpr uint8_t kOmit = 0xff;
constexpr uint8_t kFormatMask = 0x0f;
constexpr uint8_t kApplicationMask = 0x70;
constexpr uint8_t kPcRelative = 0x10;
constexpr uint8_t kDataRelative = 0x30;

class Reader {
public:
    Reader(const uint8_t *bytes, uint64_t size, uint64_t at) : bytes_(bytes), size_(size), at_(at) {}
    bool ok() const { return ok_; }
    uint64_t at() const { return at_; }

    uint64_t fixed(unsigned width) {
        if (!ok_ || at_ > size_ || width > size_ - at_) return fail();
        uint64_t value = 0;
        std::memcpy(&value, bytes_ + at_, width);  // little-endian host and file
        at_ += width;
        return value;
    }
    uint64_t uleb() {
        uint64_t value = 0;
        for (unsigned shift = 0; ok_; shift += 7) {
            const uint64_t byte = fixed(1);
            if (shift < 64) value |= (byte & 0x7f) << shift;
            if (!(byte & 0x80)) break;
            if (shift > 70) return fail();
        }
        return value;
    }
    int64_t sleb() {
        uint64_t value = 0;
        unsigned shift = 0;
        uint64_t byte = 0;
        do {
            byte = fixed(1);
            if (shift < 64) value |= (byte & 0x7f) << shift;
            shift += 7;
            if (shift > 70) return static_cast<int64_t>(fail());
        } while (ok_ && (byte & 0x80));
        if (shift < 64 && (byte & 0x40)) value |= ~uint64_t(0) << shift;
        return static_cast<int64_t>(value);
    }
    std::string string() {
        std::string s;
        while (ok_) {
            const char c = static_cast<char>(fixed(1));
            if (!ok_ || c == 0) break;
            s.push_back(c);
            if (s.size() > 32) fail();
        }
        return s;
    }
    // A pointer in `encoding`; `field_address` is where the field sits (for pc-relative ones).
    uint64_t pointer(uint8_t encoding, uint64_t field_address, uint64_t data_base) {
        uint64_t value = 0;
        switch (encoding & kFormatMask) {
        case 0x00: value = fixed(8); break;
        case 0x01: value = uleb(); break;
        case 0x02: value = fixed(2); break;
        case 0x03: value = fixed(4); break;
        case 0x04: value = fixed(8); break;
        case 0x09: value = static_cast<uint64_t>(sleb()); break;
        case 0x0a: value = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int16_t>(fixed(2)))); break;
        case 0x0b: value = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(fixed(4)))); break;
        case 0x0c: value = fixed(8); break;
        default: return fail();
        }
        switch (encoding & kApplicationMask) {
        case 0: break;
        case kPcRelative: value += field_address; break;
        case kDataRelative: value += data_base; break;
        default: return fail();  // textrel, funcrel, aligned: not used by x86-64 or riscv64 toolchains
        }
        return value;
    }

private:
    uint64_t fail() {
        ok_ = false;
        return 0;
    }
    const uint8_t *bytes_;
    uint64_t size_;
    uint64_t at_;
    bool ok_ = true;
};

struct Cie {
    uint8_t fde_encoding = 0;  // absptr unless 'R' says otherwise
    bool has_augmentation_data = false;
};

// Parses the CIE whose length field is at `offset`; false if it is not a well-formed CIE.
bool read_cie(const Section &eh_frame, uint64_t offset, uint64_t link_address, Cie &cie) {
    Reader r(eh_frame.bytes, eh_frame.size, offset);
    uint64_t length = r.fixed(4);
    if (length == 0xffffffff) length = r.fixed(8);
    const uint64_t body = r.at();
    if (!r.ok() || length > eh_frame.size - body || r.fixed(4) != 0) return false;
    const uint64_t end = body + length;
    r.fixed(1);  // version
    const std::string augmentation = r.string();
    if (augmentation.find("eh") != std::string::npos) r.fixed(8);
    r.uleb();  // code alignment
    r.sleb();  // data alignment
    r.uleb();  // return address register
    if (augmentation.empty() || augmentation[0] != 'z') return r.ok();
    cie.has_augmentation_data = true;
    const uint64_t data_length = r.uleb();
    const uint64_t data_end = r.at() + data_length;
    for (size_t k = 1; k < augmentation.size() && r.ok() && r.at() < data_end; ++k) {
        switch (augmentation[k]) {
        case 'L': r.fixed(1); break;
        case 'R': cie.fde_encoding = static_cast<uint8_t>(r.fixed(1)); break;
        case 'P': {
            const uint8_t encoding = static_cast<uint8_t>(r.fixed(1));
            r.pointer(encoding & 0x7f, link_address + r.at(), 0);
            break;
        }
        case 'S': case 'B': case 'G': break;
        default: return r.ok() && data_end <= end;  // unknown: the length lets us skip the rest
        }
    }
    return r.ok() && data_end <= end;
}

}  // namespace

std::vector<CodeRange> unwind_ranges(const ElfFile &file) {
    std::vector<CodeRange> ranges;
    if (file.kind() == ElfKind::Relocatable) return ranges;
    const Section *eh_frame = nullptr;
    for (const Section &s : file.sections())
        if (s.name == ".eh_frame" && s.bytes && s.allocated) eh_frame = &s;
    if (!eh_frame) return ranges;
    const uint64_t link_address = eh_frame->address - file.bias();
    std::map<uint64_t, Cie> cies;  // by offset; a CIE that failed to parse is absent
    std::map<uint64_t, bool> bad_cies;
    uint64_t offset = 0;
    while (offset + 4 <= eh_frame->size) {
        Reader r(eh_frame->bytes, eh_frame->size, offset);
        uint64_t length = r.fixed(4);
        if (length == 0) break;  // terminator
        if (length == 0xffffffff) length = r.fixed(8);
        const uint64_t body = r.at();
        if (!r.ok() || length > eh_frame->size - body || length < 4) break;
        const uint64_t next = body + length;
        const uint64_t id_field = r.at();
        const uint64_t cie_pointer = r.fixed(4);
        if (cie_pointer != 0) {  // an FDE: the pointer counts back from its own field
            if (cie_pointer > id_field) break;
            const uint64_t cie_offset = id_field - cie_pointer;
            auto found = cies.find(cie_offset);
            if (found == cies.end() && !bad_cies.count(cie_offset)) {
                Cie cie;
                if (read_cie(*eh_frame, cie_offset, link_address, cie)) found = cies.emplace(cie_offset, cie).first;
                else bad_cies[cie_offset] = true;
            }
            if (found != cies.end()) {
                const uint8_t encoding = found->second.fde_encoding;
                if (encoding != kOmit) {
                    const uint64_t start = r.pointer(encoding, link_address + r.at(), 0);
                    const uint64_t size = r.pointer(encoding & kFormatMask, 0, 0);
                    if (r.ok() && r.at() <= next && size > 0) ranges.push_back({start + file.bias(), size});
                }
            }
        }
        offset = next;
    }
    return ranges;
}

}  // namespace heisen::xol
