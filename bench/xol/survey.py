#!/usr/bin/env python3
"""survey.py HEISEN [--system-map MAP] FILE... — runs `heisen xol --summary --format json` over
many ELF files and prints, as markdown for bench/RESULTS.md: how many functions are probe-safe,
need a fix-up or are unsafe, how many have a probe-safe first instruction, the share of
functions holding each class, and the CPU time spent (user + system of the heisen processes)
with instructions per CPU second. Files that are not x86-64/riscv64 ELF (scripts, symlinks to
files already seen) are skipped and counted."""
import json
import os
import resource
import subprocess
import sys

args = sys.argv[1:]
heisen = args.pop(0)
extra = []
if args and args[0] == "--system-map":
    extra = ["--system-map", args[1]]
    args = args[2:]

seen = set()
totals = {"files": 0, "skipped": 0, "rejected": 0, "functions": 0, "probe_safe": 0, "needs_fixup": 0, "unsafe": 0,
          "entry_probe_safe": 0, "instructions": 0, "undecodable_bytes": 0}
by_class = {}
functions_by_class = {}
rejected = []
cpu = 0.0
for path in args:
    real = os.path.realpath(path)
    if real in seen or not os.path.isfile(real):
        totals["skipped"] += 1
        continue
    seen.add(real)
    with open(real, "rb") as f:
        if f.read(4) != b"\x7fELF":
            totals["skipped"] += 1
            continue
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run([heisen, "xol", "--summary", "--format", "json", "--fail-on", "none", *extra, real],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if run.returncode != 0:
        totals["rejected"] += 1
        rejected.append(run.stderr.decode(errors="replace").strip())
        continue
    summary = json.loads(run.stdout)["summary"]
    totals["files"] += 1
    for key in ("functions", "probe_safe", "needs_fixup", "unsafe", "entry_probe_safe", "instructions",
                "undecodable_bytes"):
        totals[key] += summary[key]
    for name, n in summary["findings_by_class"].items():
        by_class[name] = by_class.get(name, 0) + n
    for name, n in summary["functions_by_class"].items():
        functions_by_class[name] = functions_by_class.get(name, 0) + n


def share(n, d):
    return f"{100.0 * n / d:.1f} %" if d else "-"


t = totals
print(f"{t['files']} ELF files analysed ({t['skipped']} other files skipped, {t['rejected']} rejected)")
print()
print("| functions | probe-safe | need fix-up | unsafe | probe-safe entry | instructions | undecodable bytes |")
print("|---|---|---|---|---|---|---|")
print(f"| {t['functions']} | {t['probe_safe']} ({share(t['probe_safe'], t['functions'])}) | "
      f"{t['needs_fixup']} ({share(t['needs_fixup'], t['functions'])}) | "
      f"{t['unsafe']} ({share(t['unsafe'], t['functions'])}) | "
      f"{t['entry_probe_safe']} ({share(t['entry_probe_safe'], t['functions'])}) | {t['instructions']} | "
      f"{t['undecodable_bytes']} |")
print()
print("| class | findings | functions with one |")
print("|---|---|---|")
for name in sorted(by_class, key=lambda k: -functions_by_class.get(k, 0)):
    if by_class[name]:
        print(f"| {name} | {by_class[name]} | {functions_by_class[name]} ({share(functions_by_class[name], t['functions'])}) |")
print()
print(f"CPU time of the heisen processes: {cpu:.2f} s (user + system), "
      f"{t['instructions'] / cpu / 1e6 if cpu else 0:.2f} million instructions per CPU second, whole command")
for line in rejected[:10]:
    print("rejected:", line)
