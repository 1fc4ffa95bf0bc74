#!/usr/bin/env python3
"""Where an ingest run's CPU goes, phase by phase, from a perf recording with call stacks.

Each sample is put in the first phase whose method appears on its stack (first pass, order-flow check, reference
files, the rest of Ingestion.Run); samples of other threads in the run's time window (the JIT's background
compilation, the collector) count as "other threads". Record and group:

  DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_PROCESSOR_COUNT=1 perf record -F 2999 -g -o /tmp/p.data \
    taskset -c 0 surveil bench ingest --dir DIR --out OUT
  perf script -i /tmp/p.data -F tid,time,ip,sym > /tmp/p.txt
  scripts/perf-phases.py /tmp/p.txt 2999 [SECONDS]

With SECONDS, only the first SECONDS of the first pass are counted (its warm-up).
"""
import collections
import re
import sys

PHASES = [('OrderFlow::Finish', 'order-flow check'), ('ReadRows', 'first pass'), ('FindRepeats', 'key check'),
          ('LoadReference', 'reference files'), ('Ingestion::Run', 'rest of the run')]

path, rate = sys.argv[1], float(sys.argv[2])
first_seconds = float(sys.argv[3]) if len(sys.argv) > 3 else None

samples, current = [], None
for line in open(path):
    if not line.strip():
        continue
    if not line[0].isspace():
        tid, time = line.split()[:2]
        current = {'tid': tid, 'time': float(time.rstrip(':')), 'stack': []}
        samples.append(current)
    elif current is not None:
        frame = line.strip()
        current['stack'].append(frame.split(' ', 1)[1] if ' ' in frame else '')


def phase(sample):
    stack = ' '.join(sample['stack'])
    return next((name for marker, name in PHASES if marker in stack), 'other threads')


def method(sample):
    return re.sub(r'\(.*', '', sample['stack'][0])[:140] if sample['stack'] else '?'


in_run = [s for s in samples if any('Ingestion::Run' in f for f in s['stack'])]
start, end = min(s['time'] for s in in_run), max(s['time'] for s in in_run)
if first_seconds is not None:
    start = min(s['time'] for s in samples if any('ReadRows' in f for f in s['stack']))
    end = start + first_seconds
window = [s for s in samples if start <= s['time'] <= end]
print(f'window {end - start:.2f} s, {len(window)} samples')
phases = collections.Counter(phase(s) for s in window)
for name, count in phases.most_common():
    print(f'{name:18} {count / len(window) * 100:5.1f}%  {count / rate:6.2f} s')
    for top, n in collections.Counter(method(s) for s in window if phase(s) == name).most_common(8):
        print(f'    {n / len(window) * 100:5.1f}%  {top}')
