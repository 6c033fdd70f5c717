// mc_decoder.cpp — LLVM MC front: parse a bound template, collect instructions and labels.
#include "asm/mc_decoder.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include <llvm/MC/MCAsmInfo.h>
#include <llvm/MC/MCContext.h>
#include <llvm/MC/MCDisassembler/MCDisassembler.h>
#include <llvm/MC/MCExpr.h>
#include <llvm/MC/MCInst.h>
#include <llvm/MC/MCInstPrinter.h>
#include <llvm/MC/MCInstrInfo.h>
#include <llvm/MC/MCObjectFileInfo.h>
#include <llvm/MC/MCParser/MCAsmParser.h>
#include <llvm/MC/MCParser/MCTargetAsmParser.h>
#include <llvm/MC/MCRegisterInfo.h>
#include <llvm/MC/MCStreamer.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/MCSymbol.h>
#include <llvm/MC/MCTargetOptions.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

namespace heisen::asmcheck {

namespace {

// Every target's LLVM components, registered once for all threads.
void initialise_llvm_targets() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (const TargetModel *model : all_target_models()) model->initialise_llvm();
    });
}

// How an MC register is spelled in terms of the tracked registers: which one, and how many of
// its bits the spelling covers (eax: rax's low 32; ah: 8 bits from bit 8).
struct RegisterAccess {
    RegisterId id = kNoRegister;
    uint16_t bits = 0;
    uint16_t shift = 0;
};

// The MC objects that do not depend on the text, plus the MC register → tracked register map.
struct McTarget {
    const llvm::Target *target = nullptr;
    std::unique_ptr<llvm::MCRegisterInfo> registers;
    std::unique_ptr<llvm::MCAsmInfo> asm_info;
    std::unique_ptr<llvm::MCSubtargetInfo> subtarget;
    std::unique_ptr<llvm::MCInstrInfo> instructions;
    std::unique_ptr<llvm::MCInstPrinter> printer;  // for instructions decoded from bytes
    // Syntax variant 1 (x86's Intel printer) spells each memory operand's size ("dword ptr"),
    // which the AT&T printer above leaves to the mnemonic; targets without it print no sizes.
    std::unique_ptr<llvm::MCInstPrinter> sized_printer;
    llvm::MCTargetOptions options;
    std::vector<RegisterAccess> tracked;  // indexed by MC register number
    std::string error;

    McTarget(const TargetModel &model) {
        initialise_llvm_targets();
        std::string lookup_error;
        target = llvm::TargetRegistry::lookupTarget(model.triple, lookup_error);
        if (!target) {
            error = "LLVM has no target for " + std::string(model.triple) + ": " + lookup_error;
            return;
        }
        registers.reset(target->createMCRegInfo(model.triple));
        asm_info.reset(target->createMCAsmInfo(*registers, model.triple, options));
        subtarget.reset(target->createMCSubtargetInfo(model.triple, "", model.features));
        instructions.reset(target->createMCInstrInfo());
        printer.reset(target->createMCInstPrinter(llvm::Triple(model.triple), 0, *asm_info, *instructions, *registers));
        sized_printer.reset(target->createMCInstPrinter(llvm::Triple(model.triple), 1, *asm_info, *instructions, *registers));
        tracked.assign(registers->getNumRegs(), RegisterAccess{});
        for (unsigned reg = 1; reg < registers->getNumRegs(); ++reg) tracked[reg] = map_register(model, reg);
    }

