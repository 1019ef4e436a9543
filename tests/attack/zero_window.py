"""Readers that stopped: connections that advertise a zero flow-control window, so not one byte
of any response can be sent, each with many large BatchDiagnose calls open."""

import selectors
import time

import contract
import h2client


def run(server, connections=20, calls=100, items=100, hold=20.0, release=30.0, released_within=None, probe_every=0.5, keep_probing=True, on_stuck=None, on_release=None,
        min_hold=3.0):
    """Holds the stuck connections for `hold` seconds at most, less once (after `min_hold`) the
    server has closed every connection holding an answer it took on. Returns the figures: RSS
    before, at the peak while the readers hold, and after they leave
    (polled each second for `release` seconds; from the first sample within `released_within` MB
    of before, the wait stops early); how the server ended the stuck calls; and live Diagnose
    latency meanwhile."""
    probe = h2client.Connection(server.grpc_port)
    # "Before" is a warm server, as one in service is: its code for both calls compiled, its
    # buffers for a batch answer allocated once (a one-off cost, not one the attack can grow).
    for _ in range(3):
        probe.call(contract.BATCH_DIAGNOSE, batch_for_warm_up(items), contract.remediation.BatchDiagnoseResponse)
        probe.call(contract.DIAGNOSE, contract.diagnose_request(), contract.remediation.DiagnoseResponse)
    time.sleep(1)
    before = server.rss_mb()

    batch = contract.batch_request(items)
    stuck, admitted, opened_per_connection = [], 0, []
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
        opened_per_connection.append(min(calls, connection.h2.remote_settings.max_concurrent_streams))
        selector.register(connection.sock, selectors.EVENT_READ, connection)

    if on_stuck:
        on_stuck()
    probes, peak, timeline = [], before, []
    start = time.monotonic()
    next_probe = start
    closed_at = None
    while time.monotonic() - start < hold:
        elapsed = time.monotonic() - start
        if closed_at is None and all(c.closed_by_server or opened <= c.ended + c.resets for c, opened in zip(stuck, opened_per_connection)):
            closed_at = elapsed
        if closed_at is not None and elapsed >= min_hold:
            break
        for key, _ in selector.select(0.05):
            connection = key.data
            connection.receive(0)
            if connection.closed_by_server:
                selector.unregister(connection.sock)
        if time.monotonic() >= next_probe:
            next_probe += probe_every
            rss = server.rss_mb()
            timeline.append((round(time.monotonic() - start, 1), round(rss), sum(1 for c in stuck if c.closed_by_server)))
            peak = max(peak, rss)
            try:
                probes.append(probe.call(contract.DIAGNOSE, contract.diagnose_request(), contract.remediation.DiagnoseResponse, deadline=30)[2])
            except (TimeoutError, ConnectionError):
                probes.append(float("inf"))
    resets = sum(c.resets for c in stuck)
    ended = sum(c.ended for c in stuck)
    closed = sum(1 for c in stuck if c.closed_by_server)
    # Connections with an answer the server took on (not turned away at once, nor reset): the
    # ones it must close. A connection whose calls were all turned away holds nothing.
    holding = sum(1 for c, opened in zip(stuck, opened_per_connection) if c.closed_by_server or opened > c.ended + c.resets)
    goaways = sorted({c.closed_by_server for c in stuck if c.closed_by_server})
    held_for = time.monotonic() - start
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
        if released_within is not None and samples[-1][1] - before < released_within:
            break
    probe.close()
    probes.sort()
    return {
        "rss_before": before, "rss_peak": peak, "rss_held": held,
        "rss_after": samples[-1][1], "release_samples": samples, "hold_samples": timeline,
        "released_after_s": samples[-1][0], "all_closed_at_s": closed_at, "held_s": held_for,
        "stream_resets": resets, "streams_ended": ended, "connections_closed": closed, "connections_holding": holding, "goaways": goaways,
        "probe_median_ms": probes[len(probes) // 2] * 1000, "probe_max_ms": probes[-1] * 1000,
        "calls": connections * calls, "calls_admitted": admitted,
    }


def batch_for_warm_up(items):
    return contract.batch_request(items)


if __name__ == "__main__":
    import json
    import sys
    import server as server_module
    import os
    # Environment settings (DOTNET_...=...) before the server's own arguments, to compare GC settings.
    environment = dict(a.split("=", 1) for a in sys.argv[1:] if a.startswith("DOTNET_"))
    with server_module.Server([a for a in sys.argv[1:] if not a.startswith("DOTNET_")], environment=environment) as s:
        r = run(s, hold=float(os.environ.get('HOLD', '12')))
        r["release_samples"] = [round(m) for _, m in r["release_samples"]][::3]
        r["hold_samples"] = r["hold_samples"][::6]
        print(json.dumps(r, default=str))
