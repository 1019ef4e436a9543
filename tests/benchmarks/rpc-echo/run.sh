#!/usr/bin/env bash
# Unary echo requests per second: the project's gRPC layer (RealNameApi.Rpc on Kestrel) against
# grpc's C++ server (callback API, and async API as a second reference), the same message. Each
# server is pinned to CPU 0 and h2load to CPU 1; rounds alternate the servers, each on a freshly
# started process, and the median of the rounds is reported with the ratios C#/C++.
#
# Usage: tests/benchmarks/rpc-echo/run.sh [--rounds N] [--warmup SECONDS] [--duration SECONDS]
#                                         [--default-tiering]
#
# --warmup is the C# server's (default 15 s); the C++ servers, compiled ahead of time, get 5 s.
# --default-tiering runs the C# server with the runtime's tiering delay untouched (see below) and,
# unless --warmup is given, warms it up for 90 s.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
rounds=3
warmup=""
duration=10
default_tiering=0
while (($#)); do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --default-tiering) default_tiering=1; shift ;;
    *) echo "unknown argument: $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
if [ -z "$warmup" ]; then
  if ((default_tiering)); then warmup=90; else warmup=15; fi
fi
cpp_warmup=5
clients=4                             # h2load connections
streams=32                            # concurrent streams per connection: 128 calls in flight
# Below Linux's ephemeral range (32768-60999), where a client socket's local port, even one in
# TIME_WAIT from the previous round, would stop a server from binding.
port_base="${RPC_ECHO_PORT_BASE:-21000}"
path=/bench.v1.EchoService/Echo

if [ "$(nproc --all)" -lt 2 ]; then
  echo "needs two CPUs: the server on CPU 0, h2load on CPU 1" >&2
  exit 1
fi

# --- tools -------------------------------------------------------------------------------------
packages=(libgrpc++-dev protobuf-compiler protobuf-compiler-grpc pkg-config g++ nghttp2-client python3-grpcio)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "== installing ${missing[*]}"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work="$(mktemp -d)"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- servers -----------------------------------------------------------------------------------
echo "== building the C++ servers (grpc $(pkg-config --modversion grpc++), protobuf $(pkg-config --modversion protobuf), g++ -O2)"
protoc -I "$here/protos" --cpp_out="$work" --grpc_out="$work" \
  --plugin=protoc-gen-grpc="$(command -v grpc_cpp_plugin)" "$here/protos/bench/v1/echo.proto"
for server in echo_server echo_server_async; do
  # shellcheck disable=SC2046 # pkg-config prints several flags.
  g++ -O2 -std=c++17 -I "$work" "$here/cpp/$server.cc" "$work/bench/v1/echo.pb.cc" "$work/bench/v1/echo.grpc.pb.cc" \
    -o "$work/$server" $(pkg-config --cflags --libs grpc++ protobuf)
done

echo "== building the C# server (dotnet build -c Release)"
dotnet build "$here/EchoServer" -c Release -nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
csharp_dll="$here/EchoServer/bin/Release/net10.0/RealNameApi.Rpc.EchoServer.dll"

# --- the request -------------------------------------------------------------------------------
# One gRPC Length-Prefixed-Message (flag 0, 4-byte big-endian length) around
# EchoRequest{text: 13 bytes, payload: 64 bytes}, protobuf written by hand: field 1 and field 2,
# both length-delimited. The echo is byte-for-byte the same message, so every successful
# response carries exactly this many DATA bytes.
/usr/bin/python3 - "$work/request.bin" <<'PY'
import struct, sys
text = b"realname echo"
payload = bytes(range(64))
message = b"\x0a" + bytes([len(text)]) + text + b"\x12" + bytes([len(payload)]) + payload
open(sys.argv[1], "wb").write(b"\x00" + struct.pack(">I", len(message)) + message)
PY
frame_size="$(stat -c %s "$work/request.bin")"

# A real gRPC call through grpc's own Python client (C-core, which reads the trailers): the status
# must be OK and the echo must equal the request. h2load cannot see grpc-status, only HTTP 200.
check_call() {  # name port
  /usr/bin/python3 - "$2" <<'PY' || { echo "$1: the gRPC check failed: no OK echo from 127.0.0.1:$2" >&2; exit 1; }
import sys, grpc
text = b"realname echo"; payload = bytes(range(64))
message = b"\x0a" + bytes([len(text)]) + text + b"\x12" + bytes([len(payload)]) + payload
with grpc.insecure_channel("127.0.0.1:" + sys.argv[1]) as channel:
    # Raw bytes both ways: no generated code, only grpc's client and its status handling.
    echo = channel.unary_unary("/bench.v1.EchoService/Echo")
    response, call = echo.with_call(message, timeout=10)
    if call.code() != grpc.StatusCode.OK:
        sys.exit(f"grpc-status {call.code()}")
    if response != message:
        sys.exit("the echo differs from the request")
    print(f"    grpc check: grpc-status 0 (OK), {len(response)}-byte echo identical")
PY
}

port_in_use() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_server() {  # name port
  if port_in_use "$2"; then
    echo "port $2 is already in use: set RPC_ECHO_PORT_BASE to a free range" >&2
    exit 1
  fi
  case "$1" in
    cpp-callback) taskset -c 0 "$work/echo_server" "$2" >"$work/$1.log" 2>&1 & ;;
    cpp-async) taskset -c 0 "$work/echo_server_async" "$2" >"$work/$1.log" 2>&1 & ;;
    # Tier-up starts at once instead of after start-up activity settles: on one saturated CPU the
    # runtime's default delay keeps the server on start-up code for about a minute of load (see
    # README.md), longer than a bounded warm-up. It changes when tier-up starts, not what it compiles.
    csharp)
      if ((default_tiering)); then
        taskset -c 0 dotnet "$csharp_dll" "$2" >"$work/$1.log" 2>&1 &
      else
        DOTNET_TC_CallCountingDelayMs=0 taskset -c 0 dotnet "$csharp_dll" "$2" >"$work/$1.log" 2>&1 &
      fi ;;
  esac
  server_pid=$!
  for _ in $(seq 200); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      cat "$work/$1.log" >&2
      echo "$1 server exited during start-up" >&2
      exit 1
    fi
    port_in_use "$2" && return 0
    sleep 0.05
  done
  echo "$1 server did not listen on $2 within 10 s" >&2
  exit 1
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }  # utime + stime of a process, all threads
steal_ticks() { awk '$1 == "cpu" { print $9 }' /proc/stat; }  # both CPUs' steal time

