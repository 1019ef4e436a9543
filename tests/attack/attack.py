"""The attack suite: raw HTTP/2 (Debian python3-h2) against the real server process on
127.0.0.1, every attack bounded in count and time. Prints a table of figures and exits non-zero
when a check fails.

    /usr/bin/python3 tests/attack/attack.py            # the short run (tests/run.sh)
    /usr/bin/python3 tests/attack/attack.py --full     # longer: 1,000,000 cases at the default capacity
    /usr/bin/python3 tests/attack/attack.py --slack 3  # latency goals x3 on a loaded machine

Build the server first: dotnet build src/RealNameApi.Server -c Release
"""

import argparse
import collections
import os
import statistics
import sys
import threading
import time

import contract
import floods
import fuzz
import h2client
import server as server_module
import slowloris
import store
import zero_window

# The embedded store's capacity keys (the Status section; see src/RealNameApi.Caching/README.md).
STORE_MAX_CASES_KEY = "Status:EmbeddedMaxCases"
STORE_MAX_BYTES_KEY = "Status:EmbeddedMaxBytes"

# Checks known to fail on this code, each with its reason. An expected failure does not fail
# the run. One that passes is reported (XPASS) without failing it either: both are latency or
# memory figures of a shared machine, which a quiet moment can bring under the goal once, and a
# check that fails the run by chance is worse than one reported plainly.
EXPECTED_TO_FAIL: dict[str, str] = {}

# The flooded server sums its log lines every second, so that a flood's lines are counted within
# the check: whatever the flood, the log grows by at most one line per kind of event per period.
FLOOD_SERVER_ARGS = ["--Server:RejectionLogPeriod=00:00:01"]
FLOOD_LOG_LINES_MAX = 10
# What the fuzzed requests may be answered: a bad request is INVALID_ARGUMENT, an unknown
# platform or case NOT_FOUND, one over the 4 MiB receive limit RESOURCE_EXHAUSTED; UNKNOWN or
# INTERNAL would be a request the server failed to read or answer.
FUZZ_CODES = {"OK", "INVALID_ARGUMENT", "NOT_FOUND", "RESOURCE_EXHAUSTED"}

# Short timeouts for the slowloris server, so that the check takes seconds, not minutes.
HEADER_TIMEOUT_S, KEEP_ALIVE_S = 3, 5
# The zero-window check: RSS back within this of before, polled each second up to this long.
RELEASE_S, RELEASED_WITHIN_MB = 30.0, 25

rows = []  # (check, figure, goal, passed)


def check(name, figure, goal, passed):
    rows.append((name, figure, goal, passed))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def ms(seconds):
    return f"{seconds * 1000:.2f} ms"


def diagnose_latencies(port, count=None, seconds=None):
    return store.timed_calls(port, contract.DIAGNOSE, contract.diagnose_request(), contract.remediation.DiagnoseResponse, count=count, seconds=seconds)


