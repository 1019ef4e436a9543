"""Slowloris: many connections that send a request's start and then one more byte now and then,
never finishing their headers. The server must close each within its timeout."""

import selectors
import socket
import time

import frames


def _openers(kind, port):
    """The first bytes a connection sends and the trickle after them."""
    if kind == "http1":
        return b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"X"
    if kind == "h2_headers":
        # A HEADERS frame without END_HEADERS, then CONTINUATION frames that never end it.
        block = frames.header_block(f"127.0.0.1:{port}", "/realname.v1.RemediationService/Diagnose")
        return (frames.PREFACE + frames.settings() + frames.frame(frames.HEADERS, 0, 1, block),
                frames.frame(frames.CONTINUATION, 0, 1, b"\x40\x01x\x01y"))  # literal header x: y
    if kind == "h2_preface":
        return b"", None  # the preface itself, a byte at a time
    raise ValueError(kind)


def run(port, kind, connections, limit_seconds, every=1.0):
    """Opens `connections` trickling connections and returns when all are closed by the server
    or `limit_seconds` pass: the seconds each took to be closed (None: still open)."""
    first, trickle = _openers(kind, port)
    selector = selectors.DefaultSelector()
    opened = {}
    for i in range(connections):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        if first:
            sock.sendall(first)
        sock.setblocking(False)
        opened[sock] = {"start": time.monotonic(), "closed": None, "sent": 0}
        selector.register(sock, selectors.EVENT_READ)
    start = time.monotonic()
    next_trickle = start + every
    open_count = connections
    while open_count and time.monotonic() - start < limit_seconds:
        for key, _ in selector.select(0.1):
            sock = key.fileobj
            try:
                data = sock.recv(1 << 16)
            except BlockingIOError:
                continue
            except ConnectionResetError:
                data = b""
            if not data:
                opened[sock]["closed"] = time.monotonic() - opened[sock]["start"]
                selector.unregister(sock)
                open_count -= 1
        if time.monotonic() >= next_trickle:
            next_trickle += every
            for sock, state in opened.items():
                if state["closed"] is not None:
                    continue
                byte = trickle if trickle else frames.PREFACE[state["sent"] % len(frames.PREFACE):][:1]
                try:
                    sock.send(byte)
                    state["sent"] += 1
                except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                    pass
    for sock in opened:
        sock.close()
    selector.close()
    return [state["closed"] for state in opened.values()]
