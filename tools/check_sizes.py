#!/usr/bin/env python3
"""Checks the size limits of CONTRIBUTING.md on the tracked C++ sources: no file over 450 lines, and
no function in tools/ over 80 lines (its body, from the line that opens it to the line that closes it).

The tree is clang-formatted (CI checks it), so a function defined at namespace scope opens with a line
at column 0 that ends in '{' and closes at the next line that is a lone '}' at column 0; types,
namespaces, enums and initialisers that open the same way are not functions. Members defined inside a
class body are indented and are not measured (the project defines its functions out of line).

    tools/check_sizes.py [--list N]   exit 1 with each breach as FILE:LINE: what; --list N prints the
                                      N longest functions in tools/ as well
"""
import argparse
import os
import re
import subprocess
import sys

MAX_FILE_LINES = 450
MAX_FUNCTION_LINES = 80
TEMPLATE_HEAD = re.compile(r"^template\s*<[^{]*?>\s*(?=[A-Za-z_:])")
NOT_A_FUNCTION = re.compile(r"^(namespace|struct|class|enum|union|extern)\b|=\s*\{$|^(const|constexpr|static|inline)\s+[^(]*=")


def functions(lines):
    """(first line, length) of each function at namespace scope, 1-based: from the first line of its
    head (which may wrap over several lines) to its closing brace."""
    head_line, head, start = None, "", None
    for number, line in enumerate(lines, 1):
        text = line.rstrip()
        if start is not None:
            if text in ("}", "};"):
                yield start, number - start + 1
                start = None
            continue
        if head_line is None:
            if not text or text[0].isspace() or text.startswith(("//", "#", "}")):
                continue
            head_line, head = number, ""
        head += " " + text.strip()
        if text.endswith(("{", ";", "}")):
            declared = TEMPLATE_HEAD.sub("", head.strip())  # a template's head, on its own line or not
            if text.endswith("{") and "(" in declared and not NOT_A_FUNCTION.search(declared):
                start = head_line
            head_line = None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--list", type=int, default=0)
    args = parser.parse_args()
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = subprocess.run(["git", "ls-files", "*.cpp", "*.hpp"], cwd=top, capture_output=True, text=True,
                           check=True).stdout.split()
    breaches, measured = [], []
    for name in files:
        with open(os.path.join(top, name), encoding="utf-8") as f:
            lines = f.read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if len(lines) > MAX_FILE_LINES:
            breaches.append(f"{name}:1: {len(lines)} lines, over {MAX_FILE_LINES}")
        if name.startswith("tools/") and name.endswith(".cpp"):
            for start, length in functions(lines):
                measured.append((length, name, start))
                if length > MAX_FUNCTION_LINES:
                    breaches.append(f"{name}:{start}: a function of {length} lines, over {MAX_FUNCTION_LINES}")
    for length, name, start in sorted(measured, reverse=True)[: args.list]:
        print(f"{name}:{start}: {length} lines")
    for b in breaches:
        print(b, file=sys.stderr)
    print(f"{len(files)} files, {len(measured)} functions in tools/: {len(breaches)} over the limits")
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main())
