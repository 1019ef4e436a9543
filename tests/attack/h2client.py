"""A small blocking HTTP/2 client on python3-h2 for the attack suite: prior-knowledge cleartext
HTTP/2 as gRPC clients speak it, one socket, calls one after another or many streams opened at
once. h2 does the framing and HPACK; this module only drives the socket and frames gRPC
messages (a 5-byte prefix: compressed flag and big-endian length)."""

import socket
import struct
import time

import h2.config
import h2.connection
import h2.events
import h2.exceptions
import h2.settings


def grpc_frame(message):
    payload = message.SerializeToString()
    return struct.pack(">BI", 0, len(payload)) + payload


def grpc_headers(authority, path):
    return [(":method", "POST"), (":scheme", "http"), (":authority", authority), (":path", path),
            ("content-type", "application/grpc"), ("te", "trailers")]


class Connection:
    """One HTTP/2 connection to 127.0.0.1:port. `settings` go in the client's first SETTINGS
    frame (for example a zero initial window); `auto_window` False means the client never sends
    WINDOW_UPDATE, so a zero window stays shut."""

    def __init__(self, port, settings=None, auto_window=True, timeout=10.0):
        self.port = port
        self.authority = f"127.0.0.1:{port}"
        self.auto_window = auto_window
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.h2 = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
        if settings:
            self.h2.local_settings = h2.settings.Settings(client=True, initial_values=settings)
        self.h2.initiate_connection()
        self.flush()
        self.closed_by_server = None  # None, or the GOAWAY error code / "eof"
        self.resets = 0  # RST_STREAMs from the server
        self.ended = 0  # streams the server ended
        self.pending = []  # events read while waiting to send, for the next receive()
        # The server's SETTINGS set the windows a client may send into; wait for them.
        while self._waiting_for_settings():
            self.pending += self._read(timeout)

    def _waiting_for_settings(self):
        return not getattr(self, "_settings_seen", False) and not self.closed_by_server

    def flush(self):
        data = self.h2.data_to_send()
        if data:
            self.sock.sendall(data)

    def send_raw(self, data):
        self.sock.sendall(data)

    def start_call(self, path, message):
        stream = self.h2.get_next_available_stream_id()
        self.h2.send_headers(stream, grpc_headers(self.authority, path))
        data = memoryview(grpc_frame(message))
        while data:
            window = min(self.h2.local_flow_control_window(stream), self.h2.max_outbound_frame_size)
            if window <= 0:
                self.flush()
                self.pending += self._read(10.0)
                if self.closed_by_server:
                    raise ConnectionError(f"connection closed by the server ({self.closed_by_server})")
                continue
            try:
                self.h2.send_data(stream, data[:window].tobytes(), end_stream=len(data) <= window)
            except h2.exceptions.StreamClosedError:
                break  # the server answered before the request's end (an error, or a call turned away)
            data = data[window:]
        return stream

    def receive(self, timeout=None):
        """Returns h2's events of one read from the socket ([] on timeout), after any read
        while sending. Marks the connection closed on EOF or GOAWAY."""
        if self.pending:
            events, self.pending = self.pending, []
            return events
        return self._read(timeout)

    def _read(self, timeout):
        if timeout is not None:
            self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(1 << 16)
        except socket.timeout:
            return []
        except (ConnectionResetError, BrokenPipeError):
            data = b""
        if not data:
            self.closed_by_server = self.closed_by_server or "eof"
            return []
        events = self.h2.receive_data(data)
        for event in events:
            if isinstance(event, h2.events.ConnectionTerminated):
                self.closed_by_server = f"GOAWAY {event.error_code.name if hasattr(event.error_code, 'name') else event.error_code}"
            elif isinstance(event, h2.events.RemoteSettingsChanged):
                self._settings_seen = True
            elif isinstance(event, h2.events.StreamReset):
                self.resets += 1
            elif isinstance(event, h2.events.StreamEnded):
                self.ended += 1
            elif isinstance(event, h2.events.DataReceived) and self.auto_window:
                self.h2.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
        self.flush()
        return events

    def call(self, path, message, response_type, deadline=10.0):
        """One unary call; returns (grpc-status, response or None, seconds). A response_type of
        None leaves the answer unparsed (a load generator's own CPU is not what is measured)."""
        start = time.perf_counter()
        stream = self.start_call(path, message)
        self.flush()
        body, trailers = bytearray(), {}
        while True:
            remaining = deadline - (time.perf_counter() - start)
            if remaining <= 0:
                raise TimeoutError(f"{path} took over {deadline} s")
            for event in self.receive(remaining):
                if getattr(event, "stream_id", None) != stream:
                    continue
                if isinstance(event, h2.events.DataReceived):
                    body += event.data
                elif isinstance(event, (h2.events.ResponseReceived, h2.events.TrailersReceived)):
                    trailers.update(dict(event.headers))
                elif isinstance(event, h2.events.StreamReset):
                    raise ConnectionError(f"{path}: stream reset ({event.error_code})")
                if isinstance(event, h2.events.StreamEnded) or getattr(event, "stream_ended", None):
                    elapsed = time.perf_counter() - start
                    code = int(trailers.get("grpc-status", "-1"))
                    response = None
                    if code == 0 and len(body) >= 5 and response_type is not None:
                        response = response_type()
                        response.ParseFromString(bytes(body[5:]))
                    return code, response, elapsed
            if self.closed_by_server:
                raise ConnectionError(f"{path}: connection closed by the server ({self.closed_by_server})")

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
