#!/usr/bin/env python3
"""Reruns the `$ icp …` commands of Documentation/IsMyICPWorking.md and puts
their output (standard output, then standard error) back under each command, so the guide shows what the
current build prints. Commands whose input file is not in the repository
(the X Education data) are left as they are.

    swift build && Scripts/refresh-guide.py
"""
import os, re, shlex, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
icp = os.path.join(root, ".build", "debug", "icp")
guide = os.path.join(root, "Documentation", "IsMyICPWorking.md")
lines = open(guide, encoding="utf-8").read().split("\n")

work = tempfile.mkdtemp(prefix="icp-guide-")
os.symlink(os.path.join(root, "Examples"), os.path.join(work, "Examples"))

out, i = [], 0
while i < len(lines):
    line = lines[i]
    if line.startswith("$ icp "):
        command = [line]
        while command[-1].endswith("\\"):
            i += 1
            command.append(lines[i])
        words = shlex.split(" ".join(c.rstrip("\\") for c in command)[2:])
        # Skip the old output, up to the next command or the end of the block.
        j = i + 1
        while j < len(lines) and not lines[j].startswith("$ icp ") and lines[j] != "```":
            j += 1
        inputs = [w for w in words if w.endswith(".csv")]
        if inputs and not os.path.exists(os.path.join(work, inputs[-1])):
            out += command + lines[i + 1 : j]
        else:
            result = subprocess.run([icp] + words[1:], cwd=work, capture_output=True, text=True)
            if result.returncode not in (0, 1):
                sys.exit(f"{' '.join(words)}: exit {result.returncode}\n{result.stderr}")
            # Standard output, then what the command said on standard error, as a terminal shows it.
            text = (result.stdout + result.stderr).rstrip("\n")
            new = text.split("\n") if text else []
            old = lines[i + 1 : j]
            if "…" in old:  # the guide shows only the start of this output
                new = new[: old.index("…")] + ["…"]
            out += command + new
        i = j
        continue
    out.append(line)
    i += 1
open(guide, "w", encoding="utf-8").write("\n".join(out))
