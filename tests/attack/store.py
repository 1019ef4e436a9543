"""The embedded case store under many cases: filling it with unique case_refs, listing pages,
and looping listers against a normal Diagnose."""

import os
import re
import subprocess
import tempfile
import time

import contract
import h2client


def fill(port, first, count, batch=100, in_flight=8):
    """Records `count` cases with unique case_refs, `batch` to a BatchDiagnose and `in_flight`
    BatchDiagnose calls at once on one connection."""
    connection = h2client.Connection(port)
    sent, open_streams = 0, set()
    while sent < count or open_streams:
        while sent < count and len(open_streams) < in_flight:
            size = min(batch, count - sent)
            request = contract.remediation.BatchDiagnoseRequest(
                requests=[contract.diagnose_request(case_ref=f"attack-{first + sent + i}") for i in range(size)])
            open_streams.add(connection.start_call(contract.BATCH_DIAGNOSE, request))
            connection.flush()
            sent += size
        for event in connection.receive(30):
            if type(event).__name__ == "StreamEnded":
                open_streams.discard(event.stream_id)
        if connection.closed_by_server:
            raise ConnectionError(f"filling: connection closed ({connection.closed_by_server})")
        if connection.resets:
            raise ConnectionError("filling: a BatchDiagnose was reset")
    connection.close()


def timed_calls(port, path, request, response_type, count=None, seconds=None):
    """Latencies (seconds) of calls one after another on one connection."""
    connection = h2client.Connection(port)
    connection.call(path, request, response_type)  # the connection's first call is not measured
    latencies, start = [], time.monotonic()
    while (count is None or len(latencies) < count) and (seconds is None or time.monotonic() - start < seconds):
        code, _, elapsed = connection.call(path, request, response_type)
        if code != 0:
            raise AssertionError(f"{path} answered grpc-status {code}")
        latencies.append(elapsed)
    connection.close()
    return latencies


def list_request(page_size=100):
    return contract.status.ListVerificationStatusesRequest(page_size=page_size)


def start_listers(port, listers, seconds):
    """`listers` callers looping ListVerificationStatuses for `seconds`; returns a function that
    waits for them and returns how many pages they read."""
    return start_loopers(port, listers, seconds, contract.LIST_STATUSES, list_request(), contract.status.ListVerificationStatusesResponse)


def start_loopers(port, loopers, seconds, path, request, response_type):
    """`loopers` callers, each on its own connection calling `path` back to back (one call in
    flight) for `seconds`; returns a function that waits for them and returns how many calls they
    made, every one of them answered OK with the same answer.

    h2load drives them (`-c loopers -m 1`): one C process on one thread. Eight Python processes,
    which this used before, each needed most of a core of their own to frame and read the calls,
    so on a 2-core machine the load generator, not the calls, left the server short of CPU: the
    machine was 190-200% busy. h2load sees HTTP statuses only, and an error (RESOURCE_EXHAUSTED
    from the listing cap's queue, say) is HTTP 200 too, but it answers in the trailers alone, with
    no DATA: so every call counts only when the DATA received is exactly calls x the answer's
    frame, the size of one answer read here first."""
    code, answer, _ = timed_call_once(port, path, request, response_type)
    if code != 0:
        raise AssertionError(f"{path} answered grpc-status {code}")
    frame_size = 5 + len(answer.SerializeToString())
    body = tempfile.NamedTemporaryFile(prefix="looper-", suffix=".bin", delete=False)
    body.write(h2client.grpc_frame(request))
    body.close()
    process = subprocess.Popen(
        ["h2load", "-c", str(loopers), "-m", "1", "-D", f"{int(seconds * 1000)}ms", "-d", body.name,
         "-H", "content-type: application/grpc", "-H", "te: trailers", f"http://127.0.0.1:{port}{path}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def result():
        try:
            output, _ = process.communicate(timeout=seconds + 60)
        finally:
            os.unlink(body.name)
        done = re.search(r"requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded", output)
        data = re.search(r"\((\d+)\) data", output)
        if process.returncode != 0 or not done or not data:
            raise AssertionError(f"h2load looping {path} failed:\n{output}")
        calls, succeeded = int(done.group(1)), int(done.group(2))
        if calls == 0 or succeeded != calls or int(data.group(1)) != calls * frame_size:
            raise AssertionError(f"not every call looping {path} was answered OK ({calls} done, {succeeded} HTTP 2xx, "
                                 f"{data.group(1)} DATA bytes for answers of {frame_size}):\n{output}")
        return calls
    return result


def timed_call_once(port, path, request, response_type):
    connection = h2client.Connection(port)
    try:
        return connection.call(path, request, response_type)
    finally:
        connection.close()
