#!/usr/bin/env bash
# Unary echo requests per second: the project's gRPC layer against grpc's C++ server, the same
# message, each server pinned to CPU 0 and h2load pinned to CPU 1. Prints each round and the median.
# Usage: tests/benchmarks/rpc-echo/run.sh [requests] [rounds]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
requests="${1:-200000}"
rounds="${2:-3}"
clients=4      # h2load connections
streams=32     # concurrent streams per connection
work="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

packages=(libgrpc++-dev protobuf-compiler protobuf-compiler-grpc pkg-config g++ nghttp2-client python3-grpcio)
missing=()
for p in "${packages[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== building the C++ server (grpc $(pkg-config --modversion grpc++), -O2)"
protoc -I "$here/protos" --cpp_out="$work" --grpc_out="$work" --plugin=protoc-gen-grpc="$(command -v grpc_cpp_plugin)" "$here/protos/bench/v1/echo.proto"
g++ -O2 -std=c++17 -I "$work" "$here/cpp/echo_server.cc" "$work/bench/v1/echo.pb.cc" "$work/bench/v1/echo.grpc.pb.cc" \
  -o "$work/echo_server" $(pkg-config --cflags --libs grpc++ protobuf)
echo "== building the C# server"
dotnet build "$here/EchoServer" -c Release -nologo -v q >/dev/null
csharp_dll="$here/EchoServer/bin/Release/net10.0/RealNameApi.Rpc.EchoServer.dll"

# The request: a gRPC frame (flag 0, big-endian length) around EchoRequest{text, 64 payload bytes}.
/usr/bin/python3 - "$work/request.bin" <<'PY'
import struct, sys
text = b"realname echo"
payload = bytes(range(64))
message = b"\x0a" + bytes([len(text)]) + text + b"\x12" + bytes([len(payload)]) + payload
open(sys.argv[1], "wb").write(b"\x00" + struct.pack(">I", len(message)) + message)
PY

start_server() {  # name port
  if [ "$1" = cpp ]; then taskset -c 0 "$work/echo_server" "$2" & else taskset -c 0 dotnet "$csharp_dll" "$2" & fi
  server_pid=$!
  for _ in $(seq 100); do (echo > "/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0; sleep 0.1; done
  echo "server $1 did not start" >&2; exit 1
}

stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

check_status() {  # port: one call through grpc's own Python client, which reads the trailers
  /usr/bin/python3 - "$1" <<'PY'
import sys, grpc
channel = grpc.insecure_channel("127.0.0.1:" + sys.argv[1])
# Raw bytes both ways: the check needs no generated code, only grpc's own client.
call = channel.unary_unary("/bench.v1.EchoService/Echo")
text = b"realname echo"; payload = bytes(range(64))
message = b"\x0a" + bytes([len(text)]) + text + b"\x12" + bytes([len(payload)]) + payload
response, state = call.with_call(message, timeout=5)
assert state.code() == grpc.StatusCode.OK, state.code()
assert response == message, "the echo differs from the request"
PY
}

measure() {  # port count -> requests per second; fails unless every request succeeded
  local out
  out="$(taskset -c 1 h2load -n "$2" -c "$clients" -m "$streams" -d "$work/request.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' "http://127.0.0.1:$1/bench.v1.EchoService/Echo")"
  grep -q "requests: $2 total, $2 started, $2 done, $2 succeeded, 0 failed, 0 errored" <<<"$out" \
    || { echo "$out" >&2; echo "not every request succeeded" >&2; exit 1; }
  sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' <<<"$out"
}

declare -A results
for round in $(seq "$rounds"); do
  for name in cpp csharp; do
    port=$((51000 + round * 10 + ${#name}))
    start_server "$name" "$port"
    check_status "$port"
    measure "$port" 20000 >/dev/null   # warm-up: connections, JIT, pools
    rps="$(measure "$port" "$requests")"
    stop_server
    results[$name]="${results[$name]:-} $rps"
    printf 'round %d  %-6s %12.0f req/s\n' "$round" "$name" "$rps"
  done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
cpp="$(median "${results[cpp]}")"
csharp="$(median "${results[csharp]}")"
echo
echo "unary echo, $requests requests, h2load -c $clients -m $streams on CPU 1, server on CPU 0 (median of $rounds)"
printf '  grpc C++ (callback API)   %12.0f req/s\n' "$cpp"
printf '  RealNameApi.Rpc           %12.0f req/s\n' "$csharp"
awk -v a="$csharp" -v b="$cpp" 'BEGIN { printf "  ratio                     %12.2fx\n", a / b }'
