"""The contract's protobuf messages for the attack suite, generated at start-up from the
repository's protos/ with the system protoc, so the suite uses nothing of the server's own code.
Only messages are generated: the suite speaks HTTP/2 itself and needs no gRPC stubs."""

import atexit
import importlib
import pathlib
import shutil
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[2]
PROTOS = REPO / "protos"


def _generate():
    out = pathlib.Path(tempfile.mkdtemp(prefix="realname-attack-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    files = [str(p.relative_to(PROTOS)) for p in (PROTOS / "realname").rglob("*.proto")]
    files += [str(p.relative_to(PROTOS)) for p in (PROTOS / "google").rglob("*.proto")]
    subprocess.run(["protoc", f"-I{PROTOS}", f"--python_out={out}", *files], check=True)
    sys.path.insert(0, str(out))


_generate()
remediation = importlib.import_module("realname.v1.remediation_service_pb2")
status = importlib.import_module("realname.v1.verification_status_service_pb2")
document = importlib.import_module("realname.v1.document_pb2")

DIAGNOSE = "/realname.v1.RemediationService/Diagnose"
BATCH_DIAGNOSE = "/realname.v1.RemediationService/BatchDiagnose"
GET_STATUS = "/realname.v1.VerificationStatusService/GetVerificationStatus"
LIST_STATUSES = "/realname.v1.VerificationStatusService/ListVerificationStatuses"

FACE_MISMATCH = "人脸与公安网照片不一致,请确保是账户本人操作"


def diagnose_request(case_ref="", locale="en"):
    """A Diagnose request whose answer is one of the larger ones: a face mismatch with a
    document to check, in English."""
    request = remediation.DiagnoseRequest(platform="dayu", message=FACE_MISMATCH, locale=locale, case_ref=case_ref)
    request.document.type = document.DOCUMENT_TYPE_RESIDENT_ID_CARD
    request.document.number = "11010519491231002X"
    request.document.holder_name = "张三"
    request.document.issue_date.year, request.document.issue_date.month, request.document.issue_date.day = 2010, 1, 1
    request.document.expiry_date.year, request.document.expiry_date.month, request.document.expiry_date.day = 2020, 1, 1
    return request


def batch_request(items):
    return remediation.BatchDiagnoseRequest(requests=[diagnose_request() for _ in range(items)])
