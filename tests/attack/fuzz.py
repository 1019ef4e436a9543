"""Random and mutated requests to every unary RPC through grpcio: fields filled from the
messages' descriptors with edge values (empty, long and odd strings, extreme numbers, unknown
enum values, dates that do not exist, timestamps out of range, long repeated fields), and some
requests' bytes then corrupted; and the same requests as gRPC-Web over HTTP/1.1, text and binary,
some with an undefined frame flags byte, cut short, or (text) not base64. The seed is fixed, so a
run sends the same requests each time."""

import base64
import collections
import http.client
import random
import struct
import time
import urllib.parse

import grpc

import contract

UNARY = [
    ("/realname.v1.RemediationService/Diagnose", contract.remediation.DiagnoseRequest),
    ("/realname.v1.RemediationService/BatchDiagnose", contract.remediation.BatchDiagnoseRequest),
    ("/realname.v1.RemediationService/ValidateDocument", contract.remediation.ValidateDocumentRequest),
    ("/realname.v1.RemediationService/ListFailureRules", contract.remediation.ListFailureRulesRequest),
    ("/realname.v1.RemediationService/GetPlatformPolicy", contract.remediation.GetPlatformPolicyRequest),
    ("/realname.v1.VerificationStatusService/GetVerificationStatus", contract.status.GetVerificationStatusRequest),
    ("/realname.v1.VerificationStatusService/ListVerificationStatuses", contract.status.ListVerificationStatusesRequest),
]
PLATFORMS = ["dayu", "wechat", "alipay", "douyin", "nosuch"]
STRINGS = ["", " ", contract.FACE_MISMATCH, "不在实名库中", "\x00\x01\x1f", "🙂" * 50, "DAYU", "../../etc/passwd",
           "%s%n", "<script>", "\u202e", "11010519491231002X", "ﾀﾞﾐｰ", "张三·李四", "Bearer x"]


class Requests:
    def __init__(self, seed):
        self.random = random.Random(seed)

    def string(self):
        r = self.random
        if r.random() < 0.3:
            return "".join(chr(r.choice([r.randint(32, 126), r.randint(0x4E00, 0x9FFF), r.randint(0, 31), r.randint(0xE000, 0xFFFF)]))
                           for _ in range(r.randint(0, 60)))
        if r.random() < 0.1:
            return "a" * r.choice([200, 5000, 70000])
        return r.choice(STRINGS)

    def scalar(self, field):
        r, f = self.random, field
        if f.type == f.TYPE_STRING:
            return self.string()
        if f.type == f.TYPE_BYTES:
            return bytes(r.randint(0, 255) for _ in range(r.choice([0, 4, 16, 3000])))
        if f.type == f.TYPE_BOOL:
            return r.random() < 0.5
        if f.type == f.TYPE_ENUM:
            return r.choice([0, 1, 2, 3, 4, 99, -1, 2**31 - 1])
        if f.type in (f.TYPE_INT32, f.TYPE_SINT32, f.TYPE_SFIXED32):
            return r.choice([0, 1, -1, 2**31 - 1, -2**31, r.randint(-1000, 1000)])
        if f.type in (f.TYPE_INT64, f.TYPE_SINT64, f.TYPE_SFIXED64):
            return r.choice([0, 1, -1, 2**63 - 1, -2**63, r.randint(-1000, 1000)])
        if f.type in (f.TYPE_UINT32, f.TYPE_FIXED32):
            return r.choice([0, 1, 2**32 - 1, r.randint(0, 1000)])
        if f.type in (f.TYPE_UINT64, f.TYPE_FIXED64):
            return r.choice([0, 1, 2**64 - 1, r.randint(0, 1000)])
        return r.choice([0.0, -1.0, 1e308, float("nan")])

    def fill(self, message, depth=0):
        r = self.random
        for f in message.DESCRIPTOR.fields:
            if r.random() < 0.4:
                continue
            repeated = f.label == f.LABEL_REPEATED
            for _ in range(r.choice([1, 1, 2, 5, 150]) if repeated else 1):
                if f.type == f.TYPE_MESSAGE:
                    if depth > 4:
                        continue
                    sub = getattr(message, f.name).add() if repeated else getattr(message, f.name)
                    if f.message_type.full_name == "google.protobuf.Timestamp":
                        sub.seconds = r.choice([0, -62135596801, 253402300800, 1_700_000_000, 1_800_000_000, r.randint(-10**11, 10**11)])
                        sub.nanos = r.choice([0, 999_999_999, 1_000_000_000, -1])
                    elif f.message_type.full_name == "google.type.Date":
                        sub.year, sub.month, sub.day = r.choice([0, 1, 1949, 2010, 9999, 10000, -5]), r.choice([0, 1, 2, 12, 13, -1]), r.choice([0, 1, 29, 31, 32, -1])
                    else:
                        self.fill(sub, depth + 1)
                        sub.SetInParent()
                    continue
                try:
                    value = self.scalar(f)
                    if repeated:
                        getattr(message, f.name).append(value)
                    else:
                        setattr(message, f.name, value)
                except (ValueError, TypeError):
                    pass  # a value the field's type cannot hold (python protobuf checks ranges)
        return message

    def next(self):
        """A method path and the bytes of a request to it."""
        path, cls = self.random.choice(UNARY)
        message = self.fill(cls())
        if hasattr(message, "platform") and self.random.random() < 0.5:
            message.platform = self.random.choice(PLATFORMS)
        data = bytearray(message.SerializeToString())
        if data and self.random.random() < 0.15:
            for _ in range(self.random.randint(1, 5)):
                data[self.random.randrange(len(data))] = self.random.randint(0, 255)
        return path, bytes(data)


