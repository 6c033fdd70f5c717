// asm_from_ast.cpp — GCCAsmStmt and FileScopeAsmDecl into AsmStatement.
#include "asm_clang/asm_from_ast.h"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Attr.h>
#include <clang/AST/Expr.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/AST/Stmt.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Lex/Lexer.h>
#include <clang/Lex/LiteralSupport.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/raw_ostream.h>

#include <map>
#include <set>
#include <unordered_map>

namespace heisen::asmcheck {

namespace {

class Collector : public clang::RecursiveASTVisitor<Collector> {
public:
    Collector(clang::ASTContext &context, std::vector<ParsedStatement> &out)
        : context_(context), sm_(context.getSourceManager()), lang_(context.getLangOpts()), out_(out),
          policy_(lang_) {
        policy_.SuppressTagKeyword = false;
    }

    bool shouldVisitTemplateInstantiations() const { return true; }

    bool TraverseDecl(clang::Decl *decl) {
        auto *function = llvm::dyn_cast_or_null<clang::FunctionDecl>(decl);
        if (function) functions_.push_back(function);
        const bool ok = clang::RecursiveASTVisitor<Collector>::TraverseDecl(decl);
        if (function) functions_.pop_back();
        return ok;
    }

    bool VisitGCCAsmStmt(clang::GCCAsmStmt *s) {
        const clang::SourceLocation keyword = s->getAsmLoc();
        if (sm_.isInSystemHeader(sm_.getSpellingLoc(keyword))) return true;
        ParsedStatement parsed;
        AsmStatement &a = parsed.statement;
        start(a, parsed, keyword);
        a.is_volatile = s->isVolatile();
        a.is_goto = s->isAsmGoto();
        a.is_basic = s->isSimple();
        a.may_be_duplicated = keyword.isMacroID() || in_header(keyword) || in_inline_function();
        template_text(s->getAsmString(), a);
        if (presumed_elsewhere_) parsed.definition += "|" + a.template_text;
        for (unsigned i = 0; i < s->getNumOutputs(); ++i)
            a.outputs.push_back(operand(s->getOutputName(i), s->getOutputConstraint(i), s->getOutputExpr(i),
                                        s->getOutputConstraintLiteral(i)));
        for (unsigned i = 0; i < s->getNumInputs(); ++i)
            a.inputs.push_back(operand(s->getInputName(i), s->getInputConstraint(i), s->getInputExpr(i),
                                       s->getInputConstraintLiteral(i)));
        for (unsigned i = 0; i < s->getNumClobbers(); ++i) a.clobbers.push_back(s->getClobber(i).str());
        for (unsigned i = 0; i < s->getNumLabels(); ++i) a.goto_labels.push_back(s->getLabelName(i).str());
        const bool pattern = !functions_.empty() && functions_.back()->isDependentContext();
        if (pattern) {
            patterns_.push_back(std::move(parsed));
        } else {
            instantiated_.insert(parsed.definition);
            out_.push_back(std::move(parsed));
        }
        return true;
    }

    bool VisitFileScopeAsmDecl(clang::FileScopeAsmDecl *d) {
        const clang::SourceLocation keyword = d->getAsmLoc();
        if (sm_.isInSystemHeader(sm_.getSpellingLoc(keyword))) return true;
        ParsedStatement parsed;
        start(parsed.statement, parsed, keyword);
        parsed.statement.is_basic = true;
        template_text(d->getAsmString(), parsed.statement);
        if (presumed_elsewhere_) parsed.definition += "|" + parsed.statement.template_text;
        out_.push_back(std::move(parsed));
        return true;
    }

    // A template's own statement counts only when no instantiation of it was seen: its operand
    // types are not known there.
    void finish() {
        for (ParsedStatement &p : patterns_)
            if (!instantiated_.count(p.definition)) out_.push_back(std::move(p));
        patterns_.clear();
    }

private:
    void start(AsmStatement &a, ParsedStatement &parsed, clang::SourceLocation keyword) {
        const clang::SourceLocation spelled = spelling(keyword);
        a.location = where(spelled);
        a.keyword = clang::Lexer::getSourceText(clang::CharSourceRange::getTokenRange(spelled), sm_, lang_).str();
        if (keyword.isMacroID()) a.enclosing_macro = clang::Lexer::getImmediateMacroName(keyword, sm_, lang_).str();
        parsed.expansion = where(sm_.getExpansionLoc(keyword));
        parsed.origin = StatementOrigin::Clang;
        parsed.definition = a.location.file + ":" + std::to_string(a.location.line) + ":" +
                            std::to_string(a.location.column);
        const auto entry = sm_.getFileEntryRefForID(sm_.getFileID(spelled));
        presumed_elsewhere_ = !entry || absolute(std::string(entry->getName()).c_str()) != a.location.file;
    }

    // Where a token is written; a token made by # or ## has no such place: its macro use.
    clang::SourceLocation spelling(clang::SourceLocation loc) const {
        const clang::SourceLocation spelled = sm_.getSpellingLoc(loc);
        return sm_.isWrittenInScratchSpace(spelled) ? sm_.getExpansionLoc(loc) : spelled;
    }