# Runs h2load on CPU 1 for $2 seconds and checks that every finished request succeeded with a
# whole echo; sets rps, and client_cpu/server_cpu/other_cpu as the share of one CPU each used.
# $3 = measure flags a run whose figure counts (warm-ups may share the machine harmlessly).
run_load() {  # port seconds [measure]
  local out="$work/h2load.out" before after done succeeded data twoxx
  process_ticks >"$work/ticks.before"
  steal_before="$(steal_ticks)"
  before="$(cpu_ticks "$server_pid")"
  local TIMEFORMAT='%R %U %S'
  { time taskset -c 1 h2load -D "$2" -c "$clients" -m "$streams" -d "$work/request.bin" \
      -H 'content-type: application/grpc' -H 'te: trailers' "http://127.0.0.1:$1$path" >"$out" || true; } 2>"$work/time.out"
  after="$(cpu_ticks "$server_pid")"
  steal_after="$(steal_ticks)"
  process_ticks >"$work/ticks.after"
  read -r done succeeded < <(sed -n 's/^requests: .* started, \([0-9]*\) done, \([0-9]*\) succeeded.*/\1 \2/p' "$out") || true
  twoxx="$(sed -n 's/^status codes: \([0-9]*\) 2xx.*/\1/p' "$out")"
  data="$(sed -n 's/^traffic: .*(\([0-9]*\)) data$/\1/p' "$out")"
  if ! grep -q ' 0 failed, 0 errored, 0 timeout' "$out" || [ -z "$done" ] || [ "$done" = 0 ] \
      || [ "$succeeded" != "$done" ] || [ "$twoxx" != "$done" ] || [ "$data" != $((done * frame_size)) ]; then
    cat "$out" >&2
    echo "h2load: not every request was a successful $frame_size-byte echo" >&2
    exit 1
  fi
  rps="$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' "$out")"
  read -r wall user sys <"$work/time.out"
  client_cpu="$(awk -v u="$user" -v s="$sys" -v w="$wall" 'BEGIN { printf "%.0f", 100 * (u + s) / w }')"
  server_cpu="$(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v w="$wall" 'BEGIN { printf "%.0f", 100 * t / hz / w }')"
  # Other processes' CPU meanwhile (h2load and the server excluded): both CPUs are meant to be
  # busy with the benchmark alone, so anything else lowers the figure of whichever side it hits.
  other_cpu="$(awk -v server="$server_pid" -v hz="$(getconf CLK_TCK)" -v w="$wall" '
    NR == FNR { before[$1] = $2; next }
    $1 != server && $3 != "h2load" { t += $2 - before[$1] }
    END { printf "%.0f", 100 * t / hz / w }' "$work/ticks.before" "$work/ticks.after")"
  # Time the hypervisor gave our virtual CPUs to other machines: the same skew, from outside.
  steal_cpu="$(awk -v t="$((steal_after - steal_before))" -v hz="$(getconf CLK_TCK)" -v w="$wall" 'BEGIN { printf "%.0f", 100 * t / hz / w }')"
  if [ "${3:-}" = measure ] && ((steal_cpu > 5)); then
    echo "    warning: the hypervisor took ${steal_cpu}% of a CPU (steal) during this run; its figure is not reliable" >&2
    noisy=1
  fi
  if [ "${3:-}" = measure ] && ((other_cpu > 5)); then
    echo "    warning: other processes used ${other_cpu}% of a CPU during this run; its figure is not reliable. Busiest:" >&2
    awk -v server="$server_pid" 'NR == FNR { before[$1] = $2; next }
      $1 != server && $3 != "h2load" && $2 > before[$1] { print "      " $2 - before[$1] " ticks  pid " $1 "  " $3 }' \
      "$work/ticks.before" "$work/ticks.after" | sort -k1,1nr | head -3 >&2
    noisy=1
  fi
}