    // A register's tracked family: itself or its smallest tracked super-register; for wide
    // vector registers with no tracked super-register, their tracked sub-register.
    RegisterAccess map_register(const TargetModel &model, unsigned reg) const {
        auto lookup = [&](unsigned r) {
            std::string name = llvm::StringRef(registers->getName(r)).lower();
            RegisterId id = model.find_register(name);
            if (id == kNoRegister && name.find('_') != std::string::npos)  // riscv F10_D → f10
                id = model.find_register(name.substr(0, name.find('_')));
            return std::make_pair(id, name);
        };
        auto access = [&](RegisterId id, const std::string &name) {
            RegisterAccess a{id, model.full_bits(id), 0};
            const TrackedRegister &t = model.registers[static_cast<size_t>(id)];
            for (int w = 0; w < 4; ++w)
                if (t.by_width[w] && name == t.by_width[w] && t.bits[w]) a.bits = t.bits[w];
            if (t.high_byte && name == t.high_byte) a = {id, 8, 8};
            return a;
        };
        if (auto [id, name] = lookup(reg); id != kNoRegister) return access(id, name);
        for (llvm::MCSuperRegIterator super(reg, registers.get()); super.isValid(); ++super)
            if (auto [id, name] = lookup(*super); id != kNoRegister) return {id, model.full_bits(id), 0};
        for (llvm::MCSubRegIterator sub(reg, registers.get()); sub.isValid(); ++sub)
            if (auto [id, name] = lookup(*sub); id != kNoRegister) return {id, model.full_bits(id), 0};
        return {};
    }
};

McTarget &mc_target(const TargetModel &model) {
    thread_local std::map<Target, std::unique_ptr<McTarget>> cache;
    auto &slot = cache[model.target];
    if (!slot) slot = std::make_unique<McTarget>(model);
    return *slot;
}

// Text LLVM 15's parser must not see: .include/.incbin read files (and /dev/zero never ends);
// its Intel-syntax expression evaluator divides by zero without checking (SIGFPE) and aborts on
// some operator sequences ("}a.L|"), so Intel regions are parsed only when they use the
// characters of ordinary instructions; huge .rept counts never finish.
std::string unsafe_for_llvm(const std::string &text, bool intel) {
    for (const char *directive : {".include", ".incbin"})
        if (text.find(directive) != std::string::npos)
            return std::string("the template uses ") + directive + ", which heisen does not follow";
    // LLVM reads an integer literal in time quadratic in its digits, once per width tried.
    for (size_t at = text.find_first_of("0123456789"); at != std::string::npos;) {
        const size_t end = std::min(text.find_first_not_of("0123456789abcdefABCDEFxX", at), text.size());
        if (end - at > 64)
            return "the template has a number of " + std::to_string(end - at) + " digits; heisen reads 64 at most";
        at = text.find_first_of("0123456789", end);
    }
    for (size_t at = text.find(".rept"); at != std::string::npos; at = text.find(".rept", at + 1)) {
        const size_t digits = text.find_first_of("0123456789", at);
        if (digits != std::string::npos && text.find_first_not_of("0123456789", digits) - digits > 4)
            return "the template repeats a block more than 9999 times (.rept)";
    }
    // Where Intel syntax ends is the parser's call (".foo.att_syntax" is no directive), so a
    // template that uses it anywhere is held to the Intel character set throughout.
    intel = intel || text.find(".intel_syntax") != std::string::npos;
    for (size_t i = 0; intel && i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (intel && !std::isalnum(c) && !std::strchr(" \t\n_.$@[]+-*,:;#()\"'", c))
            return std::string("Intel-syntax expressions with '") + text[i] + "' are not analysed by heisen";
    }
    return {};
}

struct RawInstruction {
    llvm::MCInst inst;
    size_t offset;
    std::vector<const llvm::MCSymbol *> symbols;  // symbols the operands refer to
    std::vector<const llvm::MCSymbol *> operand_symbol;  // per MC operand: the first symbol it names
    std::string from_bytes;  // decoded from data (.byte 0x0f, 0x31): how LLVM prints it
};

// Instructions written as data (.byte, .word, .long, .inst): LLVM's disassembler reads them.
// Returns the instructions and their sizes; stops at bytes that do not decode.
using ByteDecoder = std::function<size_t(const std::string &bytes, size_t from, llvm::MCInst &inst, std::string &text)>;

