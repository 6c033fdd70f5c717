// scan.cpp — functions → analysis → output, streaming.
#include "xol/scan.h"

#include <fnmatch.h>

#include "xol/address_names.h"
#include "xol/describe.h"
#include "xol/functions.h"
#include "xol/source_lines.h"

namespace heisen::xol {

namespace {

bool selected(const Function &f, const std::vector<std::string> &globs) {
    if (globs.empty()) return true;
    for (const std::string &glob : globs)
        if (fnmatch(glob.c_str(), f.name.c_str(), 0) == 0 || (!f.symbol.empty() && fnmatch(glob.c_str(), f.symbol.c_str(), 0) == 0))
            return true;
    return false;
}

}  // namespace

bool scan_elf(const ElfFile &file, const ScanOptions &options, std::FILE *out, Totals &totals, std::string &error) {
    std::unique_ptr<Analysis> analysis = Analysis::create(file, options.slot, error);
    if (!analysis) return false;
    const std::vector<Function> functions = find_functions(file, options.system_map);
    const AddressNames names(file, functions);
    SourceLines lines(file);
    Describer describer(*analysis, names, lines);
    std::unique_ptr<Output> output = make_output(options.output, *analysis, describer, out);
    output->begin(functions.size());
    FunctionResult result;
    for (const Function &f : functions) {
        if (!selected(f, options.function_globs)) continue;
        analysis->analyse(f, result);
        if (result.padding_only && options.function_globs.empty()) continue;
        totals.add(result);
        output->function(result);
    }
    output->end(totals);
    return true;
}

}  // namespace heisen::xol
