#!/usr/bin/env bash
# Installs what the project needs beyond the .NET SDK. Idempotent; quick when everything is present.
set -euo pipefail

# A CJK font, so that PDF reports can embed Chinese text.
if ! fc-list 2>/dev/null | grep -qiE 'Noto Sans CJK|WenQuanYi'; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk fontconfig >/dev/null) \
      || echo "setup: could not install fonts-noto-cjk; reports fall back to a Latin font" >&2
  else
    echo "setup: no CJK font and no apt-get as root; reports fall back to a Latin font" >&2
  fi
fi
