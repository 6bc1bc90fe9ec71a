#!/usr/bin/env bash
# What the tests need from the system besides npm packages: Chromium (Playwright drives Debian's build, it
# cannot download its own here), a CJK font (without one Chinese renders as boxes) and poppler-utils
# (pdftotext for printed reports). Installs what is missing when it can (root + apt-get), else says what to do.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fonts=$(fc-list 2>/dev/null || true)
if ! grep -qiE 'WenQuanYi|Noto Sans CJK|Noto Serif CJK' <<<"$fonts"; then missing+=(fonts-wqy-microhei); fi
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装测试所需的系统软件包 / installing system packages for the tests: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
  fc-cache -f >/dev/null 2>&1 || true
else
  echo "缺少测试所需的系统软件包 / missing system packages: ${missing[*]}" >&2
  echo "请以 root 运行:apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
