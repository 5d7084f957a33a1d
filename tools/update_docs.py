#!/usr/bin/env python3
"""Regenerates every output excerpt in README.md and docs/*.md from the current build, so that no
excerpt can drift from what the program prints. An excerpt is the code block that follows a marker:

    <!-- excerpt: ARGS OF satflow [&& ARGS ...]
         from: TEXT
         lines: N
         [from: TEXT
         lines: N ...] -->

The commands run from the repository's top (each `&&` part is one satflow command; {tmp} is a fresh
folder); the last command's standard output is cut into the sections that start at the first line
containing TEXT (after the previous section) and take N lines, joined by a line "...". The block keeps
its fence's indentation. Sections that the output separates by blank lines only are separated so.

    tools/update_docs.py [--satflow BIN]           rewrite the excerpts in place
    tools/update_docs.py --check [--satflow BIN]   exit 1, with a diff, when an excerpt differs
"""
import argparse
import difflib
import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile

MARKER = re.compile(r"<!-- excerpt: (.*?)-->", re.S)


def run(root, satflow, command):
    with tempfile.TemporaryDirectory() as tmp:
        out = ""
        for part in command.split("&&"):
            args = [a.replace("{tmp}", tmp) for a in shlex.split(part)]
            done = subprocess.run([satflow] + args, cwd=root, capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"satflow {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
            out = done.stdout
        return out.splitlines()


def excerpt(root, satflow, marker):
    lines = [l.strip() for l in marker.strip().splitlines()]
    command, rest = lines[0], lines[1:]
    output = run(root, satflow, command)
    sections, at = [], 0
    for i in range(0, len(rest), 2):
        text = rest[i].removeprefix("from:").strip()
        count = int(rest[i + 1].removeprefix("lines:").strip())
        start = next((j for j in range(at, len(output)) if text in output[j]), None)
        if start is None:
            sys.exit(f"no line containing {text!r} in the output of satflow {command}")
        # Between sections: a blank line where the output has only blank lines, else "...".
        if sections:
            sections.append([""] if all(not l.strip() for l in output[at:start]) else ["..."])
        sections.append(output[start:start + count])
        at = start + count
    return [line for s in sections for line in s]


def refresh(root, satflow, text):
    out, pos = [], 0
    for m in MARKER.finditer(text):
        fence = re.compile(r"^([ \t]*)```[^\n]*\n(.*?)^\1```", re.S | re.M).search(text, m.end())
        if fence is None:
            sys.exit("an excerpt marker with no code block after it")
        indent = fence.group(1)
        body = "".join(indent + l.rstrip() + "\n" if l.strip() else "\n" for l in excerpt(root, satflow, m.group(1)))
        out.append(text[pos:fence.start(2)] + body)
        pos = fence.end(2)
    out.append(text[pos:])
    return "".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--satflow", default="build/tools/satflow")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    satflow = os.path.abspath(os.path.join(root, args.satflow)) if not os.path.isabs(args.satflow) else args.satflow
    stale = 0
    for path in [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        fresh = refresh(root, satflow, text)
        if fresh == text:
            continue
        stale += 1
        if args.check:
            rel = os.path.relpath(path, root)
            sys.stdout.writelines(difflib.unified_diff(text.splitlines(True), fresh.splitlines(True), rel, rel + " (now)"))
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(fresh)
    if args.check and stale:
        print(f"\n{stale} file(s) with stale excerpts: run tools/update_docs.py and review the diff")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