def run(port, calls, seed=20261202):
    """Sends `calls` requests; returns the count per (method, status) and the slowest call's seconds."""
    requests = Requests(seed)
    counts, slowest = collections.Counter(), 0.0
    with grpc.insecure_channel(f"127.0.0.1:{port}", options=[("grpc.max_send_message_length", 64 << 20)]) as channel:
        for _ in range(calls):
            path, data = requests.next()
            start = time.monotonic()
            try:
                channel.unary_unary(path)(data, timeout=10)
                code = "OK"
            except grpc.RpcError as error:
                code = error.code().name
            slowest = max(slowest, time.monotonic() - start)
            counts[(path.rsplit("/", 1)[1], code)] += 1
    return counts, slowest


def run_web(port, calls, seed=20261203):
    """Sends `calls` gRPC-Web requests over keep-alive HTTP/1.1, as a browser would, half of them as
    text (base64) and half binary: the fuzzed requests, some with an undefined flags byte in their
    frame, some cut short, and some of the text ones with a character outside base64. Returns the
    count per status (CONNECTION_LOST for a call the server closed the connection under) and how
    many connections were opened: a server that reads every body to its end keeps the first one."""
    requests = Requests(seed)
    r = requests.random
    counts, connections, connection = collections.Counter(), 0, None
    for _ in range(calls):
        path, data = requests.next()
        frame = bytearray(b"\0" + struct.pack(">I", len(data)) + data)
        roll = r.random()
        if roll < 0.05:
            frame[0] = r.randint(2, 255)
        elif roll < 0.1:
            del frame[r.randrange(len(frame)):]
        text = r.random() < 0.5
        if text:
            body = bytearray(base64.b64encode(frame))
            roll = r.random()
            if roll < 0.1:
                body[r.randrange(len(body))] = r.choice(b"!*-_ .\n\x00\xff")
            elif roll < 0.2:
                del body[r.randrange(len(body) // 4) * 4 + r.randint(1, 3):]
        else:
            body = frame
        content_type = "application/grpc-web-text" if text else "application/grpc-web"
        if connection is None:
            connection, connections = http.client.HTTPConnection("127.0.0.1", port, timeout=10), connections + 1
        try:
            connection.request("POST", path, body=bytes(body), headers={"content-type": content_type, "accept": content_type})
            response = connection.getresponse()
            code = _web_status(response, text)
            if response.will_close:
                connection.close()
                connection = None
        except (http.client.HTTPException, OSError):
            code = "CONNECTION_LOST"
            connection.close()
            connection = None
        counts[code] += 1
    if connection is not None:
        connection.close()
    return counts, connections


# The INTERNAL answers the server gives a request whose framing is broken (gRPC's Go and Java
# servers answer these INTERNAL too), told apart by their words; any other INTERNAL is a request
# the server failed to answer.
FRAMING_ERRORS = {
    "Incomplete message.": "INTERNAL (frame cut short)",
    "The request's message frame has flags": "INTERNAL (undefined frame flags)",
}


def _web_status(response, text):
    """The call's status, from the headers (Trailers-Only) or from the trailer frame at the end of
    the body (in text mode base64 pieces, each of which may end in padding)."""
    trailers = {name: response.getheader(name) for name in ("grpc-status", "grpc-message") if response.getheader(name) is not None}
    body = response.read()
    if "grpc-status" not in trailers:
        frames = body
        if text:
            chars = body.decode("ascii")
            frames = b"".join(base64.b64decode(chars[i:i + 4]) for i in range(0, len(chars), 4))
        offset = 0
        while offset + 5 <= len(frames):
            flags, length = frames[offset], struct.unpack(">I", frames[offset + 1:offset + 5])[0]
            if flags & 0x80:
                for line in frames[offset + 5:offset + 5 + length].decode("ascii").split("\r\n"):
                    name, _, value = line.partition(":")
                    trailers[name.strip().lower()] = value.strip()
            offset += 5 + length
    if "grpc-status" not in trailers:
        return "NO_STATUS"
    code = next(c.name for c in grpc.StatusCode if c.value[0] == int(trailers["grpc-status"]))
    if code == "INTERNAL":
        message = urllib.parse.unquote(trailers.get("grpc-message", ""))
        return next((label for start, label in FRAMING_ERRORS.items() if message.startswith(start)), code)
    return code
