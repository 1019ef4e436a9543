"""The real, built server as a child process on free ports, for the tests."""

from __future__ import annotations

import os
import pathlib
import queue
import re
import subprocess
import threading
import time
import urllib.request

REPO = pathlib.Path(__file__).resolve().parents[3]
ASSEMBLY = REPO / "src/RealNameApi.Server/bin/Release/net10.0/RealNameApi.Server.dll"
START_TIMEOUT = 60.0
SERVING = re.compile(r"serving gRPC \(HTTP/2\) on http://(\S+) and gRPC-Web, /healthz \(HTTP/1\.1\) on (http://\S+)")

# The server runs under a small shell guard that kills it when the guard's standard input closes:
# on stop(), and also when the test process dies in any way (even SIGKILL), because the pipe
# closes with it.
GUARD = 'trap "" INT; "$@" & child=$!; read -r _; kill -KILL "$child" 2>/dev/null; wait "$child" 2>/dev/null'
OWN_CONFIGURATION = re.compile(r"^(Server|Redis|Cache|Status|Logging|Auth)__|^(ASPNETCORE|DOTNET)_(URLS|ENVIRONMENT)$", re.I)


class Server:
    """Starts the server with --Server:GrpcPort=0 --Server:HttpPort=0 and extra configuration;
    ready once its start-up line names both ports and /healthz answers "ok"."""

    def __init__(self, *configuration: str):
        if not ASSEMBLY.exists():
            raise RuntimeError(f"{ASSEMBLY} is missing: build it first with `dotnet build src/RealNameApi.Server -c Release`")
        # Only the arguments configure the server, not whatever the environment holds.
        env = {k: v for k, v in os.environ.items() if not OWN_CONFIGURATION.search(k)}
        self._process = subprocess.Popen(
            ["bash", "-c", GUARD, "server-guard", "dotnet", str(ASSEMBLY), "--Server:GrpcPort=0", "--Server:HttpPort=0",
             "--Server:ListenAddress=127.0.0.1", *configuration],
            cwd=ASSEMBLY.parent, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, encoding="utf-8", errors="replace")
        self.lines: list[str] = []
        announced: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, args=(announced,), daemon=True).start()
        try:
            grpc_target, self.http_url = announced.get(timeout=START_TIMEOUT)
            if grpc_target is None:
                raise RuntimeError("the server exited while starting")
            self.grpc_target = grpc_target
            self._wait_until_healthy()
        except Exception as error:
            self.stop()
            raise RuntimeError(f"the server did not start ({error!r}). Its output:\n" + "\n".join(self.lines)) from error

    def _read(self, announced: queue.Queue) -> None:
        for line in self._process.stdout:
            self.lines.append(line.rstrip("\n"))
            match = SERVING.search(line)
            if match:
                announced.put((match.group(1), match.group(2)))
        announced.put((None, None))

    def _wait_until_healthy(self) -> None:
        until = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(f"{self.http_url}/healthz", timeout=5) as response:
                    if response.status == 200 and response.read() == b"ok":
                        return
            except OSError:
                pass  # not listening yet
            if self._process.poll() is not None or time.monotonic() > until:
                raise RuntimeError(f"/healthz on {self.http_url} did not answer ok")
            time.sleep(0.1)

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.stdin.close()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
