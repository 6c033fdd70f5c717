// translation_unit_codec.cpp — length-prefixed fields, every AsmStatement member in order.
#include "asm_clang/translation_unit_codec.h"

#include <cstdint>
#include <cstring>

namespace heisen::asmcheck {

namespace {

constexpr uint32_t kMagic = 0x68617331;  // "has1"

class Writer {
public:
    void number(uint64_t v) { out_.append(reinterpret_cast<const char *>(&v), sizeof v); }
    void text(const std::string &s) {
        number(s.size());
        out_ += s;
    }
    void location(const SourceLocation &l) {
        text(l.file);
        number(l.line);
        number(l.column);
    }
    void operand(const AsmOperand &o) {
        text(o.symbolic_name);
        text(o.constraint);
        text(o.expression);
        location(o.location);
        text(o.register_variable);
        text(o.c_type);
        number(o.type_size);
        text(o.constant_value);
    }
    void texts(const std::vector<std::string> &list) {
        number(list.size());
        for (const std::string &s : list) text(s);
    }
    void statement(const AsmStatement &s) {
        location(s.location);
        text(s.keyword);
        number((s.is_volatile ? 1 : 0) | (s.is_inline ? 2 : 0) | (s.is_goto ? 4 : 0) | (s.is_basic ? 8 : 0) |
               (s.may_be_duplicated ? 16 : 0));
        text(s.enclosing_macro);
        text(s.template_text);
        number(s.template_pieces.size());
        for (const AsmStatement::Piece &p : s.template_pieces) {
            number(p.offset);
            location(p.location);
        }
        for (const std::vector<AsmOperand> *list : {&s.outputs, &s.inputs}) {
            number(list->size());
            for (const AsmOperand &o : *list) operand(o);
        }
        texts(s.clobbers);
        texts(s.goto_labels);
        texts(s.unresolved);
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}
    bool ok() const { return ok_; }
    bool at_end() const { return pos_ == in_.size(); }

    uint64_t number() {
        uint64_t v = 0;
        if (in_.size() - pos_ < sizeof v) return fail();
        std::memcpy(&v, in_.data() + pos_, sizeof v);
        pos_ += sizeof v;
        return v;
    }
    // A count of items each at least `min_bytes` long: never more than the bytes left allow.
    size_t count(size_t min_bytes) {
        const uint64_t n = number();
        if (n > (in_.size() - pos_) / min_bytes) return fail();
        return static_cast<size_t>(n);
    }
    std::string text() {
        const size_t n = count(1);
        if (!ok_) return {};
        std::string s(in_.substr(pos_, n));
        pos_ += n;
        return s;
    }
    SourceLocation location() {
        SourceLocation l;
        l.file = text();
        l.line = static_cast<unsigned>(number());
        l.column = static_cast<unsigned>(number());
        return l;
    }
    AsmOperand operand() {
        AsmOperand o;
        o.symbolic_name = text();
        o.constraint = text();
        o.expression = text();
        o.location = location();
        o.register_variable = text();
        o.c_type = text();
        o.type_size = number();
        o.constant_value = text();
        return o;
    }
    std::vector<std::string> texts() {
        std::vector<std::string> list(count(8));
        for (std::string &s : list) s = text();
        return list;
    }
    AsmStatement statement() {
        AsmStatement s;
        s.location = location();
        s.keyword = text();
        const uint64_t flags = number();
        s.is_volatile = flags & 1;
        s.is_inline = flags & 2;
        s.is_goto = flags & 4;
        s.is_basic = flags & 8;
        s.may_be_duplicated = flags & 16;
        s.enclosing_macro = text();
        s.template_text = text();
        s.template_pieces.resize(count(32));
        for (AsmStatement::Piece &p : s.template_pieces) {
            p.offset = static_cast<size_t>(number());
            p.location = location();
        }
        for (std::vector<AsmOperand> *list : {&s.outputs, &s.inputs}) {
            list->resize(count(64));
            for (AsmOperand &o : *list) o = operand();
        }
        s.clobbers = texts();
        s.goto_labels = texts();
        s.unresolved = texts();
        return s;
    }

private:
    uint64_t fail() {
        ok_ = false;
        pos_ = in_.size();
        return 0;
    }

    std::string_view in_;
    size_t pos_ = 0;
    bool ok_ = true;
};

}  // namespace

std::string encode_translation_unit(const ParsedTranslationUnit &unit) {
    Writer w;
    w.number(kMagic);
    w.number(unit.statements.size());
    for (const ParsedStatement &p : unit.statements) {
        w.statement(p.statement);
        w.location(p.expansion);
        w.text(p.definition);
        w.number(static_cast<uint64_t>(p.origin));
    }
    w.texts(unit.errors);
    w.number(unit.error_count);
    w.texts(unit.files);
    w.text(unit.failure);
    return w.take();
}

bool decode_translation_unit(std::string_view bytes, ParsedTranslationUnit &unit) {
    Reader r(bytes);
    if (r.number() != kMagic) return false;
    unit.statements.resize(r.count(64));
    for (ParsedStatement &p : unit.statements) {
        p.statement = r.statement();
        p.expansion = r.location();
        p.definition = r.text();
        const uint64_t origin = r.number();
        if (origin > static_cast<uint64_t>(StatementOrigin::Lexer)) return false;
        p.origin = static_cast<StatementOrigin>(origin);
    }
    unit.errors = r.texts();
    unit.error_count = static_cast<size_t>(r.number());
    unit.files = r.texts();
    unit.failure = r.text();
    return r.ok() && r.at_end();
}

}  // namespace heisen::asmcheck