def run_zero_window(main, args, during_hold, during_release):
    """The zero-window attack on the main server. `during_hold` runs (in a thread) while the
    stuck readers hold, `during_release` once they have left, while the main server's memory
    settles with next to no traffic: both against other server processes (each RSS is its own
    process's), and both awaited before this returns."""
    threads = []

    def start(work):
        thread = threading.Thread(target=work)
        thread.start()
        threads.append(thread)

    gc_before = main.gc_committed_mb()
    figures = zero_window.run(main, hold=args.zero_window_hold, release=RELEASE_S, released_within=RELEASED_WITHIN_MB,
                              on_stuck=lambda: start(during_hold), on_release=lambda: start(during_release))
    gc_after = main.gc_committed_mb()
    for thread in threads:
        thread.join()
    growth = figures["rss_peak"] - figures["rss_before"]
    turned_away = figures["streams_ended"]
    check("zero window: RSS growth at peak", f"{growth:.0f} MB ({figures['rss_before']:.0f} -> {figures['rss_peak']:.0f}; "
          f"{figures['calls_admitted']} calls opened, {turned_away} turned away at once)", "< 100 MB", growth < 100)
    closed_at = figures["all_closed_at_s"]
    check("zero window: connections holding answers closed by the server",
          f"{figures['connections_closed']} of {figures['connections_holding']} ({', '.join(figures['goaways']) or 'none'}), "
          + (f"all by {closed_at:.1f} s" if closed_at is not None else f"not all in {figures['held_s']:.0f} s"),
          f"all, within {args.zero_window_hold:.0f} s", closed_at is not None and figures["connections_holding"] > 0)
    released = figures["rss_after"] - figures["rss_before"]
    check(f"zero window: RSS {RELEASE_S:.0f} s after the readers left",
          f"+{released:.0f} MB ({figures['rss_after']:.0f} MB at {figures['released_after_s']:.0f} s); GC heap committed {gc_before:.0f} -> {gc_after:.0f} MB",
          f"< +{RELEASED_WITHIN_MB} MB", released < RELEASED_WITHIN_MB)
    # The quiet server's own collections (Memory:ReleaseWhenIdle), from its log: what they gave
    # back, of it the idle I/O buffers they dropped. Recorded, not asserted: a collection that
    # gives back under 8 MB is logged at Debug only.
    quiet = [line.strip() for line in list(main.lines) if "Server quiet: a collection gave" in line and "GC heap back" in line]
    check("zero window: the quiet server's collections", "; ".join(quiet) or "none logged (none gave back 8 MB or more)", "recorded", True)
    check("zero window: live Diagnose meanwhile (median, max)", f"{figures['probe_median_ms']:.2f} ms, {figures['probe_max_ms']:.0f} ms", "recorded", True)


def run_slowloris(server, args):
    """The three trickles at once, each from its own thread (each is a selector loop)."""
    figures, threads = {}, []
    for kind, port, timeout in (("http1", server.http_port, HEADER_TIMEOUT_S), ("h2_headers", server.grpc_port, HEADER_TIMEOUT_S),
                                ("h2_preface", server.grpc_port, KEEP_ALIVE_S)):
        def one(kind=kind, port=port, timeout=timeout):
            figures[kind] = (slowloris.run(port, kind, args.slowloris, limit_seconds=timeout + 20), timeout)
        threads.append(threading.Thread(target=one))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {kind: figures[kind] for kind in ("http1", "h2_headers", "h2_preface")}


def report_slowloris(figures, args):
    names = {"http1": "HTTP/1.1 header trickle", "h2_headers": "HTTP/2 HEADERS+CONTINUATION trickle", "h2_preface": "HTTP/2 preface trickle"}
    for kind, (closed, timeout) in figures.items():
        done = [c for c in closed if c is not None]
        worst = max(done) if done else float("nan")
        limit = timeout + 3 * args.slack  # Kestrel checks timeouts on a one-second heartbeat
        which = "header timeout" if timeout == HEADER_TIMEOUT_S else "keep-alive timeout"
        check(f"slowloris: {names[kind]}", f"{len(done)} of {len(closed)} closed, last at {worst:.1f} s",
              f"all by {which} {timeout} s + {limit - timeout:.0f} s", len(done) == len(closed) and worst <= limit)