// Collects instructions of the initial section and the positions of labels; emits nothing.
class CollectingStreamer final : public llvm::MCStreamer {
public:
    CollectingStreamer(llvm::MCContext &context, const char *buffer_start, const char *buffer_end, ByteDecoder decoder)
        : llvm::MCStreamer(context), buffer_start_(buffer_start), buffer_end_(buffer_end), decoder_(std::move(decoder)) {}

    std::vector<RawInstruction> instructions;
    std::map<const llvm::MCSymbol *, size_t> labels;  // symbol → index of the next instruction
    std::vector<DecodedTemplate::Note> notes;         // bytes that did not decode
    bool too_many = false;
    static constexpr size_t kMaxInstructions = 4096;  // the rules are quadratic in the worst case

    void emitInstruction(const llvm::MCInst &inst, const llvm::MCSubtargetInfo &) override {
        if (!main_section_) main_section_ = getCurrentSectionOnly();
        if (getCurrentSectionOnly() != main_section_) return;  // .pushsection fixup code etc.
        flush_bytes();
        if (instructions.size() >= kMaxInstructions) {
            too_many = true;
            return;
        }
        // Instructions expanded from .rept or .macro point into LLVM's own buffers: they are
        // attributed to the last position inside the template.
        const size_t offset = offset_of(inst.getLoc());
        RawInstruction raw{inst, offset, {}, std::vector<const llvm::MCSymbol *>(inst.getNumOperands(), nullptr), {}};
        symbols_ = &raw.symbols;
        for (unsigned i = 0; i < inst.getNumOperands(); ++i) {
            const llvm::MCOperand &op = inst.getOperand(i);
            if (!op.isExpr()) continue;
            const size_t before = raw.symbols.size();
            visitUsedExpr(*op.getExpr());
            if (raw.symbols.size() > before) raw.operand_symbol[i] = raw.symbols[before];
        }
        symbols_ = nullptr;
        instructions.push_back(std::move(raw));
    }

    void emitLabel(llvm::MCSymbol *symbol, llvm::SMLoc loc) override {
        llvm::MCStreamer::emitLabel(symbol, loc);
        if (!main_section_) main_section_ = getCurrentSectionOnly();
        if (getCurrentSectionOnly() != main_section_) return;
        flush_bytes();
        labels[symbol] = instructions.size();
    }

    // .byte/.word/.long/.inst in the code: collected until the next instruction or label, then
    // disassembled.
    void emitBytes(llvm::StringRef data) override {
        if (!main_section_) main_section_ = getCurrentSectionOnly();
        if (getCurrentSectionOnly() != main_section_) return;
        const size_t offset = offset_of(getStartTokLoc());
        for (size_t k = 0; k < data.size(); ++k) byte_offsets_.push_back(offset);
        bytes_ += data.str();
    }

    void finish_bytes() { flush_bytes(); }

    void visitUsedSymbol(const llvm::MCSymbol &symbol) override {
        if (symbols_) symbols_->push_back(&symbol);
    }

    bool emitSymbolAttribute(llvm::MCSymbol *, llvm::MCSymbolAttr) override { return true; }
    void emitCommonSymbol(llvm::MCSymbol *, uint64_t, unsigned) override {}
    void emitZerofill(llvm::MCSection *, llvm::MCSymbol *, uint64_t, unsigned, llvm::SMLoc) override {}

private:
    size_t offset_of(llvm::SMLoc loc) {
        const char *at = loc.getPointer();
        if (loc.isValid() && at >= buffer_start_ && at <= buffer_end_) last_offset_ = static_cast<size_t>(at - buffer_start_);
        return last_offset_;
    }

    void flush_bytes() {
        for (size_t at = 0; at < bytes_.size();) {
            RawInstruction raw{llvm::MCInst(), byte_offsets_[at], {}, {}, {}};
            const size_t size = decoder_ ? decoder_(bytes_, at, raw.inst, raw.from_bytes) : 0;
            if (size == 0) {
                notes.push_back({byte_offsets_[at], "the bytes from here on do not decode as instructions; they are "
                                                    "not analysed"});
                break;
            }
            if (instructions.size() < kMaxInstructions) {
                raw.operand_symbol.assign(raw.inst.getNumOperands(), nullptr);
                instructions.push_back(std::move(raw));
            }
            at += size;
        }
        bytes_.clear();
        byte_offsets_.clear();
    }

