"""The real server process for the attack suite: the Release build run with `dotnet`, on free
ports read from its start-up log, ready when /healthz answers, killed at the end, and also when
the suite itself dies (the kernel sends it SIGKILL when its parent goes: PR_SET_PDEATHSIG)."""

import ctypes
import http.client
import os
import re
import signal
import subprocess
import threading
import time

from contract import REPO

ASSEMBLY = REPO / "src/RealNameApi.Server/bin/Release/net10.0/RealNameApi.Server.dll"
LISTENING = re.compile(r"RealNameApi serving gRPC \(HTTP/2\) on http://127\.0\.0\.1:(\d+) and gRPC-Web, /healthz \(HTTP/1\.1\) on http://127\.0\.0\.1:(\d+)")
_PR_SET_PDEATHSIG = 1
# The suite measures the transport and the store, not the per-key rate limit (1,000 calls a
# second by default), which the load checks would otherwise reach and measure instead.
UNLIMITED = ["--RateLimits:Default:RequestsPerSecond=1000000", "--RateLimits:Default:Burst=1000000"]


def machine_busy_seconds():
    """CPU time the whole machine has spent busy so far (all CPUs, neither idle nor waiting on I/O), in seconds."""
    with open("/proc/stat") as stat:
        ticks = [int(v) for v in stat.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def _die_with_parent():
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


class Server:
    def __init__(self, configuration=(), environment=None, start_timeout=60.0, rate_limited=False):
        if not ASSEMBLY.exists():
            raise SystemExit(f"{ASSEMBLY} is missing: run `dotnet build src/RealNameApi.Server -c Release` first")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("Server__", "Redis__", "Cache__", "Status__", "Limits__", "Logging__", "RateLimits__", "Auth__", "DOTNET_gc", "DOTNET_GC"))
               and k not in ("ASPNETCORE_URLS", "DOTNET_URLS")}
        env.update(environment or {})
        args = ["dotnet", str(ASSEMBLY), "--Server:GrpcPort=0", "--Server:HttpPort=0", "--Server:ListenAddress=127.0.0.1",
                "--Redis:Configuration=", *([] if rate_limited else UNLIMITED), *configuration]
        self.lines = []
        self._ports = threading.Event()
        self.process = subprocess.Popen(args, cwd=ASSEMBLY.parent, env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        preexec_fn=_die_with_parent)
        threading.Thread(target=self._read, daemon=True).start()
        try:
            if not self._ports.wait(start_timeout):
                raise RuntimeError("the server did not print its ports:\n" + self.output())
            self._wait_healthy(start_timeout)
        except BaseException:
            self.stop()
            raise

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            match = LISTENING.search(line)
            if match:
                self.grpc_port, self.http_port = int(match.group(1)), int(match.group(2))
                self._ports.set()

    def _wait_healthy(self, timeout):
        end = time.monotonic() + timeout
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > end or self.process.poll() is not None:
                raise RuntimeError("the server did not become healthy:\n" + self.output())
            time.sleep(0.1)

    def output(self):
        return "\n".join(self.lines)

    def problems(self):
        """Warnings and worse, each with its message line, counted: "count x entry"."""
        counts = {}
        for i, line in enumerate(self.lines):
            if line.startswith(("warn:", "fail:", "crit:")):
                entry = line + (" " + self.lines[i + 1].strip() if i + 1 < len(self.lines) else "")
                counts[entry] = counts.get(entry, 0) + 1
        return [f"{n} x {entry}" for entry, n in counts.items()]

    def problem_count(self):
        """How many warnings and worse the server has logged so far."""
        return sum(1 for line in list(self.lines) if line.startswith(("warn:", "fail:", "crit:")))

    def rss_mb(self):
        """The server's resident set size in MB, from /proc/<pid>/status."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def cpu_seconds(self):
        """The CPU time (user and system) the server process has used so far, in seconds."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def gc_committed_mb(self):
        """The GC heap's committed memory after the last collection, in MB, from /metrics
        (the runtime's System.Runtime meter); NaN when it cannot be read."""
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=5)
            connection.request("GET", "/metrics")
            for line in connection.getresponse().read().decode().splitlines():
                if line.startswith("dotnet_gc_last_collection_memory_committed_size_bytes"):
                    return float(line.rsplit(" ", 1)[1]) / (1 << 20)
        except (OSError, ValueError):
            pass
        return float("nan")

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(15)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
