// xol_bench.cpp — `heisen xol` throughput: instructions decoded and classified per second, and
// LLVM's decoding alone over the same bytes (the floor), for each ELF file named on the
// command line. Goal (issue 16): ≥ 5 million instructions per second per core.
//
//   xol_bench FILE... [--benchmark_* flags]   Google Benchmark, one pair of benchmarks per file
//   xol_bench --count FILE                     one pass of the analysis, prints the instruction
//                                              count (run under callgrind: bench/xol/run.sh)
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "xol/analysis.h"
#include "xol/elf_file.h"
#include "xol/functions.h"

namespace {

using namespace heisen::xol;

struct Input {
    std::unique_ptr<ElfFile> file;
    std::vector<Function> functions;
    std::unique_ptr<Analysis> analysis;
};

std::unique_ptr<Input> load(const std::string &path) {
    auto input = std::make_unique<Input>();
    std::string error;
    input->file = ElfFile::open(path, std::nullopt, error);
    if (input->file) input->analysis = Analysis::create(*input->file, SlotSpec{}, error);
    if (!input->analysis) {
        std::fprintf(stderr, "xol_bench: %s\n", error.c_str());
        return nullptr;
    }
    input->functions = find_functions(*input->file, {});
    return input;
}

// Every function through Analysis::analyse: decode, classify, verdicts. Returns instructions.
uint64_t analyse_all(Input &input) {
    FunctionResult result;
    uint64_t instructions = 0;
    for (const Function &f : input.functions) {
        input.analysis->analyse(f, result);
        instructions += result.instructions;
    }
    return instructions;
}

// The same bytes through LLVM's decoder alone.
uint64_t decode_all(Input &input) {
    llvm::MCInst inst;
    uint64_t instructions = 0;
    const Disassembler &d = input.analysis->disassembler();
    for (const Function &f : input.functions) {
        const Section &s = *f.section;
        for (uint64_t address = f.start; address < f.end; ++instructions) {
            uint64_t size = 0;
            d.decode(s.bytes + (address - s.address), s.address + s.size - address, address, inst, size);
            if (size == 0) break;
            address += size;
        }
    }
    return instructions;
}

void run(benchmark::State &state, Input *input, bool classify) {
    uint64_t instructions = 0;
    for (auto _ : state) instructions += classify ? analyse_all(*input) : decode_all(*input);
    state.counters["instructions"] = benchmark::Counter(static_cast<double>(instructions) / state.iterations());
    state.counters["instructions/s"] = benchmark::Counter(static_cast<double>(instructions), benchmark::Counter::kIsRate);
}

}  // namespace

int main(int argc, char **argv) {
    if (argc == 3 && !std::strcmp(argv[1], "--count")) {
        std::unique_ptr<Input> input = load(argv[2]);
        if (!input) return 2;
        std::printf("%llu\n", static_cast<unsigned long long>(analyse_all(*input)));
        return 0;
    }
    benchmark::Initialize(&argc, argv);
    std::vector<std::unique_ptr<Input>> inputs;
    for (int i = 1; i < argc; ++i) {
        std::unique_ptr<Input> input = load(argv[i]);
        if (!input) return 2;
        const std::string name = argv[i];
        benchmark::RegisterBenchmark(("analyse/" + name).c_str(), run, input.get(), true)->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark(("llvm_decode_only/" + name).c_str(), run, input.get(), false)
            ->Unit(benchmark::kMillisecond);
        inputs.push_back(std::move(input));
    }
    if (inputs.empty()) {
        std::fprintf(stderr, "usage: xol_bench ELF... [--benchmark_* flags] | xol_bench --count ELF\n");
        return 2;
    }
    benchmark::RunSpecifiedBenchmarks();
    return 0;
}
