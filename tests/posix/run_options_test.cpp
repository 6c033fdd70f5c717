// Option parsing of `heisen run`: every option, both spellings, and the messages for bad input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "run/run_options.h"

namespace heisen::run {
namespace {

std::optional<RunOptions> parse(std::vector<std::string> args, std::string &error) {
    args.insert(args.begin(), "run");
    std::vector<char *> argv;
    for (std::string &arg : args) argv.push_back(arg.data());
    return parse_run_options(static_cast<int>(argv.size()), argv.data(), error);
}

TEST(RunOptions, DefaultsAndProgramAfterDoubleDash) {
    std::string error;
    auto options = parse({"--", "./prog", "--log", "x"}, error);
    ASSERT_TRUE(options) << error;
    EXPECT_EQ(options->format, OutputFormat::kText);
    EXPECT_FALSE(options->classes_by_site);
    EXPECT_FALSE(options->abort_on_report);
    EXPECT_FALSE(options->report_exit_status);
    EXPECT_TRUE(options->log_path.empty());
    EXPECT_FALSE(options->stats);
    EXPECT_FALSE(options->condition_waits);
    EXPECT_FALSE(options->deadlock_report_only);  // a deadlock exits 66 unless told otherwise
    EXPECT_EQ(options->program, (std::vector<std::string>{"./prog", "--log", "x"}));
}

TEST(RunOptions, EveryOptionInBothSpellings) {
    std::string error;
    auto options = parse({"--log", "out.txt", "--format=json", "--classes", "site", "--on-report=abort",
                          "--exitcode", "66", "--stats", "--condition-waits", "--on-deadlock", "report", "--",
                          "prog"},
                         error);
    ASSERT_TRUE(options) << error;
    EXPECT_EQ(options->log_path, "out.txt");
    EXPECT_EQ(options->format, OutputFormat::kJson);
    EXPECT_TRUE(options->classes_by_site);
    EXPECT_TRUE(options->abort_on_report);
    EXPECT_EQ(options->report_exit_status, 66);
    EXPECT_TRUE(options->stats);
    EXPECT_TRUE(options->condition_waits);
    EXPECT_TRUE(options->deadlock_report_only);
    EXPECT_EQ(options->program, std::vector<std::string>{"prog"});
}

TEST(RunOptions, ProgramWithoutDoubleDash) {
    std::string error;
    auto options = parse({"--exitcode=3", "prog", "-v"}, error);
    ASSERT_TRUE(options) << error;
    EXPECT_EQ(options->program, (std::vector<std::string>{"prog", "-v"}));
}

TEST(RunOptions, Help) {
    std::string error;
    auto options = parse({"--help"}, error);
    ASSERT_TRUE(options);
    EXPECT_TRUE(options->help);
}

struct BadInput {
    std::vector<std::string> args;
    const char *message;
};

TEST(RunOptions, BadInputIsNamed) {
    const BadInput cases[] = {
        {{"--format=xml", "--", "p"}, "--format must be text or json, not 'xml'"},
        {{"--classes=global", "--", "p"}, "--classes must be instance or site, not 'global'"},
        {{"--on-report=stop", "--", "p"}, "--on-report must be continue or abort, not 'stop'"},
        {{"--on-deadlock=wait", "--", "p"}, "--on-deadlock must be exit or report, not 'wait'"},
        {{"--exitcode", "300", "--", "p"}, "--exitcode needs a number from 0 to 255, not '300'"},
        {{"--exitcode", "x", "--", "p"}, "--exitcode needs a number from 0 to 255, not 'x'"},
        {{"--log"}, "--log needs a value"},
        {{"--log="}, "--log needs a file name"},
        {{"--frobnicate", "--", "p"}, "unknown option '--frobnicate'"},
        {{"--"}, "no program given (heisen run [options] -- PROGRAM [ARGS...])"},
        {{}, "no program given (heisen run [options] -- PROGRAM [ARGS...])"},
    };
    for (const BadInput &bad : cases) {
        std::string error;
        EXPECT_FALSE(parse(bad.args, error));
        EXPECT_EQ(error, bad.message);
    }
}

}  // namespace
}  // namespace heisen::run
