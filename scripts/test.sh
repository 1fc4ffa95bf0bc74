#!/usr/bin/env bash
# The test command: installs what the tests need beyond the .NET SDK, then runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet test Surveillance.sln -c Release "$@"