    const char *buffer_start_;
    const char *buffer_end_;
    ByteDecoder decoder_;
    const llvm::MCSection *main_section_ = nullptr;
    size_t last_offset_ = 0;
    std::vector<const llvm::MCSymbol *> *symbols_ = nullptr;
    std::string bytes_;
    std::vector<size_t> byte_offsets_;
};

struct Diagnostics {
    std::string message;
    size_t offset = 0;
    const char *buffer_start = nullptr;
    const char *buffer_end = nullptr;
};

void collect_diagnostic(const llvm::SMDiagnostic &diag, void *context) {
    auto *diagnostics = static_cast<Diagnostics *>(context);
    if (diag.getKind() != llvm::SourceMgr::DK_Error || !diagnostics->message.empty()) return;
    diagnostics->message = diag.getMessage().str();
    const char *at = diag.getLoc().getPointer();
    if (diag.getLoc().isValid() && at >= diagnostics->buffer_start && at <= diagnostics->buffer_end)
        diagnostics->offset = static_cast<size_t>(at - diagnostics->buffer_start);
}

std::string instruction_text(const std::string &text, size_t offset) {
    offset = std::min(offset, text.size());
    size_t end = offset;
    while (end < text.size() && text[end] != '\n' && text[end] != ';' && text[end] != '#') ++end;
    size_t begin = offset;
    while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    return text.substr(begin, end - begin);
}

// The bytes each explicit memory operand accesses, in operand order, as the sized printer
// spells them ("qword ptr [r15]" → 8); left 0 when the spellings do not match the operands.
void record_access_sizes(const llvm::MCInst &inst, const McTarget &mc, DecodedInstruction &out) {
    if (!mc.sized_printer || out.memory.empty()) return;
    std::string printed;
    llvm::raw_string_ostream os(printed);
    mc.sized_printer->printInst(&inst, 0, "", *mc.subtarget, os);
    os.flush();
    static const std::pair<const char *, unsigned> kSizes[] = {
        {"byte ptr", 1},   {"word ptr", 2},    {"dword ptr", 4},   {"fword ptr", 6},   {"qword ptr", 8},
        {"tbyte ptr", 10}, {"xmmword ptr", 16}, {"ymmword ptr", 32}, {"zmmword ptr", 64}};
    std::vector<unsigned> sizes;
    for (size_t at = printed.find(" ptr"); at != std::string::npos; at = printed.find(" ptr", at + 1)) {
        size_t word = at;
        while (word > 0 && std::isalpha(static_cast<unsigned char>(printed[word - 1]))) --word;
        const std::string spelled = printed.substr(word, at + 4 - word);
        unsigned bytes = 0;
        for (const auto &[name, size] : kSizes)
            if (spelled == name) bytes = size;
        sizes.push_back(bytes);
    }
    if (sizes.size() != out.memory.size()) return;
    for (size_t k = 0; k < sizes.size(); ++k) out.memory[k].bytes = sizes[k];
}

