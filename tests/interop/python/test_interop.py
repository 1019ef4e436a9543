"""Interop tests: Python grpcio (grpc's C core, from Debian python3-grpcio) against a running
RealNameApi server.

The server's address comes from REALNAME_GRPC_TARGET (host:port of the HTTP/2 gRPC port). Stubs
are generated at start-up from the repository's protos/ with the system protoc and Debian's
grpc_python_plugin, so the test uses nothing of the server's own code.

Run: REALNAME_GRPC_TARGET=127.0.0.1:5001 /usr/bin/python3 -m unittest -v tests/interop/python/test_interop.py
"""

import atexit
import importlib
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest
import uuid

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

REPO = pathlib.Path(__file__).resolve().parents[3]
PROTOS = REPO / "protos"
TARGET = os.environ.get("REALNAME_GRPC_TARGET", "127.0.0.1:5001")


def generate_stubs():
    """Generates Python modules for the contract into a temporary directory and imports them.

    grpc's own health and reflection protos live under `grpc/`, which would shadow the grpcio
    package, so they are generated under `grpcstd/` instead; the wire names are unchanged.
    """
    out = pathlib.Path(tempfile.mkdtemp(prefix="realname-py-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    src = out / "src"
    shutil.copytree(PROTOS / "grpc", src / "grpcstd")
    files = [str(p.relative_to(PROTOS)) for p in (PROTOS / "realname").rglob("*.proto")]
    files += [str(p.relative_to(PROTOS)) for p in (PROTOS / "google").rglob("*.proto")]
    std = [str(p.relative_to(src)) for p in (src / "grpcstd").rglob("*.proto")]
    subprocess.run(
        ["protoc", f"-I{PROTOS}", f"-I{src}", f"--python_out={out}", f"--grpc_python_out={out}",
         "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin", *files, *std],
        check=True)
    sys.path.insert(0, str(out))
    return out


generate_stubs()
remediation = importlib.import_module("realname.v1.remediation_service_pb2")
remediation_grpc = importlib.import_module("realname.v1.remediation_service_pb2_grpc")
status_pb = importlib.import_module("realname.v1.verification_status_service_pb2")
status_grpc = importlib.import_module("realname.v1.verification_status_service_pb2_grpc")
diagnosis_pb = importlib.import_module("realname.v1.diagnosis_pb2")
health_pb = importlib.import_module("grpcstd.health.v1.health_pb2")
health_grpc = importlib.import_module("grpcstd.health.v1.health_pb2_grpc")
reflection_v1 = importlib.import_module("grpcstd.reflection.v1.reflection_pb2")
reflection_v1_grpc = importlib.import_module("grpcstd.reflection.v1.reflection_pb2_grpc")
reflection_v1alpha = importlib.import_module("grpcstd.reflection.v1alpha.reflection_pb2")
reflection_v1alpha_grpc = importlib.import_module("grpcstd.reflection.v1alpha.reflection_pb2_grpc")
rpc_status = importlib.import_module("google.rpc.status_pb2")
error_details = importlib.import_module("google.rpc.error_details_pb2")

FACE_MISMATCH = "人脸与公安网照片不一致,请确保是账户本人操作"


def rich_status(error):
    """Decodes grpc-status-details-bin from a failed call's trailers into google.rpc.Status."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = rpc_status.Status()
            status.ParseFromString(value)
            return status
    raise AssertionError("no grpc-status-details-bin trailer")


class InteropTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.channel = grpc.insecure_channel(TARGET)
        grpc.channel_ready_future(cls.channel).result(timeout=10)
        cls.remediation = remediation_grpc.RemediationServiceStub(cls.channel)
        cls.status = status_grpc.VerificationStatusServiceStub(cls.channel)
        cls.health = health_grpc.HealthStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()

    def test_unary_diagnose(self):
        response = self.remediation.Diagnose(
            remediation.DiagnoseRequest(platform="dayu", message=FACE_MISMATCH), timeout=10)
        diagnosis = response.diagnosis
        self.assertEqual(diagnosis.platform, "dayu")
        self.assertEqual(diagnosis.category, diagnosis_pb.CATEGORY_FACE_MISMATCH)
        self.assertEqual(diagnosis.match_kind, diagnosis_pb.MATCH_KIND_EXACT)
        self.assertEqual(diagnosis.locale, "zh-CN")
        self.assertTrue(diagnosis.steps)
        self.assertTrue(diagnosis.catalog_version)

    def test_unary_english_from_accept_language(self):
        response = self.remediation.Diagnose(
            remediation.DiagnoseRequest(platform="dayu", message=FACE_MISMATCH),
            metadata=[("accept-language", "en-US,en;q=0.9")], timeout=10)
        self.assertEqual(response.diagnosis.locale, "en")
        self.assertRegex(response.diagnosis.title, r"^[\x00-\x7f]+$")

    def test_rich_error_details(self):
        with self.assertRaises(grpc.RpcError) as caught:
            self.remediation.Diagnose(remediation.DiagnoseRequest(message=FACE_MISMATCH), timeout=10)
        error = caught.exception
        self.assertEqual(error.code(), grpc.StatusCode.INVALID_ARGUMENT)
        status = rich_status(error)
        self.assertEqual(status.code, grpc.StatusCode.INVALID_ARGUMENT.value[0])
        kinds = {detail.type_url.rsplit("/", 1)[-1]: detail for detail in status.details}
        self.assertIn("google.rpc.BadRequest", kinds)
        bad_request = error_details.BadRequest()
        kinds["google.rpc.BadRequest"].Unpack(bad_request)
        self.assertIn("platform", [v.field for v in bad_request.field_violations])
        self.assertIn("google.rpc.ErrorInfo", kinds)
        error_info = error_details.ErrorInfo()
        kinds["google.rpc.ErrorInfo"].Unpack(error_info)
        self.assertEqual(error_info.domain, "realname.v1")

    def test_unknown_platform_is_not_found(self):
        with self.assertRaises(grpc.RpcError) as caught:
            self.remediation.Diagnose(
                remediation.DiagnoseRequest(platform="no-such-platform", message="x"), timeout=10)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_server_stream_watch_sees_recorded_case(self):
        case_ref = f"py-{uuid.uuid4()}"
        self.remediation.Diagnose(
            remediation.DiagnoseRequest(platform="dayu", message=FACE_MISMATCH, case_ref=case_ref),
            timeout=10)
        call = self.status.WatchVerificationStatus(
            status_pb.WatchVerificationStatusRequest(case_ref=case_ref), timeout=10)
        first = next(call)
        self.assertEqual(first.status.platform, "dayu")
        self.assertNotEqual(first.status.state, status_pb.VERIFICATION_STATE_UNSPECIFIED)
        self.assertNotIn(case_ref, first.status.case_id)
        call.cancel()

    def test_deadline_exceeded(self):
        call = self.status.WatchVerificationStatus(
            status_pb.WatchVerificationStatusRequest(case_ref=f"py-{uuid.uuid4()}"), timeout=0.5)
        with self.assertRaises(grpc.RpcError) as caught:
            for _ in call:
                pass
        self.assertEqual(caught.exception.code(), grpc.StatusCode.DEADLINE_EXCEEDED)

    def test_cancel_a_call(self):
        call = self.status.WatchVerificationStatus(
            status_pb.WatchVerificationStatusRequest(case_ref=f"py-{uuid.uuid4()}"), timeout=30)
        first = next(call)
        self.assertEqual(first.status.state, status_pb.VERIFICATION_STATE_UNKNOWN)
        threading.Timer(0.2, call.cancel).start()
        with self.assertRaises(grpc.RpcError) as caught:
            for _ in call:
                pass
        self.assertEqual(caught.exception.code(), grpc.StatusCode.CANCELLED)
        # The server is still fine after the reset stream.
        self.assertTrue(self.remediation.Diagnose(
            remediation.DiagnoseRequest(platform="dayu", message=FACE_MISMATCH), timeout=10).diagnosis.rule_id)

    def test_health_check(self):
        for service in ("", "realname.v1.RemediationService", "realname.v1.VerificationStatusService"):
            response = self.health.Check(health_pb.HealthCheckRequest(service=service), timeout=5)
            self.assertEqual(response.status, health_pb.HealthCheckResponse.SERVING, service)
        with self.assertRaises(grpc.RpcError) as caught:
            self.health.Check(health_pb.HealthCheckRequest(service="no.such.Service"), timeout=5)
        self.assertEqual(caught.exception.code(), grpc.StatusCode.NOT_FOUND)

    def test_health_watch(self):
        call = self.health.Watch(
            health_pb.HealthCheckRequest(service="realname.v1.RemediationService"), timeout=5)
        self.assertEqual(next(call).status, health_pb.HealthCheckResponse.SERVING)
        call.cancel()
        unknown = self.health.Watch(health_pb.HealthCheckRequest(service="no.such.Service"), timeout=5)
        self.assertEqual(next(unknown).status, health_pb.HealthCheckResponse.SERVICE_UNKNOWN)
        unknown.cancel()

    def reflect(self, module, stub_module, **request):
        stub = stub_module.ServerReflectionStub(self.channel)
        responses = stub.ServerReflectionInfo(iter([module.ServerReflectionRequest(**request)]), timeout=10)
        return list(responses)

    def test_reflection_lists_services_in_both_versions(self):
        for module, stub_module in ((reflection_v1, reflection_v1_grpc), (reflection_v1alpha, reflection_v1alpha_grpc)):
            [response] = self.reflect(module, stub_module, list_services="")
            names = {s.name for s in response.list_services_response.service}
            for expected in ("realname.v1.RemediationService", "realname.v1.VerificationStatusService",
                             "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection"):
                self.assertIn(expected, names, module.__name__)

    def test_reflection_descriptors_are_enough_to_call_a_method(self):
        """Builds the request type from reflected descriptors only, as grpcurl does, and calls Diagnose."""
        [response] = self.reflect(reflection_v1, reflection_v1_grpc,
                                  file_containing_symbol="realname.v1.RemediationService")
        files = [descriptor_pb2.FileDescriptorProto.FromString(b)
                 for b in response.file_descriptor_response.file_descriptor_proto]
        names = {f.name for f in files}
        self.assertIn("realname/v1/remediation_service.proto", names)
        self.assertIn("google/protobuf/timestamp.proto", names)
        pool = descriptor_pool.DescriptorPool()
        pending = {f.name: f for f in files}
        while pending:  # add in dependency order
            for name, f in list(pending.items()):
                if all(d not in pending for d in f.dependency):
                    pool.Add(f)
                    del pending[name]
        service = pool.FindServiceByName("realname.v1.RemediationService")
        self.assertEqual(
            sorted(m.name for m in service.methods),
            ["BatchDiagnose", "Diagnose", "GetPlatformPolicy", "ListFailureRules", "ValidateDocument"])
        factory = message_factory.MessageFactory(pool)
        request_type = factory.GetPrototype(pool.FindMessageTypeByName("realname.v1.DiagnoseRequest"))
        response_type = factory.GetPrototype(pool.FindMessageTypeByName("realname.v1.DiagnoseResponse"))
        call = self.channel.unary_unary(
            "/realname.v1.RemediationService/Diagnose",
            request_serializer=request_type.SerializeToString,
            response_deserializer=response_type.FromString)
        answer = call(request_type(platform="dayu", message=FACE_MISMATCH), timeout=10)
        self.assertEqual(answer.diagnosis.platform, "dayu")

    def test_reflection_unknown_symbol_is_an_error_response(self):
        [response] = self.reflect(reflection_v1alpha, reflection_v1alpha_grpc, file_containing_symbol="no.such.Symbol")
        self.assertEqual(response.error_response.error_code, grpc.StatusCode.NOT_FOUND.value[0])


if __name__ == "__main__":
    unittest.main(verbosity=2)
