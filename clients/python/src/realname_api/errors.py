"""Failed calls as one exception type, with the google.rpc.Status details the service sends
(grpc-status-details-bin) decoded into plain dataclasses."""

from __future__ import annotations

import dataclasses
from typing import Optional

import grpc

from realname_api._gen.google.rpc import error_details_pb2, status_pb2

_DETAILS_TRAILER = "grpc-status-details-bin"
_CODES = {code.value[0]: code for code in grpc.StatusCode}


@dataclasses.dataclass(frozen=True)
class FieldViolation:
    """One bad field of a request (google.rpc.BadRequest.FieldViolation)."""

    field: str
    """The field path, for example `platform` or `document.number`."""
    description: str
    """What is wrong with it, in English."""
    reason: str = ""


@dataclasses.dataclass(frozen=True)
class ErrorInfo:
    """google.rpc.ErrorInfo: a stable reason in the `realname.v1` domain."""

    reason: str
    domain: str
    metadata: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class LocalizedMessage:
    """google.rpc.LocalizedMessage: the error in the caller's locale, safe to show to a user."""

    locale: str
    message: str


@dataclasses.dataclass(frozen=True)
class RetryInfo:
    """google.rpc.RetryInfo: how long to wait before retrying the same call."""

    retry_delay: float
    """Seconds."""


class RealNameError(Exception):
    """A failed call: its status code and message, and the decoded rich details."""

    def __init__(self, code: grpc.StatusCode, message: str, status: Optional[status_pb2.Status] = None):
        super().__init__(f"{code.name}: {message}")
        self.code = code
        self.message = message
        self.status = status
        """The whole google.rpc.Status, when the server sent one."""
        self.field_violations: list[FieldViolation] = []
        self.error_info: Optional[ErrorInfo] = None
        self.localized_message: Optional[LocalizedMessage] = None
        self.retry_info: Optional[RetryInfo] = None
        for detail in status.details if status is not None else ():
            self._add(detail)

    @property
    def code_name(self) -> str:
        """The code's name in gRPC's spelling, for example `INVALID_ARGUMENT`."""
        return self.code.name

    @classmethod
    def from_rpc_error(cls, error: grpc.RpcError) -> "RealNameError":
        """Decodes a grpcio error (a failed call) and its grpc-status-details-bin trailer."""
        code = error.code() if isinstance(error, grpc.Call) else grpc.StatusCode.UNKNOWN
        message = (error.details() if isinstance(error, grpc.Call) else None) or ""
        status = None
        trailers = error.trailing_metadata() if isinstance(error, grpc.Call) else None
        for key, value in trailers or ():
            if key == _DETAILS_TRAILER and isinstance(value, bytes):
                status = status_pb2.Status.FromString(value)
        return cls(code, message, status)

    @classmethod
    def from_status(cls, status: status_pb2.Status) -> "RealNameError":
        """Decodes a google.rpc.Status carried in a response, such as a BatchDiagnose item's error."""
        return cls(_CODES.get(status.code, grpc.StatusCode.UNKNOWN), status.message, status)

    def _add(self, detail) -> None:
        if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
            bad_request = error_details_pb2.BadRequest()
            detail.Unpack(bad_request)
            self.field_violations.extend(
                FieldViolation(v.field, v.description, v.reason) for v in bad_request.field_violations)
        elif detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR) and self.error_info is None:
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            self.error_info = ErrorInfo(info.reason, info.domain, dict(info.metadata))
        elif detail.Is(error_details_pb2.LocalizedMessage.DESCRIPTOR) and self.localized_message is None:
            localized = error_details_pb2.LocalizedMessage()
            detail.Unpack(localized)
            self.localized_message = LocalizedMessage(localized.locale, localized.message)
        elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR) and self.retry_info is None:
            retry = error_details_pb2.RetryInfo()
            detail.Unpack(retry)
            self.retry_info = RetryInfo(retry.retry_delay.ToTimedelta().total_seconds())