def run_floods(main, args):
    quiet = diagnose_latencies(main.grpc_port, count=args.probe_calls)
    q50, q99 = statistics.median(quiet), percentile(quiet, 99)
    check("quiet Diagnose (median, p99)", f"{ms(q50)}, {ms(q99)} over {len(quiet)} calls", "baseline", True)
    goal = 0.010 * args.slack
    logged_before = main.problem_count()
    for kind in ("rapid_reset", "ping", "settings", "window_update", "priority", "empty_data"):
        result = floods.start(main.grpc_port, kind, args.flood_seconds, limit=50_000_000)
        time.sleep(0.3)
        during = diagnose_latencies(main.grpc_port, count=args.probe_calls, seconds=args.flood_seconds - 0.5)
        figures = result()
        p50, p99 = statistics.median(during), percentile(during, 99)
        rate = figures["sent"] / max(figures["seconds"], 0.1)
        outcome = f"{figures['sent']:,} frames in {figures['seconds']} s ({rate:,.0f}/s), connection {figures['closed']}"
        # Kestrel closes rapid reset itself; the server closes the rest (Limits:Http2ControlFramesPerSecond).
        check(f"{kind} flood: what the server did", outcome, "connection closed",
              figures["closed"] != "still open" and main.alive())
        # The median, not the p99, is held to the goal: on a shared 2-core machine the quiet p99
        # alone is often over 10 ms. Both are printed.
        check(f"{kind} flood: Diagnose on another connection (median; p99)", f"{ms(p50)}; {ms(p99)} over {len(during)} calls",
              f"median < {goal * 1000:.0f} ms", p50 < goal and main.alive())
    # Several connections at once: unchecked, four WINDOW_UPDATE floods took a Diagnose median
    # from under 1 ms to about 56 ms.
    results = [floods.start(main.grpc_port, "window_update", args.flood_seconds, limit=50_000_000) for _ in range(4)]
    time.sleep(0.3)
    during = diagnose_latencies(main.grpc_port, count=args.probe_calls, seconds=args.flood_seconds - 0.5)
    closed = sum(r()["closed"] != "still open" for r in results)
    p50, p99 = statistics.median(during), percentile(during, 99)
    check("4 window_update floods at once: connections closed", f"{closed} of 4", "4 of 4", closed == 4 and main.alive())
    check("4 window_update floods at once: Diagnose (median; p99)", f"{ms(p50)}; {ms(p99)} over {len(during)} calls",
          f"median < {goal * 1000:.0f} ms", p50 < goal and main.alive())
    time.sleep(1.3)  # the summed lines of the last period (the flooded server's is 1 s)
    logged = main.problem_count() - logged_before
    check("floods: warn/crit log lines, all together", f"{logged}", f"<= {FLOOD_LOG_LINES_MAX} (summed per period, never one per event)",
          logged <= FLOOD_LOG_LINES_MAX)


