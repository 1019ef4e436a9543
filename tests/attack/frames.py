"""Raw HTTP/2 frames for the floods, written by hand: the floods send frames faster and in
orders no well-behaved client library (h2 included) would, and need no connection state."""

import struct

import hpack

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = 0, 1, 2, 3, 4, 6, 7, 8, 9
END_STREAM, ACK, END_HEADERS = 0x1, 0x1, 0x4
ERROR_CODES = {0: "NO_ERROR", 1: "PROTOCOL_ERROR", 2: "INTERNAL_ERROR", 3: "FLOW_CONTROL_ERROR", 7: "REFUSED_STREAM",
               8: "CANCEL", 11: "ENHANCE_YOUR_CALM"}


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + struct.pack(">BBI", kind, flags, stream) + payload


def settings(**values):
    ids = {"initial_window_size": 4, "max_frame_size": 5, "enable_push": 2}
    return frame(SETTINGS, 0, 0, b"".join(struct.pack(">HI", ids[k], v) for k, v in values.items()))


def header_block(authority, path):
    """A request's headers HPACK-encoded without touching the dynamic table, so the same block
    is valid on every stream of a connection."""
    headers = [(":method", "POST"), (":scheme", "http"), (":authority", authority), (":path", path),
               ("content-type", "application/grpc"), ("te", "trailers")]
    return hpack.Encoder().encode([hpack.NeverIndexedHeaderTuple(k, v) for k, v in headers])


class Reader:
    """Splits what the server sent into frames and counts what matters to the floods."""

    def __init__(self):
        self.buffer = bytearray()
        self.counts = {}
        self.goaway = None

    def feed(self, data):
        self.buffer += data
        while len(self.buffer) >= 9:
            length = int.from_bytes(self.buffer[:3], "big")
            if len(self.buffer) < 9 + length:
                break
            kind = self.buffer[3]
            payload = bytes(self.buffer[9:9 + length])
            del self.buffer[:9 + length]
            self.counts[kind] = self.counts.get(kind, 0) + 1
            if kind == GOAWAY and len(payload) >= 8:
                code = struct.unpack(">I", payload[4:8])[0]
                self.goaway = ERROR_CODES.get(code, str(code))
