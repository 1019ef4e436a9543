"""An independent gRPC peer: Python grpcio (the C core) calling the echo service.

Usage: echo_peer.py HOST:PORT DEADLINE_CALL_ID CANCEL_CALL_ID
Prints one JSON object with what each call observed; the .NET test asserts on it.
"""
import json
import sys
import threading

import grpc
from google.protobuf import duration_pb2

from google.rpc import error_details_pb2, status_pb2
from rpctest.v1 import echo_pb2, echo_pb2_grpc


def code_of(error):
    return error.code().name


def main():
    target = sys.argv[1]
    result = {}
    with grpc.insecure_channel(target) as channel:
        stub = echo_pb2_grpc.EchoServiceStub(channel)

        response, call = stub.Echo.with_call(
            echo_pb2.EchoRequest(message="你好 from grpcio", echo_header="x-peer"),
            metadata=[("x-peer", "python")])
        trailers = dict(call.trailing_metadata())
        result["unary"] = {"message": response.message, "trailer": trailers.get("x-peer")}

        result["server_streaming"] = [r.index for r in stub.Expand(echo_pb2.EchoRequest(message="s", repeat=5))]

        collected = stub.Collect(iter([echo_pb2.EchoRequest(message=m) for m in "abcd"]))
        result["client_streaming"] = {"message": collected.message, "count": collected.index}

        result["duplex"] = [r.message for r in stub.Chat(iter([echo_pb2.EchoRequest(message=m) for m in ["x", "y", "z"]]))]

        gzipped = stub.Echo(echo_pb2.EchoRequest(message="z" * 10000), compression=grpc.Compression.Gzip)
        result["gzip"] = len(gzipped.message)

        try:
            stub.Echo(echo_pb2.EchoRequest(call_id=sys.argv[2], delay=duration_pb2.Duration(seconds=20)), timeout=0.3)
            result["deadline"] = "no error"
        except grpc.RpcError as error:
            result["deadline"] = code_of(error)

        future = stub.Echo.future(echo_pb2.EchoRequest(call_id=sys.argv[3], delay=duration_pb2.Duration(seconds=20)))
        threading.Event().wait(0.5)
        future.cancel()
        try:
            future.result()
            result["cancel"] = "no error"
        except grpc.FutureCancelledError:
            result["cancel"] = "CANCELLED"
        except grpc.RpcError as error:
            result["cancel"] = code_of(error)

        try:
            stub.Echo(echo_pb2.EchoRequest(fail=echo_pb2.Failure(code=3, message="无效: bad echo", rich=True)))
            result["rich_error"] = "no error"
        except grpc.RpcError as error:
            details_bin = dict(error.trailing_metadata()).get("grpc-status-details-bin")
            status = status_pb2.Status.FromString(details_bin)
            rich = {"code": code_of(error), "message": error.details(), "status_code": status.code}
            for any_detail in status.details:
                for name, message_type in [("bad_request", error_details_pb2.BadRequest),
                                           ("error_info", error_details_pb2.ErrorInfo),
                                           ("retry_info", error_details_pb2.RetryInfo),
                                           ("localized_message", error_details_pb2.LocalizedMessage)]:
                    if any_detail.Is(message_type.DESCRIPTOR):
                        detail = message_type()
                        any_detail.Unpack(detail)
                        rich[name] = detail
            rich["fields"] = [v.field for v in rich.pop("bad_request").field_violations]
            rich["reason"] = rich.pop("error_info").reason
            rich["retry_seconds"] = rich.pop("retry_info").retry_delay.seconds
            rich["localized"] = rich.pop("localized_message").message
            result["rich_error"] = rich

        try:
            channel.unary_unary("/rpctest.v1.EchoService/NoSuchMethod")(b"")
            result["unimplemented"] = "no error"
        except grpc.RpcError as error:
            result["unimplemented"] = code_of(error)

        try:
            stub.Echo(echo_pb2.EchoRequest(throw_exception=True))
            result["internal"] = "no error"
        except grpc.RpcError as error:
            result["internal"] = {"code": code_of(error), "message": error.details()}

    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
