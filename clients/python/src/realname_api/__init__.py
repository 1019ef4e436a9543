"""Typed Python client of RealNameApi (realname.v1), on grpcio.

    from realname_api import RealNameClient, pb

    with RealNameClient("127.0.0.1:5001") as client:
        diagnosis = client.diagnose(platform="dayu", message="...", locale="en").diagnosis

The generated messages are under `realname_api.pb` (realname.v1) and `realname_api.rpc`
(google.rpc); run generate.py first when working from the repository.
"""

try:
    from realname_api._gen.realname.v1 import (  # noqa: F401
        catalog_pb2,
        diagnosis_pb2,
        document_pb2,
        remediation_service_pb2,
        verification_status_service_pb2,
    )
except ImportError as error:  # pragma: no cover - a checkout that was never generated
    raise ImportError(
        "realname_api's generated modules are missing: run `/usr/bin/python3 clients/python/generate.py`") from error

from realname_api import pb, rpc  # noqa: E402
from realname_api.client import DEFAULT_TIMEOUT, RealNameClient, Watch  # noqa: E402
from realname_api.errors import ErrorInfo, FieldViolation, LocalizedMessage, RealNameError, RetryInfo  # noqa: E402

__all__ = [
    "DEFAULT_TIMEOUT", "ErrorInfo", "FieldViolation", "LocalizedMessage", "RealNameClient", "RealNameError",
    "RetryInfo", "Watch", "pb", "rpc",
]
