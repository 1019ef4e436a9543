"""The client against the real server process: every RPC of both services, rich errors, deadlines."""

import threading
import uuid

import grpc
import pytest

from realname_api import RealNameClient, RealNameError, pb

FACE_MISMATCH = "人脸与公安网照片不一致,请确保是账户本人操作"


@pytest.fixture
def client(server):
    with RealNameClient(server.grpc_target) as client:
        yield client


def case_ref():
    return f"py-{uuid.uuid4()}"


def test_diagnose_answers_a_typed_diagnosis(client):
    diagnosis = client.diagnose(platform="dayu", message=FACE_MISMATCH, locale="en").diagnosis
    assert diagnosis.rule_id == "dayu.face-mismatch-police-photo"
    assert diagnosis.category == pb.CATEGORY_FACE_MISMATCH
    assert diagnosis.match_kind == pb.MATCH_KIND_EXACT
    assert diagnosis.locale == "en"
    assert diagnosis.steps and diagnosis.steps[0].text.isascii()


def test_diagnose_takes_a_request_message(client):
    request = pb.DiagnoseRequest(platform="dayu", message=FACE_MISMATCH)
    assert client.diagnose(request).diagnosis.locale == "zh-CN"
    with pytest.raises(TypeError):
        client.diagnose(request, platform="dayu")


def test_batch_diagnose_answers_each_item_with_a_bad_item_as_its_own_status(client):
    results = client.batch_diagnose(requests=[
        pb.DiagnoseRequest(platform="dayu", message=FACE_MISMATCH),
        pb.DiagnoseRequest(message=FACE_MISMATCH, locale="en"),
    ]).results
    assert [(r.index, r.WhichOneof("result")) for r in results] == [(0, "diagnosis"), (1, "error")]
    assert results[0].diagnosis.category == pb.CATEGORY_FACE_MISMATCH
    error = RealNameError.from_status(results[1].error)
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT
    assert [v.field for v in error.field_violations] == ["platform"]
    assert error.error_info.domain == "realname.v1"


def test_validate_document_finds_a_wrong_check_character(client):
    response = client.validate_document(
        platform="dayu", locale="en",
        document=pb.Document(type=pb.DOCUMENT_TYPE_RESIDENT_ID_CARD, number="110105194912310021"))
    assert not response.valid
    [finding] = [f for f in response.findings if f.code == pb.FINDING_CODE_NUMBER_CHECKSUM]
    assert finding.field == "document.number"
    assert "110105194912310021" not in finding.message


def test_list_failure_rules_pages_through_a_platforms_rules(client):
    first = client.list_failure_rules(platform="dayu", page_size=2, locale="en")
    assert len(first.rules) == 2 and first.total_size > 2 and first.next_page_token
    second = client.list_failure_rules(platform="dayu", page_size=2, locale="en", page_token=first.next_page_token)
    ids = [r.rule_id for r in [*first.rules, *second.rules]]
    assert len(second.rules) > 0 and len(set(ids)) == len(ids)
    assert all(i.startswith("dayu.") for i in ids)


def test_get_platform_policy(client):
    policy = client.get_platform_policy(platform="dayu", locale="en").policy
    assert policy.platform == "dayu"
    assert policy.rule_count > 0 and policy.account_limits and policy.catalog_version


def test_a_recorded_case_is_read_and_listed(client):
    ref = case_ref()
    client.diagnose(platform="dayu", message=FACE_MISMATCH, case_ref=ref)
    status = client.get_verification_status(case_ref=ref).status
    assert status.platform == "dayu" and status.rule_id == "dayu.face-mismatch-police-photo"
    assert status.state != pb.VERIFICATION_STATE_UNSPECIFIED
    assert status.case_id and ref not in status.case_id
    page = client.list_verification_statuses(platform="dayu", page_size=100)
    assert status.case_id in [s.case_id for s in page.statuses]


