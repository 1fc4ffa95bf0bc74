#!/usr/bin/env bash
# A deployment build of surveil, published ReadyToRun: the engine's code is compiled ahead of time, so a run does not
# spend its first second compiling it (the hot code is still re-optimised with runtime profiles). The build the
# benchmarks call "ReadyToRun" (docs/benchmarks.md). Output: out/surveil/surveil.
set -euo pipefail
cd "$(dirname "$0")/.."
rid=$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')
dotnet publish src/Surveillance.Cli -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o out/surveil "$@"