def run_fuzz(server, args):
    logged_before = server.problem_count()
    counts, slowest = fuzz.run(server.grpc_port, args.fuzz_calls)
    codes = collections.Counter()
    for (_, code), n in counts.items():
        codes[code] += n
    wrong = {code: n for code, n in codes.items() if code not in FUZZ_CODES}
    check("fuzz: random and corrupted requests to every unary RPC, by status", ", ".join(f"{c} {n}" for c, n in sorted(codes.items())),
          f"only {', '.join(sorted(FUZZ_CODES))}", not wrong and server.alive())
    check("fuzz: the slowest call", f"{ms(slowest)}", "< 1000 ms", slowest < 1.0)
    web, connections = fuzz.run_web(server.http_port, args.fuzz_calls // 2)
    web_codes = FUZZ_CODES | set(fuzz.FRAMING_ERRORS.values())
    wrong = {code: n for code, n in web.items() if code not in web_codes}
    check("fuzz: the same as gRPC-Web (text, binary), some with bad frames or not base64, by status", ", ".join(f"{c} {n}" for c, n in sorted(web.items())),
          f"only {', '.join(sorted(web_codes))}", not wrong and server.alive())
    check("fuzz: gRPC-Web, HTTP/1.1 connections opened", f"{connections}", "1 (kept open through every bad body)", connections == 1)
    time.sleep(1.3)  # the summed lines of the last period (this server's is 1 s)
    logged = server.problem_count() - logged_before
    check("fuzz: warn/crit log lines", f"{logged}", "<= 2 (summed per period, never one per request)", logged <= 2)


def run_store_capacity(args):
    capacity = 1000
    # Quick: RSS is only printed (tens of thousands of cases move RSS by about as much as GC
    # noise does); eviction proves the bound. --full asserts RSS over 200,000 cases.
    total = 200_000 if args.full else args.store_cases
    with server_module.Server([f"--{STORE_MAX_CASES_KEY}={capacity}"]) as s:
        # RSS is compared from half way, once the process is warm (JIT, thread pool, GC budgets).
        mark = total // 2
        store.fill(s.grpc_port, 0, mark)
        at_mark = s.rss_mb()
        store.fill(s.grpc_port, mark, total - mark)
        at_end = s.rss_mb()
        connection = h2client.Connection(s.grpc_port)
        first, _, _ = connection.call(contract.GET_STATUS, contract.status.GetVerificationStatusRequest(case_ref="attack-0"),
                                      contract.status.GetVerificationStatusResponse)
        last, _, _ = connection.call(contract.GET_STATUS, contract.status.GetVerificationStatusRequest(case_ref=f"attack-{total - 1}"),
                                     contract.status.GetVerificationStatusResponse)
        connection.close()
    growth = at_end - at_mark
    check(f"store: RSS growth {mark:,} -> {total:,} unique case_refs, capacity {capacity:,}",
          f"{growth:+.0f} MB ({at_mark:.0f} -> {at_end:.0f})", "< 10 MB" if args.full else "recorded (asserted with --full)",
          growth < 10 or not args.full)
    check("store: the first case evicted, the last kept", f"grpc-status {first} and {last}", "5 (NOT_FOUND) and 0", (first, last) == (5, 0))
    if args.full:
        with server_module.Server() as s:
            store.fill(s.grpc_port, 0, 1_000_000)
            rss = s.rss_mb()
        check("store: RSS at 1,000,000 unique case_refs, default capacity", f"{rss:.0f} MB", "< 400 MB", rss < 400)


def run_store_listing(args):
    cases = 1_000_000 if args.full else args.list_cases
    with server_module.Server() as s:
        store.fill(s.grpc_port, 0, cases)
        pages = store.timed_calls(s.grpc_port, contract.LIST_STATUSES, store.list_request(), contract.status.ListVerificationStatusesResponse, count=200)
        p99 = percentile(pages, 99)
        check(f"store: list page (100) at {cases:,} cases (p99)", f"{ms(p99)}; median {ms(statistics.median(pages))}",
              f"< {20 * args.slack:.0f} ms", p99 < 0.020 * args.slack)
        # Each p99 of as many calls as fit in the same time (a few thousand; quiet twice that,
        # below): of --probe-calls (300) calls, a p99 is the third slowest call alone.
        sample = args.flood_seconds - 1
        quiet = diagnose_latencies(s.grpc_port, seconds=sample)
        listers = store.start_listers(s.grpc_port, 8, seconds=args.flood_seconds)
        time.sleep(0.5)
        during, during_cpu = busy_while(s, lambda: diagnose_latencies(s.grpc_port, seconds=sample))
        listed = listers()
        # The same load without listing: 8 callers looping Diagnose. On a machine with few
        # cores the loopers and the server share them, so this says how much of the slowdown is
        # the load itself rather than listing.
        loopers = store.start_loopers(s.grpc_port, 8, args.flood_seconds, contract.DIAGNOSE, contract.diagnose_request(),
                                      contract.remediation.DiagnoseResponse)
        time.sleep(0.5)
        control, control_cpu = busy_while(s, lambda: diagnose_latencies(s.grpc_port, seconds=sample))
        looped = loopers()
        # The quiet figure again once the loads have stopped, pooled with the first: one 2 s
        # sample's p99 varied 0.8-4.3 ms from run to run, and the ratio with it.
        time.sleep(0.5)
        quiet += diagnose_latencies(s.grpc_port, seconds=sample)
        quiet99, during99, control99 = percentile(quiet, 99), percentile(during, 99), percentile(control, 99)
        check("store: Diagnose p99 with 8 looping listers", f"{ms(during99)} vs quiet {ms(quiet99)} (x{during99 / quiet99:.1f}; {len(during):,} and {len(quiet):,} calls; {listed:,} pages listed); "
              f"medians {ms(statistics.median(during))} vs {ms(statistics.median(quiet))}; {during_cpu}",
              f"< {2 * args.slack:.0f}x quiet", during99 < 2 * args.slack * quiet99)
        check("store: Diagnose p99 with 8 looping Diagnose callers instead (the same load, no listing)",
              f"{ms(control99)} (x{control99 / quiet99:.1f} quiet; {looped:,} calls); median {ms(statistics.median(control))}; {control_cpu}", "recorded", True)
        # What listing itself costs Diagnose: a listing that held a lock Diagnose takes, or ran
        # ahead of it for the cores, would show here whatever the machine.
        check("store: Diagnose p99 with listers, against the same load of Diagnose callers", f"x{during99 / control99:.2f}",
              f"< {2 * args.slack:.0f}x", during99 < 2 * args.slack * control99)


def busy_while(server, measure):
    """Runs `measure` and returns its result with how busy the server and the machine were meanwhile."""
    server_before, machine_before, started = server.cpu_seconds(), server_module.machine_busy_seconds(), time.monotonic()
    result = measure()
    seconds = time.monotonic() - started
    server_share = (server.cpu_seconds() - server_before) / seconds
    machine_share = (server_module.machine_busy_seconds() - machine_before) / seconds
    return result, f"server {server_share:.0%} of a CPU, machine {machine_share:.0%} of a CPU (of {os.cpu_count()})"


def report_problems(server):
    for line in server.problems():
        print("server:", line)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="the long measurements (1,000,000 cases)")
    parser.add_argument("--slack", type=float, default=1.0, help="multiplies the latency and timeout goals (a loaded machine)")
    parser.add_argument("--only", help="comma-separated: zero_window,floods,fuzz,store")
    parser.add_argument("--slowloris", type=int, default=500)
    parser.add_argument("--probe-calls", type=int, default=300)
    parser.add_argument("--flood-seconds", type=float, default=3.0)
    parser.add_argument("--fuzz-calls", type=int, default=1000)
    parser.add_argument("--zero-window-hold", type=float, default=25.0, help="the longest the stuck readers wait to be closed")
    parser.add_argument("--store-cases", type=int, default=30_000)
    parser.add_argument("--list-cases", type=int, default=10_000)
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else {"zero_window", "floods", "fuzz", "store"}
    started = time.monotonic()

    slow_args = [f"--Limits:RequestHeadersTimeout=00:00:{HEADER_TIMEOUT_S:02d}", f"--Limits:KeepAliveTimeout=00:00:{KEEP_ALIVE_S:02d}"]
    store_here = "store" in only and not args.full
    if "zero_window" in only:
        # Run side by side, each measuring its own server process, so that no latency figure
        # is taken while another check loads the cores: while the stuck readers hold the main
        # server (RSS and connection closes, not latency, are measured there), the slowloris
        # trickles and the store's capacity fill; while its memory settles, the floods and then
        # the store's listing latencies, each against a server of its own.
        with server_module.Server() as main_server, server_module.Server(slow_args) as slow:
            slowloris_figures = {}

            def during_hold():
                slowloris_figures.update(run_slowloris(slow, args))
                if store_here:
                    run_store_capacity(args)

            def during_release():
                if "floods" in only:
                    with server_module.Server(FLOOD_SERVER_ARGS) as flooded:
                        run_floods(flooded, args)
                        report_problems(flooded)
                if "fuzz" in only:
                    with server_module.Server(FLOOD_SERVER_ARGS) as fuzzed:
                        run_fuzz(fuzzed, args)
                        report_problems(fuzzed)
                if store_here:
                    run_store_listing(args)

            run_zero_window(main_server, args, during_hold, during_release)
            report_slowloris(slowloris_figures, args)
            report_problems(main_server)
        only.discard("floods")
        only.discard("fuzz")
        if store_here:
            only.discard("store")
    if "floods" in only:
        with server_module.Server(FLOOD_SERVER_ARGS) as flooded:
            run_floods(flooded, args)
            report_problems(flooded)
    if "fuzz" in only:
        with server_module.Server(FLOOD_SERVER_ARGS) as fuzzed:
            run_fuzz(fuzzed, args)
            report_problems(fuzzed)
    if "store" in only:
        run_store_capacity(args)
        run_store_listing(args)

    width = max(len(r[0]) for r in rows)
    failed = []
    print(f"\n{'check'.ljust(width)} | figure | goal | result")
    for name, figure, goal, passed in rows:
        expected = next((reason for key, reason in EXPECTED_TO_FAIL.items() if name.startswith(key)), None)
        verdict = "ok" if passed else "FAIL"
        if expected and not passed:
            verdict = "expected failure"
        elif expected and passed and not goal.startswith("recorded"):
            verdict = "XPASS (met this time: if it keeps passing, remove it from EXPECTED_TO_FAIL)"
        elif not passed:
            failed.append(name)
        print(f"{name.ljust(width)} | {figure} | {goal} | {verdict}")
    for key, reason in EXPECTED_TO_FAIL.items():
        print(f"expected to fail: {key}: {reason}")
    print(f"\n{len(rows)} checks, {len(failed)} failed, {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