def test_watch_streams_the_status_then_the_case_once_recorded(client):
    ref = case_ref()
    with client.watch_verification_status(case_ref=ref, timeout=30) as watch:
        assert next(watch).status.state == pb.VERIFICATION_STATE_UNKNOWN
        client.diagnose(platform="dayu", message=FACE_MISMATCH, case_ref=ref)
        recorded = next(watch).status
        assert recorded.rule_id == "dayu.face-mismatch-police-photo"
        assert recorded.state != pb.VERIFICATION_STATE_UNKNOWN


def test_a_cancelled_watch_ends_as_cancelled(client):
    watch = client.watch_verification_status(case_ref=case_ref(), timeout=30)
    next(watch)
    threading.Timer(0.2, watch.cancel).start()
    with pytest.raises(RealNameError) as caught:
        next(watch)
    assert caught.value.code == grpc.StatusCode.CANCELLED


def test_a_missing_platform_is_invalid_argument_with_rich_details(client):
    with pytest.raises(RealNameError) as caught:
        client.diagnose(message=FACE_MISMATCH, locale="en")
    error = caught.value
    assert error.code == grpc.StatusCode.INVALID_ARGUMENT and error.code_name == "INVALID_ARGUMENT"
    assert [v.field for v in error.field_violations] == ["platform"]
    assert error.field_violations[0].description
    assert error.error_info.domain == "realname.v1" and error.error_info.reason
    assert error.localized_message.locale == "en" and error.localized_message.message
    assert error.status is not None and error.status.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert str(error).startswith("INVALID_ARGUMENT: ")


def test_an_unknown_platform_is_not_found_localized(client):
    with pytest.raises(RealNameError) as caught:
        client.get_platform_policy(platform="no-such-platform", locale="zh-CN")
    error = caught.value
    assert error.code == grpc.StatusCode.NOT_FOUND
    assert error.error_info.reason == "PLATFORM_NOT_FOUND"
    assert error.localized_message.locale == "zh-CN"
    assert any("\u4e00" <= c <= "\u9fff" for c in error.localized_message.message)


def test_a_case_never_recorded_is_not_found(client):
    with pytest.raises(RealNameError) as caught:
        client.get_verification_status(case_ref=case_ref())
    assert caught.value.code == grpc.StatusCode.NOT_FOUND
    assert caught.value.error_info.reason == "CASE_NOT_FOUND"


def test_a_calls_own_deadline_ends_a_watch(client):
    watch = client.watch_verification_status(case_ref=case_ref(), timeout=0.5)
    with pytest.raises(RealNameError) as caught:
        for _ in watch:
            pass
    assert caught.value.code == grpc.StatusCode.DEADLINE_EXCEEDED


def test_the_default_deadline_applies_to_a_call_that_sets_none(server):
    with RealNameClient(server.grpc_target, default_timeout=0.5) as client:
        with pytest.raises(RealNameError) as caught:
            for _ in client.watch_verification_status(case_ref=case_ref()):
                pass
    assert caught.value.code == grpc.StatusCode.DEADLINE_EXCEEDED


def test_an_api_key_must_be_a_single_line(server):
    for key in ("", "key\r\nx-injected: 1"):
        with pytest.raises(ValueError):
            RealNameClient(server.grpc_target, api_key=key)


def test_unavailable_carries_retry_info(server_without_redis):
    with RealNameClient(server_without_redis.grpc_target) as client:
        with pytest.raises(RealNameError) as caught:
            client.get_verification_status(case_ref=case_ref(), metadata=[("accept-language", "en")])
    error = caught.value
    assert error.code == grpc.StatusCode.UNAVAILABLE
    assert error.error_info.reason == "STATUS_STORE_UNAVAILABLE"
    assert error.retry_info is not None and error.retry_info.retry_delay > 0
    assert error.localized_message.locale == "en"


def test_a_client_with_an_api_key_calls_a_server_without_keys(server):
    # The server has no API keys yet: this shows only that the key's interceptor leaves calls
    # working, not that the server checks the key.
    with RealNameClient(server.grpc_target, api_key="an-api-key") as client:
        assert client.diagnose(platform="dayu", message=FACE_MISMATCH).diagnosis.rule_id
        with client.watch_verification_status(case_ref=case_ref()) as watch:
            assert next(watch).status.state == pb.VERIFICATION_STATE_UNKNOWN
