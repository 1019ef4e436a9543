#!/usr/bin/env bash
# Unary requests per second and latency, each server pinned to CPU 0 and its load to CPU 1:
#   cpp-callback   grpc's C++ callback server, bench.v1.EchoService, an 86-byte echo (the reference)
#   csharp-echo    the same echo on Grpc.AspNetCore, composed as the server is (EchoServer/)
#   csharp-echo-D  the same, its response as large as Diagnose's (the stack's cost for that size)
#   diagnose-hit   the real server (src/RealNameApi.Server), Diagnose, one request repeated: in-process cache hits
#   diagnose-miss  the real server, Diagnose, every request new: computed, then cached
# All but diagnose-miss are driven by h2load; diagnose-miss needs a new body per call, which
# h2load cannot send, so DiagnoseLoad/ (a raw HTTP/2 client) drives it. The same client also runs
# right after h2load on the cpp-callback, csharp-echo and diagnose-hit servers (*-client): its own
# ceiling, the C++ reference driven as the miss case is, and its figure where h2load's is the reference. Every
# case prints req/s and p50/p99 latency (h2load --log-file, or the client's own timings); the end
# prints the ratios against the issue's targets.
#
# Usage: tests/benchmarks/rpc-echo/run.sh [--rounds N] [--warmup SECONDS] [--duration SECONDS]
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
rounds=1
warmup=15       # the C# servers' (JIT tiers); the C++ server, compiled ahead of time, gets 5 s
duration=10
while (($#)); do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    *) echo "unknown argument: $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
cpp_warmup=5
clients=4                             # connections
streams=32                            # concurrent streams per connection: 128 calls in flight
# Below Linux's ephemeral range (32768-60999), where a client socket's local port, even one in
# TIME_WAIT from the previous round, would stop a server from binding.
port_base="${RPC_ECHO_PORT_BASE:-21000}"

if [ "$(nproc --all)" -lt 2 ]; then
  echo "needs two CPUs: the server on CPU 0, the load on CPU 1" >&2
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
echo "== building the C++ server (grpc $(pkg-config --modversion grpc++), protobuf $(pkg-config --modversion protobuf), g++ -O2)"
protoc -I "$here/protos" --cpp_out="$work" --grpc_out="$work" \
  --plugin=protoc-gen-grpc="$(command -v grpc_cpp_plugin)" "$here/protos/bench/v1/echo.proto"
# shellcheck disable=SC2046 # pkg-config prints several flags.
g++ -O2 -std=c++17 -I "$work" "$here/cpp/echo_server.cc" "$work/bench/v1/echo.pb.cc" "$work/bench/v1/echo.grpc.pb.cc" \
  -o "$work/echo_server" $(pkg-config --cflags --libs grpc++ protobuf)

echo "== building the C# servers and the load client (dotnet build -c Release)"
for project in "$here/EchoServer" "$here/DiagnoseLoad" "$repo/src/RealNameApi.Server"; do
  dotnet build "$project" -c Release -nologo -v q >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
done
echo_dll="$here/EchoServer/bin/Release/net10.0/RealNameApi.EchoServer.dll"
load_dll="$here/DiagnoseLoad/bin/Release/net10.0/RealNameApi.DiagnoseLoad.dll"
server_dll="$repo/src/RealNameApi.Server/bin/Release/net10.0/RealNameApi.Server.dll"

# --- requests ----------------------------------------------------------------------------------
# Echo: one gRPC Length-Prefixed-Message around EchoRequest{text: 13 bytes, payload: 64 bytes},
# protobuf written by hand; the echo is byte-for-byte the same message.
/usr/bin/python3 - "$work/echo.bin" <<'PY'
import struct, sys
text = b"realname echo"
payload = bytes(range(64))
message = b"\x0a" + bytes([len(text)]) + text + b"\x12" + bytes([len(payload)]) + payload
open(sys.argv[1], "wb").write(b"\x00" + struct.pack(">I", len(message)) + message)
PY
echo_frame="$(stat -c %s "$work/echo.bin")"
dotnet "$load_dll" frame "$work/diagnose.bin"

# A real gRPC call through grpc's own Python client (C-core, which reads the trailers): the status
# must be OK and the echo must equal the request. h2load cannot see grpc-status, only HTTP 200.
check_echo() {  # name port
  /usr/bin/python3 - "$2" <<'PY' || { echo "$1: the gRPC check failed: no OK echo from 127.0.0.1:$2" >&2; exit 1; }
import sys, grpc
text = b"realname echo"; payload = bytes(range(64))
message = b"\x0a" + bytes([len(text)]) + text + b"\x12" + bytes([len(payload)]) + payload
with grpc.insecure_channel("127.0.0.1:" + sys.argv[1]) as channel:
    echo = channel.unary_unary("/bench.v1.EchoService/Echo")
    response, call = echo.with_call(message, timeout=10)
    if call.code() != grpc.StatusCode.OK or response != message:
        sys.exit(f"grpc-status {call.code()}, echo identical: {response == message}")
PY
}

port_in_use() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_server() {  # name port
  if port_in_use "$2"; then
    echo "port $2 is already in use: set RPC_ECHO_PORT_BASE to a free range" >&2
    exit 1
  fi
  # C#: tier-up starts at once instead of after start-up activity settles: on one saturated CPU
  # the runtime's default delay keeps the server on start-up code for about a minute of load,
  # longer than a bounded warm-up. It changes when tier-up starts, not what it compiles.
  case "$1" in
    cpp-callback) taskset -c 0 "$work/echo_server" "$2" >"$work/$1.log" 2>&1 & ;;
    csharp-echo*) DOTNET_TC_CallCountingDelayMs=0 taskset -c 0 dotnet "$echo_dll" "$2" >"$work/$1.log" 2>&1 & ;;
    # The server as it ships: embedded defaults (no Redis), its appsettings.json (Information
    # logging, nothing per call), server GC as in its container.
    diagnose-*) (cd "$(dirname "$server_dll")" && DOTNET_TC_CallCountingDelayMs=0 DOTNET_gcServer=1 exec taskset -c 0 dotnet "$server_dll" \
        --Server:GrpcPort="$2" --Server:HttpPort="$(($2 + 500))" \
        --RateLimits:Default:RequestsPerSecond=1000000 --RateLimits:Default:Burst=1000000 >"$work/$1.log" 2>&1) & ;;
  esac
  server_pid=$!
  for _ in $(seq 300); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      cat "$work/$1.log" >&2
      echo "$1 server exited during start-up" >&2
      exit 1
    fi
    port_in_use "$2" && return 0
    sleep 0.05
  done
  echo "$1 server did not listen on $2 within 15 s" >&2
  exit 1
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }  # utime + stime of a process, all threads
steal_ticks() { awk '$1 == "cpu" { print $9 }' /proc/stat; }  # both CPUs' steal time

