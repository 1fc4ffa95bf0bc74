#!/usr/bin/env bash
# Installs what the project needs beyond the .NET SDK. Idempotent; quick when everything is present.
set -euo pipefail

need=()
# A CJK font, so that PDF reports can embed Chinese text.
fc-list 2>/dev/null | grep -qiE 'Noto Sans CJK|WenQuanYi' || need+=(fonts-noto-cjk fontconfig)
# pdftotext and pdftoppm, with which the tests read back the PDFs the reports write.
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# Debian's Chromium, which the web app's browser tests drive through Playwright (Playwright's own browser
# download is not used: the machine reaches only package registries).
command -v chromium >/dev/null 2>&1 || need+=(chromium)

if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null) \
      || echo "setup: could not install ${need[*]}; reports fall back to a Latin font, PDF text and browser tests are skipped" >&2
  else
    echo "setup: missing ${need[*]} and no apt-get as root; reports fall back to a Latin font, PDF text and browser tests are skipped" >&2
  fi
fi
