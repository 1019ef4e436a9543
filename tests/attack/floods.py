"""HTTP/2 floods, each from its own process so that the client's own Python (its GIL) does not
slow the normal call measured meanwhile: rapid reset (HEADERS then RST_STREAM), PING, SETTINGS,
WINDOW_UPDATE, PRIORITY and empty DATA on an open stream. Each stops after `seconds` or `limit` frames, or when the server closes."""

import multiprocessing
import socket
import struct
import time

import contract
import frames

BATCH = 100


def _batch(kind, authority, state):
    if kind == "rapid_reset":
        block = state.setdefault("block", frames.header_block(authority, contract.DIAGNOSE))
        out = []
        for _ in range(BATCH // 2):
            stream = state["stream"] = state.get("stream", -1) + 2
            out.append(frames.frame(frames.HEADERS, frames.END_HEADERS, stream, block))
            out.append(frames.frame(frames.RST_STREAM, 0, stream, struct.pack(">I", 8)))  # CANCEL
        return b"".join(out)
    if kind == "ping":
        return b"".join(frames.frame(frames.PING, 0, 0, struct.pack(">Q", i)) for i in range(BATCH))
    if kind == "settings":
        return frames.settings(initial_window_size=65535, enable_push=0) * BATCH
    if kind == "window_update":
        return frames.frame(frames.WINDOW_UPDATE, 0, 0, struct.pack(">I", 1)) * BATCH
    if kind == "priority":
        return frames.frame(frames.PRIORITY, 0, 3, struct.pack(">IB", 0, 16)) * BATCH
    if kind == "empty_data":
        opening = b""
        if "opened" not in state:
            state["opened"] = True
            opening = frames.frame(frames.HEADERS, frames.END_HEADERS, 1, frames.header_block(authority, contract.DIAGNOSE))
        return opening + frames.frame(frames.DATA, 0, 1) * BATCH
    raise ValueError(kind)


def flood(port, kind, seconds, limit):
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(frames.PREFACE + frames.settings())
    reader, state, sent, blocked = frames.Reader(), {}, 0, 0.0
    authority = f"127.0.0.1:{port}"
    start = time.monotonic()
    closed = None
    while time.monotonic() - start < seconds and sent < limit and closed is None:
        data = _batch(kind, authority, state)
        sock.settimeout(2)
        before = time.monotonic()
        try:
            sock.sendall(data)
            sent += BATCH if kind != "rapid_reset" else BATCH // 2
        except socket.timeout:
            blocked += time.monotonic() - before  # the server stopped reading from us
        except (BrokenPipeError, ConnectionResetError):
            closed = "reset"
        sock.settimeout(0)
        try:
            while True:
                chunk = sock.recv(1 << 16)
                if not chunk:
                    closed = closed or "eof"
                    break
                reader.feed(chunk)
        except (BlockingIOError, socket.timeout):
            pass
        except ConnectionResetError:
            closed = closed or "reset"
        if reader.goaway:
            closed = f"GOAWAY {reader.goaway}" + (f", then {closed}" if closed else "")
    elapsed = time.monotonic() - start
    sock.close()
    return {"kind": kind, "sent": sent, "seconds": round(elapsed, 1), "closed": closed or "still open",
            "blocked_s": round(blocked, 1), "received": {str(k): v for k, v in sorted(reader.counts.items())}}


def _child(queue, *args):
    queue.put(flood(*args))


def start(port, kind, seconds, limit):
    """Starts a flood in a child process; returns a function that waits for and returns its figures."""
    queue = multiprocessing.get_context("fork").Queue()
    process = multiprocessing.get_context("fork").Process(target=_child, args=(queue, port, kind, seconds, limit), daemon=True)
    process.start()

    def result():
        try:
            return queue.get(timeout=seconds + 30)
        finally:
            process.join(5)
            if process.is_alive():
                process.kill()
    return result