DecodedInstruction describe(const RawInstruction &raw, const McTarget &mc, const TargetModel &model,
                            const std::string &text, const std::map<const llvm::MCSymbol *, size_t> &labels) {
    DecodedInstruction out;
    const llvm::MCInst &inst = raw.inst;
    const llvm::MCInstrDesc &desc = mc.instructions->get(inst.getOpcode());
    out.offset = raw.offset;
    out.text = instruction_text(text, raw.offset);
    if (!raw.from_bytes.empty()) out.text += " (" + raw.from_bytes + ")";
    out.opcode = mc.instructions->getName(inst.getOpcode()).str();
    out.may_load = desc.mayLoad();
    out.may_store = desc.mayStore();
    out.is_call = desc.isCall();
    out.is_branch = desc.isBranch();
    out.is_conditional = desc.isConditionalBranch();
    out.is_indirect = desc.isIndirectBranch();
    out.is_return = desc.isReturn();
    out.ends_flow = desc.isBarrier() || desc.isReturn() || desc.isTrap();

    auto access = [&](unsigned reg) { return reg < mc.tracked.size() ? mc.tracked[reg] : RegisterAccess{}; };
    auto tracked = [&](unsigned reg) { return access(reg).id; };
    auto label_of = [&](unsigned i) {
        const llvm::MCSymbol *symbol = i < raw.operand_symbol.size() ? raw.operand_symbol[i] : nullptr;
        const auto it = symbol ? labels.find(symbol) : labels.end();
        return it == labels.end() ? -1 : static_cast<int>(it->second);
    };
    const unsigned described = desc.getNumOperands();
    for (unsigned i = 0; i < inst.getNumOperands(); ++i) {
        const llvm::MCOperand &op = inst.getOperand(i);
        // LEA's address operand is not typed as memory in the descriptions; it is one all the same
        // (its registers form an address, which matters to address-base-clobbered).
        const bool typed_memory = i < described && desc.OpInfo[i].OperandType == llvm::MCOI::OPERAND_MEMORY;
        const bool lea_address = i == desc.getNumDefs() && out.opcode.rfind("LEA", 0) == 0;
        const McMemoryLayout &layout = model.mc_memory;
        const bool is_memory = (typed_memory || lea_address) && layout.parts > 0 &&
                               i + layout.parts <= inst.getNumOperands();
        if (is_memory) {  // the parts of one memory reference (x86: base, scale, index, displacement, segment)
            DecodedOperand memory;
            memory.kind = DecodedOperand::Kind::Memory;
            memory.reg = tracked(inst.getOperand(i + layout.base).getReg());
            memory.index = tracked(inst.getOperand(i + layout.index).getReg());
            memory.segment = tracked(inst.getOperand(i + layout.segment).getReg());
            const llvm::MCOperand &displacement = inst.getOperand(i + layout.displacement);
            int64_t folded = 0;  // "8+(%r15)" (GCC's "8+%0") leaves an expression to fold
            if (displacement.isImm()) memory.value = displacement.getImm();
            memory.label = label_of(i + layout.displacement);
            if (memory.label < 0 && displacement.isExpr() && displacement.getExpr()->evaluateAsAbsolute(folded))
                memory.value = folded;
            MemoryReference ref;
            ref.address.add(memory.reg);
            ref.address.add(memory.index);
            ref.base = memory.reg;
            ref.index = memory.index;
            ref.segment = memory.segment;
            ref.displacement = memory.value;
            ref.label = memory.label;
            ref.access = !lea_address;
            out.reads |= ref.address;
            out.memory.push_back(ref);
            out.operands.push_back(memory);
            i += layout.parts - 1;
            continue;
        }
        DecodedOperand decoded;
        if (op.isReg()) {
            const RegisterAccess a = access(op.getReg());
            decoded.kind = DecodedOperand::Kind::Register;
            decoded.reg = a.id;
            decoded.bits = a.bits;
            decoded.shift = a.shift;
            decoded.is_def = i < desc.getNumDefs();
            if (decoded.is_def)
                out.writes.add(decoded.reg);
            else
                out.reads.add(decoded.reg);
        } else if (op.isImm()) {
            decoded.value = op.getImm();
        } else if (op.isExpr()) {
            decoded.kind = DecodedOperand::Kind::Symbol;
            decoded.label = label_of(i);
            if (i < raw.operand_symbol.size() && raw.operand_symbol[i])
                decoded.symbol = raw.operand_symbol[i]->getName().str();
            int64_t value = 0;
            if (op.getExpr()->evaluateAsAbsolute(value)) {
                decoded.kind = DecodedOperand::Kind::Immediate;
                decoded.value = value;
            }
        }
        out.operands.push_back(decoded);
    }
    record_access_sizes(inst, mc, out);
    for (unsigned i = 0; i < desc.getNumImplicitUses(); ++i) out.reads.add(tracked(desc.getImplicitUses()[i]));
    for (unsigned i = 0; i < desc.getNumImplicitDefs(); ++i) out.writes.add(tracked(desc.getImplicitDefs()[i]));
    // Memory references x86 does not spell as memory operands, and riscv's "imm(reg)" operands,
    // come from the override table; it also fixes what the descriptions leave out.
    model.apply_overrides(out);
    if (!out.memory_exact)
        for (MemoryReference &ref : out.memory) {
            ref.load = ref.load || out.may_load;
            ref.store = ref.store || out.may_store;
        }
    return out;
}

}  // namespace