# CPU time of every process, "pid ticks name" per line, to tell how much other work ran meanwhile.
process_ticks() {
  local f line rest
  for f in /proc/[0-9]*/stat; do
    { read -r line <"$f"; } 2>/dev/null || continue  # the process may have ended
    rest="${line##*) }"
    # shellcheck disable=SC2086 # split into the stat fields.
    set -- $rest
    echo "${f//[^0-9]/} $((${12} + ${13})) ${line#*(}"
  done | awk '{ sub(/\).*/, "", $3); print $1, $2, $3 }'
}

# Around one measured run: the server's CPU, the load's, everyone else's and steal.
begin_measure() {
  process_ticks >"$work/ticks.before"
  steal_before="$(steal_ticks)"
  server_before="$(cpu_ticks "$server_pid")"
}
end_measure() {  # wall user sys load_name
  local server_after steal_after hz
  server_after="$(cpu_ticks "$server_pid")"
  steal_after="$(steal_ticks)"
  process_ticks >"$work/ticks.after"
  hz="$(getconf CLK_TCK)"
  load_cpu="$(awk -v u="$2" -v s="$3" -v w="$1" 'BEGIN { printf "%.0f", 100 * (u + s) / w }')"
  server_cpu="$(awk -v t="$((server_after - server_before))" -v hz="$hz" -v w="$1" 'BEGIN { printf "%.0f", 100 * t / hz / w }')"
  steal_cpu="$(awk -v t="$((steal_after - steal_before))" -v hz="$hz" -v w="$1" 'BEGIN { printf "%.0f", 100 * t / hz / w }')"
  # Processes other than the server and h2load (the load client has exited by now, so it is not counted).
  other_cpu="$(awk -v server="$server_pid" -v load="$4" -v hz="$hz" -v w="$1" '
    NR == FNR { before[$1] = $2; next }
    $1 != server && $3 != load && $3 != "taskset" { t += $2 - before[$1] }
    END { printf "%.0f", 100 * t / hz / w }' "$work/ticks.before" "$work/ticks.after")"
  if ((steal_cpu > 5 || other_cpu > 5)); then
    echo "    warning: other work took ${other_cpu}% of a CPU and the hypervisor ${steal_cpu}% (steal) during this run; its figure is not reliable" >&2
    noisy=1
  fi
}

