"""RealNameClient: one method per RPC of both services, on one grpcio channel."""

from __future__ import annotations

import collections
from typing import Any, Callable, Iterator, Optional, Sequence, Tuple, TypeVar, Union

import grpc

from realname_api._gen.realname.v1 import (
    remediation_service_pb2 as remediation,
    remediation_service_pb2_grpc as remediation_grpc,
    verification_status_service_pb2 as status,
    verification_status_service_pb2_grpc as status_grpc,
)
from realname_api.errors import RealNameError

DEFAULT_TIMEOUT = 10.0
"""The deadline, in seconds, of a call that sets none itself."""

Metadata = Sequence[Tuple[str, Union[str, bytes]]]
_Request = TypeVar("_Request")
_Response = TypeVar("_Response")


class _Default:
    def __repr__(self) -> str:
        return "DEFAULT"


_DEFAULT: Any = _Default()


class _CallDetails(
        collections.namedtuple("_CallDetails", ("method", "timeout", "metadata", "credentials", "wait_for_ready", "compression")),
        grpc.ClientCallDetails):
    pass


class _ApiKeyInterceptor(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor):
    """Sends the API key on every call, as `authorization: Bearer <key>`."""

    def __init__(self, api_key: str):
        self._header = ("authorization", f"Bearer {api_key}")

    def _with_key(self, details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        metadata = [m for m in (details.metadata or ()) if m[0] != "authorization"]
        return _CallDetails(details.method, details.timeout, [*metadata, self._header], details.credentials,
                            getattr(details, "wait_for_ready", None), getattr(details, "compression", None))

    def intercept_unary_unary(self, continuation, client_call_details, request):
        return continuation(self._with_key(client_call_details), request)

    def intercept_unary_stream(self, continuation, client_call_details, request):
        return continuation(self._with_key(client_call_details), request)


class Watch(Iterator[status.WatchVerificationStatusResponse]):
    """The updates of a watched case. Iterating raises RealNameError when the stream fails, also
    after cancel() (CANCELLED) or when its deadline passes (DEADLINE_EXCEEDED)."""

    def __init__(self, call):
        self._call = call

    def __iter__(self) -> "Watch":
        return self

    def __next__(self) -> status.WatchVerificationStatusResponse:
        try:
            return next(self._call)
        except grpc.RpcError as error:
            raise RealNameError.from_rpc_error(error) from error

    def cancel(self) -> None:
        """Stops the watch."""
        self._call.cancel()

    def __enter__(self) -> "Watch":
        return self

    def __exit__(self, *_) -> None:
        self.cancel()


class RealNameClient:
    """A client of realname.v1.RemediationService and realname.v1.VerificationStatusService.

    `target` is the gRPC port as grpcio names it (`127.0.0.1:5001`). Each method takes either a
    request message or its fields as keyword arguments, and `timeout` (seconds; None for no
    deadline; `default_timeout` when omitted) and `metadata`. A failed call raises RealNameError.
    """

    def __init__(self, target: str, *, api_key: Optional[str] = None, default_timeout: Optional[float] = DEFAULT_TIMEOUT,
                 credentials: Optional[grpc.ChannelCredentials] = None, options: Sequence[Tuple[str, Any]] = ()):
        if api_key is not None and (not api_key or "\r" in api_key or "\n" in api_key):
            raise ValueError("api_key must be a non-empty string without line breaks")
        self._channel = (grpc.secure_channel(target, credentials, options) if credentials is not None
                         else grpc.insecure_channel(target, options))
        channel = self._channel if api_key is None else grpc.intercept_channel(self._channel, _ApiKeyInterceptor(api_key))
        self._default_timeout = default_timeout
        self._remediation = remediation_grpc.RemediationServiceStub(channel)
        self._status = status_grpc.VerificationStatusServiceStub(channel)

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> "RealNameClient":
        return self

    def __exit__(self, *_) -> None:
        self.close()

    # RemediationService

    def diagnose(self, request: Optional[remediation.DiagnoseRequest] = None, *, timeout: Optional[float] = _DEFAULT,
                 metadata: Metadata = (), **fields: Any) -> remediation.DiagnoseResponse:
        """Diagnoses one failed verification. Errors: INVALID_ARGUMENT, NOT_FOUND (platform)."""
        return self._unary(self._remediation.Diagnose, remediation.DiagnoseRequest, request, fields, timeout, metadata)

    def batch_diagnose(self, request: Optional[remediation.BatchDiagnoseRequest] = None, *, timeout: Optional[float] = _DEFAULT,
                       metadata: Metadata = (), **fields: Any) -> remediation.BatchDiagnoseResponse:
        """Diagnoses up to 100 failures; a bad item's error is in its result (RealNameError.from_status)."""
        return self._unary(self._remediation.BatchDiagnose, remediation.BatchDiagnoseRequest, request, fields, timeout, metadata)

    def validate_document(self, request: Optional[remediation.ValidateDocumentRequest] = None, *, timeout: Optional[float] = _DEFAULT,
                          metadata: Metadata = (), **fields: Any) -> remediation.ValidateDocumentResponse:
        """Checks a document against the platform's rules. Errors: INVALID_ARGUMENT, NOT_FOUND."""
        return self._unary(self._remediation.ValidateDocument, remediation.ValidateDocumentRequest, request, fields, timeout, metadata)

    def list_failure_rules(self, request: Optional[remediation.ListFailureRulesRequest] = None, *, timeout: Optional[float] = _DEFAULT,
                           metadata: Metadata = (), **fields: Any) -> remediation.ListFailureRulesResponse:
        """One page of the catalog's rules. Errors: INVALID_ARGUMENT (page token), NOT_FOUND."""
        return self._unary(self._remediation.ListFailureRules, remediation.ListFailureRulesRequest, request, fields, timeout, metadata)

    def get_platform_policy(self, request: Optional[remediation.GetPlatformPolicyRequest] = None, *, timeout: Optional[float] = _DEFAULT,
                            metadata: Metadata = (), **fields: Any) -> remediation.GetPlatformPolicyResponse:
        """A platform's policy. Errors: INVALID_ARGUMENT, NOT_FOUND."""
        return self._unary(self._remediation.GetPlatformPolicy, remediation.GetPlatformPolicyRequest, request, fields, timeout, metadata)

    # VerificationStatusService

    def get_verification_status(self, request: Optional[status.GetVerificationStatusRequest] = None, *,
                                timeout: Optional[float] = _DEFAULT, metadata: Metadata = (),
                                **fields: Any) -> status.GetVerificationStatusResponse:
        """The status of one recorded case. Errors: INVALID_ARGUMENT, NOT_FOUND, UNAVAILABLE (retry)."""
        return self._unary(self._status.GetVerificationStatus, status.GetVerificationStatusRequest, request, fields, timeout, metadata)

    def list_verification_statuses(self, request: Optional[status.ListVerificationStatusesRequest] = None, *,
                                   timeout: Optional[float] = _DEFAULT, metadata: Metadata = (),
                                   **fields: Any) -> status.ListVerificationStatusesResponse:
        """One page of recorded cases. Errors: INVALID_ARGUMENT, NOT_FOUND, UNAVAILABLE (retry)."""
        return self._unary(self._status.ListVerificationStatuses, status.ListVerificationStatusesRequest, request, fields, timeout, metadata)

    def watch_verification_status(self, request: Optional[status.WatchVerificationStatusRequest] = None, *,
                                  timeout: Optional[float] = _DEFAULT, metadata: Metadata = (), **fields: Any) -> Watch:
        """Streams a case's status: the current one first, then every change. Pass timeout=None to
        watch without a deadline, and cancel() (or leave a `with` block) to stop."""
        request = self._request(status.WatchVerificationStatusRequest, request, fields)
        return Watch(self._status.WatchVerificationStatus(request, timeout=self._timeout(timeout), metadata=metadata))

    def _unary(self, method: Callable[..., _Response], request_type: Callable[..., _Request], request: Optional[_Request],
               fields: dict, timeout: Optional[float], metadata: Metadata) -> _Response:
        request = self._request(request_type, request, fields)
        try:
            return method(request, timeout=self._timeout(timeout), metadata=metadata)
        except grpc.RpcError as error:
            raise RealNameError.from_rpc_error(error) from error

    @staticmethod
    def _request(request_type, request, fields):
        if request is None:
            return request_type(**fields)
        if fields:
            raise TypeError("pass either a request message or its fields, not both")
        return request

    def _timeout(self, timeout: Optional[float]) -> Optional[float]:
        return self._default_timeout if timeout is _DEFAULT else timeout