namespace {

DecodedTemplate decode_once(const std::string &bound_text, const TargetModel &model, bool intel_syntax) {
    DecodedTemplate result;
    if (std::string why = unsafe_for_llvm(bound_text, intel_syntax); !why.empty()) {
        result.error = why;
        return result;
    }
    McTarget &mc = mc_target(model);
    if (!mc.error.empty()) {
        result.error = mc.error;
        return result;
    }
    llvm::SourceMgr sources;
    // The parser wants a terminated buffer; a final newline ends the last statement. CFI
    // directives (.cfi_adjust_cfa_offset in push macros) need the frame the compiler opens
    // around the statement, so one is opened here too.
    const bool needs_frame = bound_text.find(".cfi_") != std::string::npos &&
                             bound_text.find(".cfi_startproc") == std::string::npos;
    const std::string prologue = needs_frame ? ".cfi_startproc\n" : "";
    const std::string epilogue = needs_frame ? "\n.cfi_endproc\n" : "\n";
    std::string text = bound_text;
    model.respell_for_llvm(text);
    auto buffer = llvm::MemoryBuffer::getMemBufferCopy(prologue + text + epilogue, "asm");
    const char *start = buffer->getBufferStart() + prologue.size();
    const char *end = start + bound_text.size();
    sources.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
    Diagnostics diagnostics;
    diagnostics.buffer_start = start;
    diagnostics.buffer_end = end;
    sources.setDiagHandler(collect_diagnostic, &diagnostics);

    llvm::MCContext context(llvm::Triple(model.triple), mc.asm_info.get(), mc.registers.get(),
                            mc.subtarget.get(), &sources, &mc.options);
    std::unique_ptr<llvm::MCObjectFileInfo> object_info(mc.target->createMCObjectFileInfo(context, false));
    context.setObjectFileInfo(object_info.get());
    // Errors MCContext reports itself (CFI, sections) go to the same place as the parser's.
    context.setDiagnosticHandler([&diagnostics](const llvm::SMDiagnostic &diag, bool, const llvm::SourceMgr &,
                                                std::vector<const llvm::MDNode *> &) {
        collect_diagnostic(diag, &diagnostics);
    });
    std::unique_ptr<llvm::MCDisassembler> disassembler;
    ByteDecoder decode_bytes = [&](const std::string &bytes, size_t from, llvm::MCInst &inst, std::string &printed) -> size_t {
        if (!disassembler) disassembler.reset(mc.target->createMCDisassembler(*mc.subtarget, context));
        if (!disassembler || !mc.printer) return 0;
        uint64_t size = 0;
        const llvm::ArrayRef<uint8_t> data(reinterpret_cast<const uint8_t *>(bytes.data()) + from, bytes.size() - from);
        if (disassembler->getInstruction(inst, size, data, 0, llvm::nulls()) != llvm::MCDisassembler::Success) return 0;
        std::string out;
        llvm::raw_string_ostream os(out);
        mc.printer->printInst(&inst, 0, "", *mc.subtarget, os);
        os.flush();
        const size_t first = out.find_first_not_of(" \t");
        printed = first == std::string::npos ? out : out.substr(first);
        for (char &c : printed)
            if (c == '\t') c = ' ';
        return static_cast<size_t>(size);
    };
    CollectingStreamer streamer(context, start, end, decode_bytes);
    std::unique_ptr<llvm::MCAsmParser> parser(llvm::createMCAsmParser(sources, context, streamer, *mc.asm_info));
    std::unique_ptr<llvm::MCTargetAsmParser> target_parser(
        mc.target->createMCAsmParser(*mc.subtarget, *parser, *mc.instructions, mc.options));
    if (!target_parser) {
        result.error = "LLVM has no assembly parser for " + std::string(model.triple);
        return result;
    }
    parser->setShowParsedOperands(false);
    parser->setTargetParser(*target_parser);
    if (intel_syntax) parser->setAssemblerDialect(1);
    const bool failed = parser->Run(/*NoInitialTextSection=*/false);
    streamer.finish_bytes();
    if (failed || !diagnostics.message.empty()) {
        result.error = diagnostics.message.empty() ? "the assembler rejected the template" : diagnostics.message;
        result.error_offset = std::min(diagnostics.offset, bound_text.size());
        return result;
    }

    if (streamer.too_many) {
        result.error = "the template expands to more than " + std::to_string(CollectingStreamer::kMaxInstructions) +
                       " instructions";
        return result;
    }
    result.notes = streamer.notes;
    for (const RawInstruction &raw : streamer.instructions) {
        DecodedInstruction decoded = describe(raw, mc, model, bound_text, streamer.labels);
        decoded.line = 0;
        for (const llvm::MCSymbol *symbol : raw.symbols) {
            auto label = streamer.labels.find(symbol);
            if (label != streamer.labels.end()) {
                decoded.target = static_cast<int>(label->second);
                break;
            }
            if (!symbol->isInSection() || symbol->isUndefined()) {
                decoded.external_target = symbol->getName().str();
                break;
            }
        }
        result.instructions.push_back(std::move(decoded));
    }
    model.apply_sequence_overrides(result.instructions);
    for (DecodedInstruction &in : result.instructions) model.describe_semantics(in);
    return result;
}

}  // namespace