# h2load on CPU 1: checks every request succeeded with a whole response of $4 bytes; sets rps,
# p50 and p99 (ms, from --log-file). $5 = measure for a run whose figure counts.
run_h2load() {  # port path body response_frame_bytes [measure]
  local out="$work/h2load.out" log="$work/h2load.log" done succeeded twoxx data wall user sys
  local TIMEFORMAT='%R %U %S'
  [ "${5:-}" = measure ] && begin_measure
  { time taskset -c 1 h2load -D "$duration_now" -c "$clients" -m "$streams" -d "$3" --log-file="$log" \
      -H 'content-type: application/grpc' -H 'te: trailers' "http://127.0.0.1:$1$2" >"$out" || true; } 2>"$work/time.out"
  read -r wall user sys <"$work/time.out"
  [ "${5:-}" = measure ] && end_measure "$wall" "$user" "$sys" h2load
  read -r done succeeded < <(sed -n 's/^requests: .* started, \([0-9]*\) done, \([0-9]*\) succeeded.*/\1 \2/p' "$out") || true
  twoxx="$(sed -n 's/^status codes: \([0-9]*\) 2xx.*/\1/p' "$out")"
  data="$(sed -n 's/^traffic: .*(\([0-9]*\)) data$/\1/p' "$out")"
  # A Trailers-Only error would carry no DATA: the bytes prove a whole response per request.
  if ! grep -q ' 0 failed, 0 errored, 0 timeout' "$out" || [ -z "$done" ] || [ "$done" = 0 ] \
      || [ "$succeeded" != "$done" ] || [ "$twoxx" != "$done" ] || [ "$data" != $((done * $4)) ]; then
    cat "$out" >&2
    echo "h2load: not every request was a successful $4-byte response" >&2
    exit 1
  fi
  rps="$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' "$out")"
  read -r p50 p99 < <(cut -f3 "$log" | sort -n | awk '{ v[NR] = $1 } END { printf "%.3f %.3f\n", v[int(NR * 0.50) + 1] / 1000, v[int(NR * 0.99) + 1] / 1000 }')
}

# DiagnoseLoad on CPU 1 (its warm-up included in the same process): miss, or hit / echo on a
# server h2load has just measured, to show what the client reaches where h2load is the reference.
client_warmup=5   # the client's own JIT tiers, on a server already warm
run_client() {  # port mode warmup
  local out="$work/client.out" wall user sys calls failed
  local TIMEFORMAT='%R %U %S'
  begin_measure
  { time DOTNET_TC_CallCountingDelayMs=0 taskset -c 1 dotnet "$load_dll" "$2" "127.0.0.1:$1" "$3" "$duration" "$clients" "$streams" >"$out" 2>"$work/client.err" || true; } 2>"$work/time.out"
  read -r wall user sys <"$work/time.out"
  end_measure "$wall" "$user" "$sys" h2load
  read -r _ calls _ failed _ rps _ p50 _ p99 <"$out" || true
  if [ -z "${calls:-}" ] || [ "$calls" = 0 ] || [ "$failed" != 0 ]; then
    cat "$out" "$work/client.err" >&2
    echo "DiagnoseLoad $2: not every call returned the expected answer" >&2
    exit 1
  fi
  sed 's/^/  /' "$work/client.err"
}

