#!/usr/bin/env python3
"""Where a JIT-compiled method's samples fall, instruction by instruction.

perf cannot annotate code the .NET JIT wrote, so this matches perf's samples inside one method (found in the perf
map) to offsets in the JIT's own listing of that method, printed with code bytes. Record both in one run:

  DOTNET_PerfMapEnabled=3 DOTNET_EnableWriteXorExecute=0 DOTNET_JitDisasm=TryWrite DOTNET_JitDisasmWithCodeBytes=1 \
    DOTNET_JitStdOutFile=/tmp/disasm.txt perf record -F 4999 -o /tmp/perf.data surveil bench ingest --dir DIR --out OUT
  scripts/perf-offsets.py /tmp/perf.data /tmp/disasm.txt 'OrderEventCodec::TryWrite' '[OptimizedTier1]' '(Tier1)'

Arguments: perf data, JIT listing, the method as the perf map names it, the tier as the perf map names it, the tier
as the listing names it, and optionally how many places to show (12). Each place is shown with the instructions
before it: a sample usually lands just after the instruction that waited.
"""
import bisect
import collections
import glob
import os
import re
import subprocess
import sys

data, listing, method, map_tier, listing_tier = sys.argv[1:6]
shown = int(sys.argv[6]) if len(sys.argv) > 6 else 12

maps = sorted(glob.glob('/tmp/perf-*.map'), key=os.path.getmtime)
entries = [line.split(' ', 2) for path in maps[-1:] for line in open(path)]
start, size, name = next(e for e in entries if method in e[2] and map_tier in e[2])
start, size = int(start, 16), int(size, 16)

script = subprocess.run(['perf', 'script', '-i', data, '-F', 'ip,sym'], capture_output=True, text=True, check=True).stdout
samples = [int(line.split()[0], 16) - start for line in script.splitlines() if line.strip() and method in line and map_tier in line]

text = open(listing).read().splitlines()
first = next(i for i, line in enumerate(text) if line.startswith('; Assembly listing') and method.split('::')[-1] in line and listing_tier in line)
instructions, offset = [], None
for line in text[first + 1:]:
    if line.startswith('; Assembly listing'):
        break
    if m := re.search(r';; offset=0x([0-9A-F]+)', line):
        offset = int(m.group(1), 16)
        instructions.append((offset, line.strip()))
    elif (m := re.match(r'\s+([0-9A-F]+)\s{2,}(\S.*)', line)) and offset is not None:
        instructions.append((offset, m.group(2)))
        offset += len(m.group(1)) // 2

offsets = [o for o, _ in instructions]
counts = collections.Counter(bisect.bisect_right(offsets, s) - 1 for s in samples if 0 <= s < size)
print(f'{name.strip()}: {len(samples)} samples')
for index, count in counts.most_common(shown):
    print(f'== {count} samples, {100 * count / max(len(samples), 1):.1f}%')
    for o, instruction in instructions[max(0, index - 8):index + 2]:
        print(f'   {o:5x} {instruction[:120]}')
