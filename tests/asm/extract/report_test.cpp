// report_test.cpp — the GCC-style, JSON and SARIF renderers on a fixed report.
#include <gtest/gtest.h>
#include <llvm/Support/JSON.h>

#include "findings/write_json.h"
#include "json/json_writer.h"
#include "findings/write_sarif.h"
#include "findings/write_text.h"

namespace heisen {
namespace {

SourceLocation at(const char *file, unsigned line, unsigned column) { return {file, line, column}; }

ScanReport sample() {
    ScanReport r;
    r.tool_name = "heisen";
    r.command = "heisen asm";
    r.tool_version = "0.1.0";
    r.information_uri = "https://example.org/heisen";
    r.rule_namespace = "heisen-asm";
    r.rules = {{"undeclared-write", "A register is written undeclared.", "https://example.org/r#undeclared-write",
                Severity::Warning},
               {"flags", "Flags written without cc.", "https://example.org/r#flags", Severity::Note}};
    Finding f;
    f.rule_id = "undeclared-write";
    f.location = at("src/switch.c", 12, 5);
    f.message = "register 'rax' is written but is neither an output nor a clobber";
    f.instruction = "movq $1, %rax";
    f.operand = "rax";
    f.notes.push_back({at("src/switch.c", 10, 3), "the statement starts here"});
    f.suggested_fix = "clobbers: \"rax\", \"memory\"";
    r.findings.push_back(f);
    Finding n;
    n.rule_id = "flags";
    n.severity = Severity::Note;
    n.location = at("src/a b.c", 3, 1);
    n.message = "flags written";
    r.findings.push_back(n);
    r.gaps.push_back({at("src/macro.h", 7, 9), "the template uses the stringized macro argument '#reg'"});
    r.out_of_scope.push_back(at("src/switch.c", 2, 1));
    r.summary.files = 3;
    r.summary.statements = 5;
    r.summary.checked = 3;
    r.summary.not_analysed = 1;
    r.summary.out_of_scope = 1;
    return r;
}

TEST(TextReport, GccStyleLinesInSourceOrder) {
    EXPECT_EQ(write_text_report(sample()),
              "src/a b.c:3:1: note: flags written [heisen-asm:flags]\n"
              "src/macro.h:7:9: note: could not analyse: the template uses the stringized macro argument '#reg'\n"
              "src/switch.c:12:5: warning: register 'rax' is written but is neither an output nor a clobber "
              "[heisen-asm:undeclared-write]\n"
              "src/switch.c:12:5: note: instruction: movq $1, %rax\n"
              "src/switch.c:12:5: note: operand: rax\n"
              "src/switch.c:10:3: note: the statement starts here\n"
              "src/switch.c:12:5: note: suggested fix: clobbers: \"rax\", \"memory\"\n"
              "heisen asm: 3 files, 5 asm statements (3 checked, 1 not analysed, 1 basic asm out of scope): "
              "1 warning, 1 note\n");
}

TEST(TextReport, VerboseListsOutOfScopeAndEmptySummary) {
    ScanReport r = sample();
    r.findings.clear();
    r.gaps.clear();
    r.summary.statements = 4;
    r.summary.not_analysed = 0;
    TextReportOptions o;
    o.list_out_of_scope = true;
    EXPECT_EQ(write_text_report(r, o),
              "src/switch.c:2:1: note: basic asm (no operands) is out of scope\n"
              "heisen asm: 3 files, 4 asm statements (3 checked, 0 not analysed, 1 basic asm out of scope): "
              "no findings\n");
}

TEST(JsonReport, FieldsAndValidity) {
    const std::string text = write_json_report(sample());
    llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
    ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
    const llvm::json::Object &root = *parsed->getAsObject();
    EXPECT_EQ(*root.getString("format"), "heisen-scan/1");
    EXPECT_EQ(*root.getString("tool"), "heisen asm");
    const llvm::json::Object &summary = *root.getObject("summary");
    EXPECT_EQ(*summary.getInteger("files"), 3);
    EXPECT_EQ(*summary.getInteger("statements"), 5);
    EXPECT_EQ(*summary.getInteger("checked"), 3);
    EXPECT_EQ(*summary.getInteger("not_analysed"), 1);
    EXPECT_EQ(*summary.getInteger("out_of_scope"), 1);
    EXPECT_EQ(*summary.getInteger("warnings"), 1);
    EXPECT_EQ(*summary.getInteger("notes"), 1);
    EXPECT_EQ(*summary.getInteger("errors"), 0);
    const llvm::json::Object &f = *(*root.getArray("findings"))[0].getAsObject();
    EXPECT_EQ(*f.getString("rule"), "undeclared-write");
    EXPECT_EQ(*f.getString("severity"), "warning");
    EXPECT_EQ(*f.getString("file"), "src/switch.c");
    EXPECT_EQ(*f.getInteger("line"), 12);
    EXPECT_EQ(*f.getInteger("column"), 5);
    EXPECT_EQ(*f.getString("instruction"), "movq $1, %rax");
    EXPECT_EQ(*f.getString("operand"), "rax");
    EXPECT_EQ(*f.getString("suggested_fix"), "clobbers: \"rax\", \"memory\"");
    const llvm::json::Object &note = *(*f.getArray("notes"))[0].getAsObject();
    EXPECT_EQ(*note.getInteger("line"), 10);
    EXPECT_EQ(*note.getString("message"), "the statement starts here");
    const llvm::json::Object &gap = *(*root.getArray("not_analysed"))[0].getAsObject();
    EXPECT_EQ(*gap.getString("file"), "src/macro.h");
    EXPECT_EQ(*gap.getString("reason"), "the template uses the stringized macro argument '#reg'");
    EXPECT_EQ(*(*root.getArray("out_of_scope"))[0].getAsObject()->getInteger("line"), 2);
}

TEST(JsonWriter, EscapesAndRepairsUtf8) {
    EXPECT_EQ(json_quote("a\"b\\c\n\t\x01\x7f"), "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f\"");
    EXPECT_EQ(json_quote("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
    EXPECT_EQ(json_quote("bad\xff"), "\"bad\xEF\xBF\xBD\"");
}

TEST(SarifReport, StructureGitHubCodeScanningAccepts) {
    const std::string text = write_sarif_report(sample(), "/home/u/project");
    llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
    ASSERT_TRUE(bool(parsed)) << llvm::toString(parsed.takeError());
    const llvm::json::Object &root = *parsed->getAsObject();
    EXPECT_EQ(*root.getString("$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
    EXPECT_EQ(*root.getString("version"), "2.1.0");
    const llvm::json::Array &runs = *root.getArray("runs");
    ASSERT_EQ(runs.size(), 1u);
    const llvm::json::Object &run = *runs[0].getAsObject();
    const llvm::json::Object &driver = *run.getObject("tool")->getObject("driver");
    EXPECT_EQ(*driver.getString("name"), "heisen");
    EXPECT_EQ(*driver.getString("informationUri"), "https://example.org/heisen");
    const llvm::json::Array &rules = *driver.getArray("rules");
    ASSERT_EQ(rules.size(), 2u);
    const llvm::json::Object &rule = *rules[0].getAsObject();
    EXPECT_EQ(*rule.getString("id"), "undeclared-write");
    EXPECT_EQ(*rule.getObject("shortDescription")->getString("text"), "A register is written undeclared.");
    EXPECT_EQ(*rule.getString("helpUri"), "https://example.org/r#undeclared-write");
    EXPECT_EQ(*rules[1].getAsObject()->getObject("defaultConfiguration")->getString("level"), "note");
    EXPECT_EQ(*run.getObject("originalUriBaseIds")->getObject("SRCROOT")->getString("uri"), "file:///home/u/project/");

    const llvm::json::Array &results = *run.getArray("results");
    ASSERT_EQ(results.size(), 2u);
    const llvm::json::Object &r0 = *results[0].getAsObject();
    EXPECT_EQ(*r0.getString("ruleId"), "undeclared-write");
    EXPECT_EQ(*r0.getInteger("ruleIndex"), 0);
    EXPECT_EQ(*r0.getString("level"), "warning");
    EXPECT_EQ(*r0.getObject("message")->getString("text"),
              "register 'rax' is written but is neither an output nor a clobber (instruction: movq $1, %rax). "
              "Suggested fix: clobbers: \"rax\", \"memory\"");
    const llvm::json::Object &loc = *(*r0.getArray("locations"))[0].getAsObject()->getObject("physicalLocation");
    EXPECT_EQ(*loc.getObject("artifactLocation")->getString("uri"), "src/switch.c");
    EXPECT_EQ(*loc.getObject("artifactLocation")->getString("uriBaseId"), "SRCROOT");
    EXPECT_EQ(*loc.getObject("region")->getInteger("startLine"), 12);
    EXPECT_EQ(*loc.getObject("region")->getInteger("startColumn"), 5);
    ASSERT_EQ(r0.getArray("relatedLocations")->size(), 1u);
    const llvm::json::Object &r1 = *results[1].getAsObject();
    EXPECT_EQ(*r1.getString("level"), "note");
    EXPECT_EQ(*(*r1.getArray("locations"))[0].getAsObject()->getObject("physicalLocation")->getObject(
                  "artifactLocation")->getString("uri"),
              "src/a%20b.c");

    const llvm::json::Object &invocation = *(*run.getArray("invocations"))[0].getAsObject();
    EXPECT_EQ(*invocation.getBoolean("executionSuccessful"), true);
    const llvm::json::Object &notification = *(*invocation.getArray("toolExecutionNotifications"))[0].getAsObject();
    EXPECT_EQ(*notification.getString("level"), "note");
    EXPECT_EQ(*notification.getObject("message")->getString("text"),
              "could not analyse: the template uses the stringized macro argument '#reg'");
}

TEST(SarifReport, ArtifactUris) {
    bool relative = false;
    EXPECT_EQ(sarif_artifact_uri("/home/u/project/src/x.c", "/home/u/project", relative), "src/x.c");
    EXPECT_TRUE(relative);
    EXPECT_EQ(sarif_artifact_uri("./src/../y.c", "/home/u/project", relative), "y.c");
    EXPECT_TRUE(relative);
    EXPECT_EQ(sarif_artifact_uri("/usr/include/x.h", "/home/u/project", relative), "file:///usr/include/x.h");
    EXPECT_FALSE(relative);
    EXPECT_EQ(sarif_artifact_uri("../other/z.c", "/home/u/project", relative), "file:///home/u/other/z.c");
    EXPECT_FALSE(relative);
}

}  // namespace
}  // namespace heisen