    // A file location as heisen reports it: the presumed (#line-aware) file, made absolute
    // against the directory the compiler ran in, line and byte column.
    SourceLocation where(clang::SourceLocation loc) {
        SourceLocation out;
        const clang::PresumedLoc presumed = sm_.getPresumedLoc(loc);
        if (presumed.isInvalid()) return out;
        out.file = absolute(presumed.getFilename());
        out.line = presumed.getLine();
        out.column = presumed.getColumn();
        return out;
    }

    const std::string &absolute(const char *name) {
        auto it = absolute_names_.find(name);
        if (it != absolute_names_.end()) return it->second;
        llvm::SmallString<256> path(name);
        if (!path.empty() && path[0] != '<') {
            llvm::sys::fs::make_absolute(path);
            llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
        }
        return absolute_names_.emplace(name, std::string(path.str())).first->second;
    }

    bool in_header(clang::SourceLocation loc) const {
        return sm_.getFileID(sm_.getSpellingLoc(loc)) != sm_.getMainFileID();
    }

    // Inline functions, templates and their instantiations can be emitted more than once.
    bool in_inline_function() const {
        for (const clang::FunctionDecl *f : functions_)
            if (f->isInlined() || f->isInlineSpecified() || f->isTemplated() || f->isTemplateInstantiation())
                return true;
        return false;
    }

    // The template, and where each of its string literal pieces is written.
    void template_text(const clang::StringLiteral *literal, AsmStatement &a) {
        a.template_text = literal->getString().str();
        size_t offset = 0;
        for (unsigned i = 0; i < literal->getNumConcatenated(); ++i) {
            const clang::SourceLocation loc = literal->getStrTokenLoc(i);
            clang::Token token;
            if (clang::Lexer::getRawToken(sm_.getSpellingLoc(loc), token, sm_, lang_, /*IgnoreWhiteSpace=*/true)) break;
            const clang::StringLiteralParser piece(llvm::ArrayRef<clang::Token>(token), sm_, lang_,
                                                   context_.getTargetInfo());
            if (piece.hadError) break;
            a.template_pieces.push_back({offset, where(spelling(loc))});
            offset += piece.GetStringLength();
        }
        if (offset != a.template_text.size()) a.template_pieces = {{0, a.location}};
    }

    AsmOperand operand(llvm::StringRef name, llvm::StringRef constraint, const clang::Expr *e,
                       const clang::StringLiteral *constraint_literal) {
        AsmOperand op;
        op.symbolic_name = name.str();
        op.constraint = constraint.str();
        op.location = where(spelling(constraint_literal->getBeginLoc()));
        if (!e) return op;
        {
            llvm::raw_string_ostream text(op.expression);
            e->IgnoreImpCasts()->printPretty(text, nullptr, policy_);
        }
        const clang::QualType type = e->getType();
        op.c_type = type.getAsString(policy_);
        const bool known = !e->containsErrors() && !type.isNull() && !type->isDependentType() &&
                           !type->isIncompleteType() && !type->isSizelessType();
        if (known) op.type_size = static_cast<uint64_t>(context_.getTypeSizeInChars(type).getQuantity());
        if (known && !e->isValueDependent() && type->isIntegralOrEnumerationType()) {
            clang::Expr::EvalResult value;
            if (e->EvaluateAsInt(value, context_)) {
                llvm::SmallString<32> digits;
                value.Val.getInt().toString(digits, 10);
                op.constant_value = std::string(digits.str());
            }
        }
        // `register long r10 asm("r10")`: the compiler puts the operand in that register.
        if (const auto *ref = llvm::dyn_cast<clang::DeclRefExpr>(e->IgnoreParenImpCasts()))
            if (const auto *variable = llvm::dyn_cast<clang::VarDecl>(ref->getDecl()))
                if (variable->getStorageClass() == clang::SC_Register)
                    if (const auto *label = variable->getAttr<clang::AsmLabelAttr>()) {
                        llvm::StringRef reg = label->getLabel();
                        reg.consume_front("%");
                        op.register_variable = reg.str();
                    }
        return op;
    }

    clang::ASTContext &context_;
    clang::SourceManager &sm_;
    const clang::LangOptions &lang_;
    std::vector<ParsedStatement> &out_;
    clang::PrintingPolicy policy_;
    std::vector<const clang::FunctionDecl *> functions_;  // enclosing functions, innermost last
    std::vector<ParsedStatement> patterns_;
    std::set<std::string> instantiated_;
    bool presumed_elsewhere_ = false;  // the statement being read is located through #line / markers
    std::unordered_map<std::string, std::string> absolute_names_;
};

}  // namespace

void collect_asm_statements(clang::ASTContext &context, std::vector<ParsedStatement> &out) {
    Collector collector(context, out);
    collector.TraverseDecl(context.getTranslationUnitDecl());
    collector.finish();
}

}  // namespace heisen::asmcheck
