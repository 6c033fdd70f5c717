#!/usr/bin/env python3
"""objdump_check.py HEISEN ELF [heisen xol options] — compares `heisen xol` with GNU objdump on a
whole file: every instruction objdump shows with a RIP-relative operand (its "# target"
comment), a direct call, a direct jmp or a conditional jump inside the functions heisen analysed
(all, or those --functions selects) must be reported by heisen at the same address with the same
target, and heisen must report nothing of those classes objdump does not show. Prints the counts and the first differences; exit status 1 when they differ.
x86-64 only (objdump's riscv64 output needs no such check: tests/xol compares the testbed)."""
import bisect
import json
import re
import subprocess
import sys

heisen, elf, *options = sys.argv[1:]
LINE = re.compile(r"^\s*([0-9a-f]+):\t(.*)$")
CLASSES = ("rip-relative", "relative-call", "relative-jump", "conditional-jump", "counter-jump",
           "transaction-begin")


def objdump_view():
    view = set()
    proc = subprocess.Popen(["objdump", "-d", "--no-show-raw-insn", "-w", elf], stdout=subprocess.PIPE, text=True,
                            errors="replace")
    for line in proc.stdout:
        m = LINE.match(line)
        if not m:
            continue
        address = int(m.group(1), 16)
        text = m.group(2).strip()
        words = text.split()
        if not words:
            continue
        while words and words[0] in ("bnd", "notrack", "rex.W", "data16", "cs", "ds", "lock", "rep", "repz", "repnz",
                                     "addr32", "ss", "es", "fs", "gs", "rex", "rex.B", "rex.X", "rex.R") :
            words = words[1:]
        if not words:
            continue
        mnemonic = words[0]
        operands = " ".join(words[1:])
        if "(%rip)" in text and "#" in text:
            target = int(text.split("#", 1)[1].split()[0], 16)
            view.add((address, "rip-relative", target))
        operands = operands.split("#")[0]
        direct = re.match(r"^[0-9a-f]+ <", operands) is not None  # "26110 <foo@plt>", not "*%rax"
        if direct:
            target = int(operands.split()[0], 16)
            if mnemonic.startswith("call"):
                view.add((address, "relative-call", target))
            elif mnemonic.startswith("jmp"):
                view.add((address, "relative-jump", target))
            elif mnemonic in ("loop", "loope", "loopne", "jrcxz", "jecxz"):
                view.add((address, "counter-jump", target))
            elif mnemonic.startswith("xbegin"):
                view.add((address, "transaction-begin", target))
            elif mnemonic.startswith("j"):
                view.add((address, "conditional-jump", target))
    proc.wait()
    return view


def heisen_view():
    out = subprocess.run([heisen, "xol", "--format", "json", "--fail-on", "none", *options, elf],
                         stdout=subprocess.PIPE, check=True).stdout
    report = json.loads(out)
    view = set()
    ranges = sorted((int(f["start"], 16), int(f["end"], 16)) for f in report["functions"])
    for function in report["functions"]:
        for f in function.get("findings", []):
            if f["rule"] in CLASSES and "target" in f:
                view.add((int(f["address"], 16), f["rule"], int(f["target"], 16)))
    return view, report["summary"], ranges


ours, summary, ranges = heisen_view()
starts = [r[0] for r in ranges]


def analysed(address):
    """Inside a function heisen reported (all of them unless --functions narrowed it)."""
    k = bisect.bisect_right(starts, address) - 1
    return k >= 0 and address < ranges[k][1]


theirs = {t for t in objdump_view() if analysed(t[0])}
missing = sorted(theirs - ours)
extra = sorted(ours - theirs)
print(f"{elf}: objdump {len(theirs)}, heisen {len(ours)} (of {summary['instructions']} instructions); "
      f"missing {len(missing)}, extra {len(extra)}")
for kind, items in (("missing", missing), ("extra", extra)):
    for address, rule, target in items[:10]:
        print(f"  {kind}: {address:#x} {rule} -> {target:#x}")
sys.exit(1 if missing or extra else 0)
