#!/usr/bin/env bash
# Installs what Weft needs to build, run and test, and nothing that is already there.
# Idempotent: Debian packages only when missing, web packages only when the lock file changed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev postgresql libsodium-dev libssl-dev libspdlog-dev libfmt-dev libigraph-dev libstb-dev libpng-dev libturbojpeg0-dev libzip-dev libcjose-dev libjansson-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libjemalloc-dev
  wrk chromium sqlite3
  clang-16 libclang-rt-16-dev lld-16 llvm-16
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "deps: Node.js 20+ and npm are needed for the web UI" >&2
  exit 1
fi

# Web packages: reinstall only when package-lock.json is newer than the installed tree.
if [ -f web/package-lock.json ]; then
  if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    echo "deps: npm ci (web)"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