# Keeps the figures of the run just measured under a case's name and prints them.
record() {  # round name
  results[$2]="${results[$2]:-} $rps"
  results[$2.p50]="${results[$2.p50]:-} $p50"
  results[$2.p99]="${results[$2.p99]:-} $p99"
  printf 'round %d  %-19s %9.0f req/s  p50 %7.3f ms  p99 %7.3f ms   (server %3s%% of CPU 0, load %3s%% of CPU 1, other %s%%, steal %s%%)\n' \
    "$1" "$2" "$rps" "$p50" "$p99" "$server_cpu" "$load_cpu" "$other_cpu" "$steal_cpu"
}

# --- rounds ------------------------------------------------------------------------------------
cases=(cpp-callback csharp-echo diagnose-hit diagnose-miss csharp-echo-D)
echo "== $rounds round(s): each server on CPU 0, its load on CPU 1 ($clients connections x $streams streams)," \
  "${duration}s measured after a warm-up of ${warmup}s (C#) or ${cpp_warmup}s (C++)"
declare -A results
noisy=0
for round in $(seq "$rounds"); do
  for index in "${!cases[@]}"; do
    name="${cases[$index]}"
    port=$((port_base + round * ${#cases[@]} + index))
    start_server "$name" "$port"
    case "$name" in
      cpp-callback|csharp-echo)
        check_echo "$name" "$port"
        duration_now=$cpp_warmup; [ "$name" = csharp-echo ] && duration_now=$warmup
        run_h2load "$port" /bench.v1.EchoService/Echo "$work/echo.bin" "$echo_frame"
        duration_now=$duration
        run_h2load "$port" /bench.v1.EchoService/Echo "$work/echo.bin" "$echo_frame" measure
        check_echo "$name" "$port"
        record "$round" "$name"
        run_client "$port" echo "$client_warmup"
        name=$name-client ;;
      diagnose-hit)
        # The response's size, through grpc-dotnet's client (status OK, the expected rule), also
        # the first computation of the one answer every later call hits.
        diagnose_frame="$(dotnet "$load_dll" size "127.0.0.1:$port")"
        duration_now=$warmup
        run_h2load "$port" /realname.v1.RemediationService/Diagnose "$work/diagnose.bin" "$diagnose_frame"
        duration_now=$duration
        run_h2load "$port" /realname.v1.RemediationService/Diagnose "$work/diagnose.bin" "$diagnose_frame" measure
        record "$round" "$name"
        run_client "$port" hit "$client_warmup"
        name=diagnose-hit-client ;;
      diagnose-miss)
        run_client "$port" miss "$warmup" ;;
      csharp-echo-D)
        # EchoRequest{text: 13 bytes, response_payload_size: N}, N such that the response frame
        # (5 + 2 + 13 + 1 + 2 + N, N below 16384) is as large as Diagnose's.
        /usr/bin/python3 - "$work/echo-d.bin" "$diagnose_frame" <<'PY'
import struct, sys
size = int(sys.argv[2]) - 23
assert 128 <= size < 16384, size
def varint(v):
    out = b""
    while True:
        b = v & 0x7F; v >>= 7
        out += bytes([b | (0x80 if v else 0)])
        if not v: return out
text = b"realname echo"
message = b"\x0a" + bytes([len(text)]) + text + b"\x18" + varint(size)
open(sys.argv[1], "wb").write(b"\x00" + struct.pack(">I", len(message)) + message)
PY
        duration_now=$warmup
        run_h2load "$port" /bench.v1.EchoService/Echo "$work/echo-d.bin" "$diagnose_frame"
        duration_now=$duration
        run_h2load "$port" /bench.v1.EchoService/Echo "$work/echo-d.bin" "$diagnose_frame" measure
        record "$round" "$name"
        run_client "$port" "echo-$diagnose_frame" "$client_warmup"
        name=csharp-echo-D-client ;;
    esac
    stop_server
    record "$round" "$name"
  done
