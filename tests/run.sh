#!/usr/bin/env bash
# Runs every test of the project on a fresh machine: installs what the machine lacks (Debian
# packages, npm packages from the lock file, NuGet packages by restore), lints the contract,
# builds with warnings as errors and runs the .NET test projects.
set -euo pipefail
cd "$(dirname "$0")/.."

# redis-server: the real Redis of the integration tests. python3-grpcio, python3-protobuf, protoc and
# grpc_python_plugin: the independent Python client. nghttp2-client: h2load. python3-h2: the attack
# suite's raw HTTP/2.
debian_packages=(redis-server python3-grpcio python3-grpc-tools python3-protobuf protobuf-compiler protobuf-compiler-grpc nghttp2-client python3-h2)

step() { printf '\n== %s\n' "$*"; }

install_debian_packages() {
  local missing=()
  for p in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  step "apt-get install ${missing[*]}"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_debian_packages
step "npm ci"
npm ci --no-audit --no-fund --loglevel=error
step "buf lint"
npx buf lint
step "dotnet build"
dotnet build RealNameApi.sln -c Release -warnaserror
step "attack suite"
# Latency goals x2: the machine runs the flood, the server and the measured client at once.
/usr/bin/python3 tests/attack/attack.py --slack 2
step "dotnet test"
# One test project at a time: several start real servers and time their recovery, and two cores
# shared by all of them at once would measure the machine rather than the code.
dotnet test RealNameApi.sln -c Release --no-build -m:1
