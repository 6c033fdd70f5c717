#!/usr/bin/env python3
"""Generates the `heisen asm` benchmark inputs.

  generate_corpus.py statements DIR FILES PER_FILE   C files full of asm statements (x86-64)
  generate_corpus.py plain DIR FILES                 C files of ordinary code without asm
  generate_corpus.py database DIR                    compile_commands.json for DIR's C files

The statements mix the shapes kernels use (syscall wrappers, rdtsc, cmpxchg, rep movs,
context-switch fragments, bit scans), with operands and clobbers, some correct, some not.
"""
import json
import os
import sys

TEMPLATES = [
    'asm volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a0), "S"(a1), "d"(a2) : "rcx", "r11", "memory");',
    'asm volatile("rdtsc" : "=a"(lo), "=d"(hi));',
    'asm volatile("lock; cmpxchgq %2, %1" : "=a"(prev), "+m"(*p) : "r"(n), "0"(o) : "memory", "cc");',
    'asm volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(len) : : "memory");',
    'asm("bsrq %1, %0" : "=r"(bit) : "rm"(word) : "cc");',
    'asm volatile("movq %%rsp, %0\\n\\tmovq %1, %%rsp" : "=m"(prev_sp) : "m"(next_sp));',
    'asm("movq $1, %%rax\\n\\taddq %1, %0" : "+r"(x) : "r"(y) : "cc");',
    'asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "0"(leaf), "2"(sub));',
    'asm("1: decq %0\\n\\tjnz 1b" : "+r"(n) : : "cc");',
    'asm volatile("pushq %%rbx\\n\\tpopq %%rbx" : : : "memory");',
]

PLAIN = """
struct node_{i} {{ struct node_{i} *next; long key; char name[32]; }};

static long hash_{i}(const char *s, unsigned long n) {{
    long h = 1469598103934665603L; /* FNV-1a; "asm" appears only in this comment */
    for (unsigned long k = 0; k < n; ++k) {{ h ^= (unsigned char)s[k]; h *= 1099511628211L; }}
    return h;
}}

long lookup_{i}(struct node_{i} **table, unsigned long size, const char *key, unsigned long n) {{
    struct node_{i} *it = table[hash_{i}(key, n) % size];
    while (it && it->key != hash_{i}(key, n)) it = it->next;
    return it ? it->key : -1;  // not found: 'nothing'
}}
"""


def statements(directory, files, per_file):
    os.makedirs(directory, exist_ok=True)
    total = 0
    for f in range(files):
        lines = ["void f%d(long *p, long o, long n, long x, long y, void *dst, const void *src, unsigned long len) {" % f,
                 "    long ret, nr = 1, a0 = 0, a1 = 0, a2 = 0, prev, bit, word = x; unsigned lo, hi, a, b, c, d, leaf = 0, sub = 0;",
                 "    long prev_sp, next_sp = 0;"]
        for k in range(per_file):
            lines.append("    " + TEMPLATES[(f * per_file + k) % len(TEMPLATES)])
            total += 1
        lines.append("}")
        with open(os.path.join(directory, "s%05d.c" % f), "w") as out:
            out.write("\n".join(lines) + "\n")
    print(total)


def plain(directory, files):
    for f in range(files):
        sub = os.path.join(directory, "d%03d" % (f // 100))
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, "p%05d.c" % f), "w") as out:
            out.write(PLAIN.format(i=f))
    print(files)


def database(directory):
    """One `cc -O2 -c` command per C file, as a build system would write it."""
    directory = os.path.abspath(directory)
    names = sorted(n for n in os.listdir(directory) if n.endswith(".c"))
    commands = [{"directory": directory, "file": n, "arguments": ["cc", "-O2", "-c", n]} for n in names]
    with open(os.path.join(directory, "compile_commands.json"), "w") as out:
        json.dump(commands, out, indent=1)
    print(len(commands))


if __name__ == "__main__":
    if sys.argv[1] == "statements":
        statements(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif sys.argv[1] == "database":
        database(sys.argv[2])
    else:
        plain(sys.argv[2], int(sys.argv[3]))
