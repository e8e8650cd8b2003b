#!/usr/bin/env python3
"""Regenerates the generated tables of docs/parameters.md (`parcours scenario
params`) and docs/experiments.md § 4.1 (`parcours scenario indicators`) in
place: the table starting with the same header line is replaced whole.
Usage: scripts/regen_tables.py PATH_TO_PARCOURS_BINARY"""
import subprocess, sys

def regen(binary, command, doc):
    table = subprocess.run([binary, "scenario", command], capture_output=True, text=True, check=True).stdout.strip("\n")
    header = table.splitlines()[0]
    lines = open(doc).read().split("\n")
    start = lines.index(header)
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    lines[start:end] = table.splitlines()
    open(doc, "w").write("\n".join(lines))

binary = sys.argv[1]
regen(binary, "params", "docs/parameters.md")
regen(binary, "indicators", "docs/experiments.md")