// Instructions LLVM 15 does not know stop the parser; the target may stand in for them with one
// it knows (same operands, same length so offsets hold) and say what the original does beyond
// it. The rest of the statement is then decoded as usual.
DecodedTemplate decode_template(const std::string &bound_text, const TargetModel &model, bool intel_syntax) {
    std::string text = bound_text;
    struct Substitution {
        size_t begin, end;
        StandIn stand_in;
    };
    std::vector<Substitution> substitutions;
    DecodedTemplate result = decode_once(text, model, intel_syntax);
    while (!result.error.empty() && substitutions.size() < 16 && result.error_offset < text.size()) {
        const size_t begin = text.rfind('\n', result.error_offset) == std::string::npos ? 0 : text.rfind('\n', result.error_offset) + 1;
        const size_t end = std::min(text.find('\n', result.error_offset), text.size());
        StandIn stand_in;
        const std::string line = text.substr(begin, end - begin);
        if (!model.stand_in(line, stand_in) || stand_in.line.size() != line.size() || stand_in.line == line) break;
        text.replace(begin, end - begin, stand_in.line);
        substitutions.push_back({begin, end, stand_in});
        result = decode_once(text, model, intel_syntax);
    }
    if (!result.error.empty()) {
        if (!substitutions.empty()) result = decode_once(bound_text, model, intel_syntax);  // the original error
        return result;
    }
    for (const Substitution &sub : substitutions) {
        result.notes.push_back({sub.begin, sub.stand_in.note});
        for (DecodedInstruction &in : result.instructions) {
            if (in.offset < sub.begin || in.offset >= sub.end) continue;
            in.text = instruction_text(bound_text, in.offset);
            if (sub.stand_in.reads_destination) in.reads.add(operand_register(in, 0));
        }
    }
    return result;
}

}  // namespace heisen::asmcheck
