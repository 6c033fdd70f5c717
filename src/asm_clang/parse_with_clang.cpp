// parse_with_clang.cpp — CompilerInstance, a guarded file system, and an AST consumer.
#include "asm_clang/parse_with_clang.h"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/DiagnosticOptions.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/CompilerInvocation.h>
#include <clang/Frontend/FrontendAction.h>
#include <clang/Frontend/Utils.h>
#include <clang/Lex/PPCallbacks.h>
#include <clang/Lex/Preprocessor.h>
#include <llvm/ADT/SmallString.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>
#include <llvm/Support/VirtualFileSystem.h>

#include <set>

#include "asm/read_source_file.h"
#include "asm_clang/asm_from_ast.h"

namespace heisen::asmcheck {

namespace {

// Why RegularFilesOnly refused a file, in Clang's "cannot open file 'x': WHY".
class RefusedFile : public std::error_category {
public:
    const char *name() const noexcept override { return "heisen"; }
    std::string message(int) const override { return kRefusedNotRegular; }
};

const RefusedFile kRefused;

// Opens regular files only, of at most kMaxSourceFileBytes (see read_source_file.h).
class RegularFilesOnly : public llvm::vfs::ProxyFileSystem {
public:
    RegularFilesOnly() : ProxyFileSystem(llvm::vfs::getRealFileSystem()) {}

    llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>> openFileForRead(const llvm::Twine &path) override {
        const llvm::ErrorOr<llvm::vfs::Status> status = this->status(path);
        if (!status) return status.getError();
        if (status->getType() != llvm::sys::fs::file_type::regular_file) return std::error_code(1, kRefused);
        if (status->getSize() > kMaxSourceFileBytes) return std::make_error_code(std::errc::file_too_large);
        return ProxyFileSystem::openFileForRead(path);
    }
};

std::string absolute(llvm::StringRef name) {
    llvm::SmallString<256> path(name);
    llvm::sys::fs::make_absolute(path);
    llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
    return std::string(path.str());
}

// Keeps the error diagnostics; everything below an error is the compiler's business.
class ErrorCollector : public clang::DiagnosticConsumer {
public:
    explicit ErrorCollector(ParsedTranslationUnit &out) : out_(out) {}

    void HandleDiagnostic(clang::DiagnosticsEngine::Level level, const clang::Diagnostic &info) override {
        clang::DiagnosticConsumer::HandleDiagnostic(level, info);
        if (level < clang::DiagnosticsEngine::Error) return;
        ++out_.error_count;
        if (out_.errors.size() >= ParsedTranslationUnit::kMaxErrors) return;
        llvm::SmallString<256> message;
        info.FormatDiagnostic(message);
        std::string where;
        if (info.getLocation().isValid() && info.hasSourceManager()) {
            const clang::PresumedLoc p = info.getSourceManager().getPresumedLoc(info.getLocation());
            if (p.isValid())
                where = absolute(p.getFilename()) + ":" + std::to_string(p.getLine()) + ":" +
                        std::to_string(p.getColumn()) + ": ";
        }
        out_.errors.push_back(where + std::string(message.str()));
    }

private:
    ParsedTranslationUnit &out_;
};

// Records each user (not system) file the preprocessor enters.
class FileRecorder : public clang::PPCallbacks {
public:
    FileRecorder(const clang::SourceManager &sm, std::vector<std::string> &files) : sm_(sm), files_(files) {}

    void FileChanged(clang::SourceLocation loc, FileChangeReason reason, clang::SrcMgr::CharacteristicKind kind,
                     clang::FileID) override {
        if (reason != EnterFile || kind != clang::SrcMgr::C_User) return;
        const auto entry = sm_.getFileEntryRefForID(sm_.getFileID(loc));
        if (!entry) return;
        std::string name = absolute(entry->getName());
        if (seen_.insert(name).second) files_.push_back(std::move(name));
    }

private:
    const clang::SourceManager &sm_;
    std::vector<std::string> &files_;
    std::set<std::string> seen_;
};

class Consumer : public clang::ASTConsumer {
public:
    explicit Consumer(std::vector<ParsedStatement> &out) : out_(out) {}
    void HandleTranslationUnit(clang::ASTContext &context) override { collect_asm_statements(context, out_); }

private:
    std::vector<ParsedStatement> &out_;
};

class CollectAction : public clang::ASTFrontendAction {
public:
    explicit CollectAction(ParsedTranslationUnit &out) : out_(out) {}

    std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &ci, llvm::StringRef) override {
        ci.getPreprocessor().addPPCallbacks(std::make_unique<FileRecorder>(ci.getSourceManager(), out_.files));
        return std::make_unique<Consumer>(out_.statements);
    }

private:
    ParsedTranslationUnit &out_;
};

}  // namespace

ParsedTranslationUnit parse_with_clang(const std::vector<std::string> &arguments) {
    ParsedTranslationUnit out;
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> files(new RegularFilesOnly);
    std::vector<const char *> argv;
    for (const std::string &a : arguments) argv.push_back(a.c_str());

    // The command line's own complaints (an option unsupported for the target …) do not cost
    // statements; only the first is kept, to explain a command Clang cannot use at all.
    ParsedTranslationUnit command_line;
    ErrorCollector command_line_errors(command_line);
    llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> diagnostic_options(new clang::DiagnosticOptions);
    clang::CreateInvocationOptions options;
    options.Diags = clang::CompilerInstance::createDiagnostics(diagnostic_options.get(), &command_line_errors,
                                                               /*ShouldOwnClient=*/false);
    options.VFS = files;
    options.RecoverOnError = true;
    std::shared_ptr<clang::CompilerInvocation> invocation = clang::createInvocation(argv, options);
    if (!invocation) {
        out.failure = "Clang cannot use the compile command" +
                      (command_line.errors.empty() ? std::string() : ": " + command_line.errors.front());
        return out;
    }
    invocation->getFrontendOpts().DisableFree = true;  // the process ends right after

    clang::CompilerInstance compiler;
    compiler.setInvocation(std::move(invocation));
    ErrorCollector errors(out);
    compiler.createDiagnostics(&errors, /*ShouldOwnClient=*/false);
    compiler.createFileManager(files);
    CollectAction action(out);
    compiler.ExecuteAction(action);
    return out;
}

}  // namespace heisen::asmcheck
