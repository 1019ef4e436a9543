"""Random and mutated requests to every unary RPC through grpcio: fields filled from the
messages' descriptors with edge values (empty, long and odd strings, extreme numbers, unknown
enum values, dates that do not exist, timestamps out of range, long repeated fields), and some
requests' bytes then corrupted. The seed is fixed, so a run sends the same requests each time."""

import collections
import random
import time

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
