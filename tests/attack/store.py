"""The embedded case store under many cases: filling it with unique case_refs, listing pages,
and looping listers against a normal Diagnose."""

import multiprocessing
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


def _looper(port, seconds, queue, path, request):
    # Answers left unparsed: the loopers' own CPU, on the same cores as the server, is not what is measured.
    queue.put(len(timed_calls(port, path, request, None, seconds=seconds)))


def start_listers(port, listers, seconds):
    """`listers` processes looping ListVerificationStatuses for `seconds`; returns a function that
    waits for them and returns how many pages they read."""
    return start_loopers(port, listers, seconds, contract.LIST_STATUSES, list_request())


def start_loopers(port, loopers, seconds, path, request):
    """`loopers` processes each calling `path` back to back for `seconds`; returns a function that
    waits for them and returns how many calls they made."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    processes = [context.Process(target=_looper, args=(port, seconds, queue, path, request), daemon=True) for _ in range(loopers)]
    for process in processes:
        process.start()

    def result():
        pages = 0
        for _ in processes:
            pages += queue.get(timeout=seconds + 60)
        for process in processes:
            process.join(5)
            if process.is_alive():
                process.kill()
        return pages
    return result