# CPU time of every process, "pid ticks name" per line, to tell how much other work ran meanwhile.
process_ticks() {
  local f line rest
  for f in /proc/[0-9]*/stat; do
    read -r line <"$f" 2>/dev/null || continue
    rest="${line##*) }"                      # after the command name, which may hold spaces
    # shellcheck disable=SC2086 # split into the stat fields.
    set -- $rest
    echo "${f//[^0-9]/} $((${12} + ${13})) ${line#*(}"
  done | awk '{ sub(/\).*/, "", $3); print $1, $2, $3 }'
}

# --- rounds ------------------------------------------------------------------------------------
servers=(cpp-callback cpp-async csharp)
echo "== $rounds rounds: server on CPU 0, h2load -c $clients -m $streams on CPU 1, ${duration}s measured" \
  "after a warm-up of ${warmup}s (C#) or ${cpp_warmup}s (C++)"
declare -A results
noisy=0
for round in $(seq "$rounds"); do
  for index in "${!servers[@]}"; do
    name="${servers[$index]}"
    port=$((port_base + round * ${#servers[@]} + index))
    start_server "$name" "$port"
    check_call "$name" "$port"
    # Warm-up: connections, pools and, for C#, JIT tiers; checked, not counted.
    if [ "$name" = csharp ]; then run_load "$port" "$warmup"; else run_load "$port" "$cpp_warmup"; fi
    run_load "$port" "$duration" measure
    check_call "$name" "$port"       # still answering correctly after the load
    stop_server
    results[$name]="${results[$name]:-} $rps"
    printf 'round %d  %-12s %9.0f req/s   (server %3s%% of CPU 0, h2load %3s%% of CPU 1, other processes %s%%, steal %s%%)\n' \
      "$round" "$name" "$rps" "$server_cpu" "$client_cpu" "$other_cpu" "$steal_cpu"
  done
done

median() {
  tr ' ' '\n' <<<"$1" | grep . | sort -n |
    awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
callback="$(median "${results[cpp-callback]}")"
async="$(median "${results[cpp-async]}")"
csharp="$(median "${results[csharp]}")"
tiering="DOTNET_TC_CallCountingDelayMs=0"
((default_tiering)) && tiering="runtime default tiering"
grpc_version="$(pkg-config --modversion grpc++)"
dotnet_version="$(dotnet --list-runtimes | sed -n 's/^Microsoft.AspNetCore.App \([0-9.]*\).*/\1/p' | tail -1)"
echo
echo "unary echo, ${duration}s per round, median of $rounds rounds (C#: $tiering)"
printf '  %-50s %9.0f req/s\n' "grpc C++ $grpc_version, callback API" "$callback" \
  "grpc C++ $grpc_version, async API" "$async" "RealNameApi.Rpc on Kestrel, ASP.NET Core $dotnet_version" "$csharp"
awk -v c="$csharp" -v a="$callback" -v b="$async" 'BEGIN {
  printf "  %-50s %9.2fx\n", "ratio C# / C++ callback", c / a
  printf "  %-50s %9.2fx\n", "ratio C# / C++ async", c / b
  r = c / (a > b ? a : b)
  printf "  target: C# at least 1.5x the faster C++ server: %s (%.2fx)\n", (r >= 1.5 ? "met" : "not met"), r
}'
if ((noisy)); then
  echo "warning: other work competed for the CPUs during some runs (see above): rerun on a quiet machine" >&2
fi
