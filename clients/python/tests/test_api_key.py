"""The client's API key against a server that has keys configured: UNAUTHENTICATED without a key
or with a wrong one, PERMISSION_DENIED for a key without the call's role, answered with the key."""

import base64
import hashlib
import os

import grpc
import pytest

from realname_api import RealNameClient, RealNameError

FACE_MISMATCH = "人脸与公安网照片不一致,请确保是账户本人操作"


def new_key() -> str:
    """A key as the README makes one (openssl rand -base64 32)."""
    return base64.b64encode(os.urandom(32)).decode()


def sha256(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@pytest.fixture(scope="module")
def keyed_server():
    from server import Server

    diagnose, status_only = new_key(), new_key()
    started = Server(
        "--Auth:Keys:0:Id=py-diagnose", "--Auth:Keys:0:Tenant=py", "--Auth:Keys:0:Roles:0=diagnose",
        f"--Auth:Keys:0:Sha256={sha256(diagnose)}",
        "--Auth:Keys:1:Id=py-status", "--Auth:Keys:1:Tenant=py", "--Auth:Keys:1:Roles:0=status.read",
        f"--Auth:Keys:1:Sha256={sha256(status_only)}")
    yield started, diagnose, status_only
    started.stop()


def diagnose_with(server, api_key):
    with RealNameClient(server.grpc_target, api_key=api_key) as client:
        return client.diagnose(platform="dayu", message=FACE_MISMATCH, locale="en")


def test_without_a_key_the_call_is_unauthenticated(keyed_server):
    server, _, _ = keyed_server
    with pytest.raises(RealNameError) as raised:
        diagnose_with(server, None)
    assert raised.value.code == grpc.StatusCode.UNAUTHENTICATED
    assert raised.value.error_info.reason == "API_KEY_MISSING"
    assert raised.value.localized_message is not None


def test_with_a_wrong_key_the_call_is_unauthenticated(keyed_server):
    server, _, _ = keyed_server
    with pytest.raises(RealNameError) as raised:
        diagnose_with(server, new_key())
    assert raised.value.code == grpc.StatusCode.UNAUTHENTICATED
    assert raised.value.error_info.reason == "API_KEY_UNKNOWN"


def test_a_key_without_the_role_is_permission_denied(keyed_server):
    server, _, status_only = keyed_server
    with pytest.raises(RealNameError) as raised:
        diagnose_with(server, status_only)
    assert raised.value.code == grpc.StatusCode.PERMISSION_DENIED
    assert raised.value.error_info.reason == "ROLE_MISSING"
    assert raised.value.error_info.metadata["role"] == "diagnose"


def test_with_the_key_the_call_is_answered(keyed_server):
    server, diagnose, status_only = keyed_server
    assert diagnose_with(server, diagnose).diagnosis.rule_id == "dayu.face-mismatch-police-photo"
    with RealNameClient(server.grpc_target, api_key=status_only) as client:
        assert list(client.list_verification_statuses().statuses) == []