done

median() {
  tr ' ' '\n' <<<"$1" | grep . | sort -n |
    awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
grpc_version="$(pkg-config --modversion grpc++)"
dotnet_version="$(dotnet --list-runtimes | sed -n 's/^Microsoft.AspNetCore.App \([0-9.]*\).*/\1/p' | tail -1)"
echo
echo "unary calls, ${duration}s per case, median of $rounds round(s); Diagnose response ${diagnose_frame} bytes, echo ${echo_frame} bytes"
labels=(
  "cpp-callback=grpc C++ $grpc_version callback, echo ${echo_frame} B"
  "cpp-callback-client=the same C++ echo, driven by the load client"
  "csharp-echo=Grpc.AspNetCore echo ${echo_frame} B (ASP.NET Core $dotnet_version)"
  "csharp-echo-client=the same echo, driven by the load client (its ceiling)"
  "csharp-echo-D=Grpc.AspNetCore echo ${diagnose_frame} B"
  "csharp-echo-D-client=the same, driven by the load client"
  "diagnose-hit=Diagnose, cache hit (h2load)"
  "diagnose-hit-client=Diagnose, cache hit (the load client)"
  "diagnose-miss=Diagnose, cache miss (the load client)"
)
declare -A m
for entry in "${labels[@]}"; do
  key="${entry%%=*}"
  m[$key]="$(median "${results[$key]}")"
  printf '  %-58s %9.0f req/s  p50 %7.3f ms  p99 %7.3f ms\n' "${entry#*=}" "${m[$key]}" \
    "$(median "${results[$key.p50]}")" "$(median "${results[$key.p99]}")"
done
awk -v cpp="${m[cpp-callback]}" -v echo="${m[csharp-echo]}" -v echod="${m[csharp-echo-D]}" -v hit="${m[diagnose-hit]}" -v miss="${m[diagnose-miss]}" \
    -v client_echo="${m[csharp-echo-client]}" -v client_hit="${m[diagnose-hit-client]}" -v client_cpp="${m[cpp-callback-client]}" -v client_echod="${m[csharp-echo-D-client]}" 'BEGIN {
  verdict = "%-58s %6.2fx  target >= %.1fx: %s\n"
  printf verdict, "echo: Grpc.AspNetCore / C++", echo / cpp, 2.0, (echo / cpp >= 2.0 ? "met" : "NOT met")
  printf verdict, "Diagnose hit / Grpc.AspNetCore echo of its size", hit / echod, 0.8, (hit / echod >= 0.8 ? "met" : "NOT met")
  printf verdict, "the same, both driven by the load client", client_hit / client_echod, 0.8, (client_hit / client_echod >= 0.8 ? "met" : "NOT met")
  printf verdict, "Diagnose miss / C++ echo", miss / cpp, 1.0, (miss / cpp >= 1.0 ? "met" : "NOT met")
  # The miss against the C++ echo driven by the same client: one driver on both sides.
  printf verdict, "Diagnose miss / C++ echo, both driven by the load client", miss / client_cpp, 1.0, (miss / client_cpp >= 1.0 ? "met" : "NOT met")
  # Not targets: whether the load client, rather than the server, bounds the miss figure.
  printf "%-58s %6.2fx\n", "load client / h2load, the same C++ echo server", client_cpp / cpp
  printf "%-58s %6.2fx\n", "load client / h2load, the same C# echo server", client_echo / echo
  printf "%-58s %6.2fx\n", "load client / h2load, the same Diagnose hits", client_hit / hit
  printf "%-58s %6.2fx\n", "load client ceiling (echo) / Diagnose miss", client_echo / miss
}'
if ((noisy)); then
  echo "warning: other work competed for the CPUs during some runs (see above): rerun on a quiet machine" >&2
fi
