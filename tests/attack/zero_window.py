"""Readers that stopped: connections that advertise a zero flow-control window, so not one byte
of any response can be sent, each with many large BatchDiagnose calls open."""

import selectors
import time

import contract
import h2client


def run(server, connections=20, calls=100, items=100, hold=20.0, release=30.0, probe_every=0.5, keep_probing=True, on_release=None):
    """Returns the figures: RSS before, at the peak while the readers hold, and after they leave;
    how the server ended the stuck calls; and live Diagnose latency meanwhile."""
    probe = h2client.Connection(server.grpc_port)
    probe.call(contract.DIAGNOSE, contract.diagnose_request(), contract.remediation.DiagnoseResponse)
    before = server.rss_mb()

    batch = contract.batch_request(items)
    stuck, admitted = [], 0
    selector = selectors.DefaultSelector()
    for _ in range(connections):
        # SETTINGS_INITIAL_WINDOW_SIZE (4) = 0, and no WINDOW_UPDATE ever.
        connection = h2client.Connection(server.grpc_port, settings={4: 0}, auto_window=False)
        # A client keeps to the server's SETTINGS_MAX_CONCURRENT_STREAMS; the rest of its calls
        # would wait for a stream that never frees.
        for _ in range(min(calls, connection.h2.remote_settings.max_concurrent_streams)):
            connection.start_call(contract.BATCH_DIAGNOSE, batch)
            connection.flush()
            admitted += 1
        stuck.append(connection)
        selector.register(connection.sock, selectors.EVENT_READ, connection)

    probes, peak, timeline = [], before, []
    start = time.monotonic()
    next_probe = start
    while time.monotonic() - start < hold:
        for key, _ in selector.select(0.05):
            connection = key.data
            connection.receive(0)
            if connection.closed_by_server:
                selector.unregister(connection.sock)
        if time.monotonic() >= next_probe:
            next_probe += probe_every
            rss = server.rss_mb()
            timeline.append((round(time.monotonic() - start, 1), round(rss)))
            peak = max(peak, rss)
            try:
                probes.append(probe.call(contract.DIAGNOSE, contract.diagnose_request(), contract.remediation.DiagnoseResponse, deadline=30)[2])
            except (TimeoutError, ConnectionError):
                probes.append(float("inf"))
    resets = sum(c.resets for c in stuck)
    ended = sum(c.ended for c in stuck)
    closed = sum(1 for c in stuck if c.closed_by_server)
    goaways = sorted({c.closed_by_server for c in stuck if c.closed_by_server})
    held = server.rss_mb()
    peak = max(peak, held)
    for connection in stuck:
        connection.close()
    selector.close()

    if on_release:
        on_release()
    left = time.monotonic()
    samples = []
    while time.monotonic() - left < release:
        time.sleep(1)
        if keep_probing:
            probe.call(contract.DIAGNOSE, contract.diagnose_request(), contract.remediation.DiagnoseResponse)
        samples.append((time.monotonic() - left, server.rss_mb()))
    probe.close()
    probes.sort()
    return {
        "rss_before": before, "rss_peak": peak, "rss_held": held,
        "rss_after": samples[-1][1], "release_samples": samples, "hold_samples": timeline,
        "stream_resets": resets, "streams_ended": ended, "connections_closed": closed, "goaways": goaways,
        "probe_median_ms": probes[len(probes) // 2] * 1000, "probe_max_ms": probes[-1] * 1000,
        "calls": connections * calls, "calls_admitted": admitted,
    }


if __name__ == "__main__":
    import json
    import sys
    import server as server_module
    with server_module.Server(sys.argv[1:]) as s:
        r = run(s); r["release_samples"] = [round(m) for _, m in r["release_samples"]][::5]; print(json.dumps(r, default=str))
