#!/usr/bin/env python3
"""Load client for POST /messages (asyncio, raw HTTP/1.1 over loopback; standard library only).

Usage:
  messages_load.py inflight --port P [--count 9900] [--connect-concurrency 400] [--deadline 120]
  messages_load.py soak --port P [--rate 200] [--duration 600] [--request-timeout 15] [--with-reset]

inflight: opens --count connections first, then writes one POST /messages on each (round robin over
  the three providers' dealers, recipients that succeed), so that all are in flight at once; polls
  GET /metrics on one more connection for the peak of http_requests_in_flight; waits for every answer.
soak: an open-loop paced client (requests start on schedule, whatever the answers' latency) at --rate
  for --duration seconds over a pool of keep-alive connections, with mixed outcomes chosen by recipient
  number (Sources/Simulators/Scenarios.swift), each answer checked against the status and unified error
  code the scenario must give (api.md, providers.md).

Every answer is validated: 201 with status "sent", the dealer's provider and a provider message id of
the simulator's shape, or the expected status, error.code and provider_code. Prints a markdown summary
table and one JSON line (prefixed `RESULT `); exits 1 if any answer was not what its scenario asks for.
Bounded in time: every request has a deadline and the whole run has one. Loopback only.
"""
import argparse
import asyncio
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from typing import Optional

TOKEN = "loadtest-token"
HOST = "127.0.0.1"
CUSTOMER = "5f7c1c9e-1b2a-4c3d-8e9f-0a1b2c3d4e5f"
PREFIX = "+1555010"
ID_SHAPES = {
    "cargurus": re.compile(r"^MM[0-9a-f]{32}$"),
    "mykaarma": re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"),
    "sendsms": re.compile(r"^[0-9a-f]{12}$"),
}
DEALER_PROVIDER = {"load-cg": "cargurus", "load-mk": "mykaarma", "load-ss": "sendsms"}


@dataclass(frozen=True)
class Scenario:
    """One kind of request and the answer it must get."""
    name: str
    dealer: str                     # load-cg, load-mk, load-ss, or their -short twins (300 ms accounts)
    recipient: Optional[str]        # None: a fresh non-scenario number (success)
    status: int
    code: Optional[str] = None      # error.code; None for 201
    provider_code: Optional[str] = None
    weight: float = 0.0

    @property
    def provider(self) -> str:
        return DEALER_PROVIDER[self.dealer.removesuffix("-short")]


# The soak mix (weights are relative). Timeouts use the -short accounts (timeout_ms 300).
SOAK_MIX = [
    Scenario("sent cargurus", "load-cg", None, 201, weight=24),
    Scenario("sent mykaarma", "load-mk", None, 201, weight=24),
    Scenario("sent sendsms", "load-ss", None, 201, weight=24),
    Scenario("sent on 300 ms account", "load-ss-short", None, 201, weight=4),
    Scenario("cargurus 113 opted out", "load-cg", PREFIX + "2113", 422, "recipient_opted_out", "113", weight=4),
    Scenario("cargurus 103 I/O error", "load-cg", PREFIX + "2103", 503, "provider_unavailable", "103", weight=2),
    Scenario("sendsms E111", "load-ss", PREFIX + "5111", 422, "invalid_sender", "E111", weight=4),
    Scenario("mykaarma FAILURE", "load-mk", PREFIX + "4001", 422, "provider_rejected",
             "INVALID_COMMUNICATION_VALUE", weight=2),
    Scenario("HTTP 503", "load-mk", PREFIX + "0503", 503, "provider_unavailable", "http_503", weight=4),
    Scenario("HTTP 429", "load-ss", PREFIX + "0429", 429, "rate_limited", "http_429", weight=2),
    Scenario("slow 500 ms > 300 ms timeout", "load-cg-short", PREFIX + "1050", 504, "provider_timeout", None,
             weight=4),
    Scenario("hang > 300 ms timeout", "load-mk-short", PREFIX + "0700", 504, "provider_timeout", None, weight=1),
]
# Opt-in (--with-reset): the upstream resets the connection after reading the request. With the
# URLSession transport a reset on a reused keep-alive connection is not reported: the call waits for
# timeout_ms and answers 504 provider_timeout instead of 502 provider_error (docs/load.md).
RESET = Scenario("reset after send", "load-ss", PREFIX + "0701", 502, "provider_error", None, weight=1)


def body_for(s: Scenario, seq: int) -> bytes:
    to = s.recipient or "+1555%07d" % (2000000 + seq % 7000000)  # never +1555010XXXX
    msg = {"dealer_id": s.dealer, "to": to, "body": "Load test %d: your car is ready." % seq}
    if s.provider == "mykaarma":
        msg["customer_id"] = CUSTOMER
    return json.dumps(msg, separators=(",", ":")).encode()


def request_bytes(body: bytes, seq: int) -> bytes:
    head = ("POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
            "Content-Type: application/json\r\nX-Request-ID: load-%d\r\nContent-Length: %d\r\n\r\n"
            % (TOKEN, seq, len(body)))
    return head.encode() + body


async def read_response(reader: asyncio.StreamReader):
    """(status, headers, body) of one HTTP/1.1 response (Content-Length or chunked)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await reader.readuntil(b"\r\n")
                break
            body += await reader.readexactly(size)
            await reader.readexactly(2)
    else:
        body = b""
    return status, headers, body


def check(s: Scenario, status: int, headers: dict, body: bytes) -> Optional[str]:
    """None when the answer is what the scenario asks for, else why not."""
    try:
        doc = json.loads(body)
    except ValueError:
        return "status %d, body not JSON" % status
    if status != s.status:
        got = doc.get("error", {}).get("code") if isinstance(doc, dict) else None
        return "status %d (%s), expected %d" % (status, got, s.status)
    if s.status == 201:
        if doc.get("status") != "sent" or doc.get("provider") != s.provider:
            return "201 but status=%r provider=%r" % (doc.get("status"), doc.get("provider"))
        pid = doc.get("provider_message_id") or ""
        if not ID_SHAPES[s.provider].match(pid):
            return "201 with provider_message_id %r" % pid
        if not str(doc.get("id", "")).startswith("msg_") or headers.get("location") != "/messages/" + doc["id"]:
            return "201 without id/Location"
        return None
    err = doc.get("error") or {}
    if err.get("code") != s.code:
        return "error.code %r, expected %r" % (err.get("code"), s.code)
    if err.get("provider_code") != s.provider_code:
        return "provider_code %r, expected %r" % (err.get("provider_code"), s.provider_code)
    if err.get("provider") != s.provider:
        return "error.provider %r, expected %r" % (err.get("provider"), s.provider)
    if s.status == 429 and headers.get("retry-after") != "7":
        return "429 without Retry-After: 7"
    return None


@dataclass
class Tally:
    """Per-scenario counts and latencies."""
    sent: int = 0
    ok: int = 0
    wrong: int = 0
    failed: int = 0  # no answer: connection error or deadline
    latencies: list = field(default_factory=list)
    samples: list = field(default_factory=list)  # a few reasons for wrong/failed answers


def pct(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def print_table(tallies: dict, scenarios) -> None:
    print("| scenario | expect | sent | ok | wrong answer | no answer | p50 ms | p99 ms | max ms |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for s in scenarios:
        t = tallies[s.name]
        if t.sent == 0:
            continue
        expect = "201 sent" if s.status == 201 else "%d %s%s" % (
            s.status, s.code, " (%s)" % s.provider_code if s.provider_code else "")
        lat = [x * 1000 for x in t.latencies]
        print("| %s | %s | %d | %d | %d | %d | %.1f | %.1f | %.1f |" % (
            s.name, expect, t.sent, t.ok, t.wrong, t.failed, pct(lat, 50), pct(lat, 99), max(lat) if lat else 0))
    for s in scenarios:
        for reason in tallies[s.name].samples[:5]:
            print("  - %s: %s" % (s.name, reason), file=sys.stderr)


# ---------------------------------------------------------------- inflight

async def time_split(port: int) -> dict:
    """From /metrics after the run: mean time of POST /messages in the gateway, and of its upstream
    calls (their difference is time spent in the gateway itself: parsing, store, queues), plus the
    outcomes counted by sms_messages_total."""
    try:
        r, w = await asyncio.open_connection(HOST, port)
        w.write(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        await w.drain()
        _, _, body = await asyncio.wait_for(read_response(r), 30)
        w.close()
    except Exception as e:  # noqa: BLE001
        print("could not read /metrics after the run: %r" % e, file=sys.stderr)
        return {}
    sums = {}
    outcomes = {}
    for line in body.decode().splitlines():
        if line.startswith("#") or " " not in line:
            continue
        name, value = line.rsplit(" ", 1)
        base = name.split("{", 1)[0]
        if base in ("sms_upstream_duration_seconds_sum", "sms_upstream_duration_seconds_count") or (
                base.startswith("http_request_duration_seconds_") and 'route="/messages"' in name
                and 'method="POST"' in name and base[-4:] in ("_sum", "ount")):
            sums[base] = sums.get(base, 0.0) + float(value)
        elif base == "sms_messages_total":
            m = re.search(r'outcome="([^"]+)"', name)
            if m:
                outcomes[m.group(1)] = outcomes.get(m.group(1), 0) + int(float(value))
    out = {"outcomes": outcomes}
    up_n, req_n = sums.get("sms_upstream_duration_seconds_count", 0), sums.get("http_request_duration_seconds_count", 0)
    if up_n and req_n:
        out["mean_upstream_s"] = round(sums["sms_upstream_duration_seconds_sum"] / up_n, 2)
        out["mean_request_s"] = round(sums["http_request_duration_seconds_sum"] / req_n, 2)
        print("gateway /metrics after the run: POST /messages mean %.2f s in the gateway, of which upstream call "
              "mean %.2f s (%d calls); outcomes %s" % (out["mean_request_s"], out["mean_upstream_s"], up_n, outcomes))
    return out


async def inflight(a) -> int:
    scen = [Scenario("sent " + p, d, None, 201) for d, p in DEALER_PROVIDER.items()]
    tallies = {s.name: Tally() for s in scen}
    sem = asyncio.Semaphore(a.connect_concurrency)
    conns = [None] * a.count
    connect_errors = []

    async def connect(i):
        async with sem:
            try:
                conns[i] = await asyncio.wait_for(asyncio.open_connection(HOST, a.port), 30)
            except Exception as e:  # noqa: BLE001 - counted and reported
                connect_errors.append(repr(e))

    t0 = time.monotonic()
    await asyncio.gather(*(connect(i) for i in range(a.count)))
    t_connected = time.monotonic()
    print("connected %d/%d in %.2f s" % (a.count - len(connect_errors), a.count, t_connected - t0), file=sys.stderr)

    peak = {"in_flight": 0.0, "open": 0.0}
    done = asyncio.Event()

    async def poll_metrics():
        try:
            r, w = await asyncio.open_connection(HOST, a.port)
        except OSError as e:
            print("metrics poller could not connect: %r" % e, file=sys.stderr)
            return
        try:
            while not done.is_set():
                w.write(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                await w.drain()
                _, _, body = await asyncio.wait_for(read_response(r), a.deadline)
                for line in body.decode().splitlines():
                    if line.startswith("http_requests_in_flight"):
                        peak["in_flight"] = max(peak["in_flight"], float(line.split()[-1]))
                    elif line.startswith("http_connections_open"):
                        peak["open"] = max(peak["open"], float(line.split()[-1]))
                try:
                    await asyncio.wait_for(done.wait(), 0.25)
                except asyncio.TimeoutError:
                    pass
        except Exception as e:  # noqa: BLE001
            print("metrics poller stopped: %r" % e, file=sys.stderr)
        finally:
            w.close()

    async def one(i):
        s = scen[i % len(scen)]
        t = tallies[s.name]
        if conns[i] is None:
            t.sent += 1
            t.failed += 1
            return
        r, w = conns[i]
        t.sent += 1
        start = time.monotonic()
        try:
            w.write(request_bytes(body_for(s, i), i))
            await w.drain()
            status, headers, body = await asyncio.wait_for(read_response(r), a.deadline)
            t.latencies.append(time.monotonic() - start)
            why = check(s, status, headers, body)
            if why is None:
                t.ok += 1
            else:
                t.wrong += 1
                t.samples.append(why)
        except Exception as e:  # noqa: BLE001
            t.failed += 1
            t.samples.append(repr(e))
        finally:
            w.close()

    poller = asyncio.create_task(poll_metrics())
    t_send = time.monotonic()
    await asyncio.gather(*(one(i) for i in range(a.count)))
    t_end = time.monotonic()
    done.set()
    await poller

    print_table(tallies, scen)
    split = await time_split(a.port)
    ok = sum(t.ok for t in tallies.values())
    lat = [x for t in tallies.values() for x in t.latencies]
    result = {
        **split,
        "mode": "inflight", "count": a.count, "ok": ok, "connect_errors": len(connect_errors),
        "connect_s": round(t_connected - t0, 2), "all_answered_s": round(t_end - t_send, 2),
        "p50_ms": round(pct(lat, 50) * 1000, 1), "max_ms": round(max(lat) * 1000, 1) if lat else None,
        "peak_in_flight": peak["in_flight"], "peak_connections_open": peak["open"],
    }
    print("\ntime to answer all %d (first write to last answer): %.2f s; peak http_requests_in_flight %d; "
          "peak http_connections_open %d" % (a.count, t_end - t_send, peak["in_flight"], peak["open"]))
    print("RESULT " + json.dumps(result))
    return 0 if ok == a.count else 1


# ---------------------------------------------------------------- soak

async def soak(a) -> int:
    scen = SOAK_MIX + ([RESET] if a.with_reset else [])
    tallies = {s.name: Tally() for s in scen}
    rng = random.Random(a.seed)
    names, weights = [s for s in scen], [s.weight for s in scen]
    idle: list = []
    stats = {"connections_opened": 0, "late_starts": 0, "max_outstanding": 0}
    outstanding = 0

    async def one(seq, s):
        nonlocal outstanding
        t = tallies[s.name]
        t.sent += 1
        outstanding += 1
        stats["max_outstanding"] = max(stats["max_outstanding"], outstanding)
        start = time.monotonic()
        conn = None
        while idle and conn is None:  # skip connections the server has closed meanwhile (idle timeout)
            r0, w0 = idle.pop()
            if r0.at_eof() or w0.is_closing():
                w0.close()
            else:
                conn = (r0, w0)
        try:
            if conn is None:
                conn = await asyncio.wait_for(asyncio.open_connection(HOST, a.port), a.request_timeout)
                stats["connections_opened"] += 1
            r, w = conn
            w.write(request_bytes(body_for(s, seq), seq))
            await w.drain()
            status, headers, body = await asyncio.wait_for(read_response(r), a.request_timeout)
            t.latencies.append(time.monotonic() - start)
            why = check(s, status, headers, body)
            if why is None:
                t.ok += 1
            else:
                t.wrong += 1
                t.samples.append("seq %d: %s" % (seq, why))
            if headers.get("connection", "").lower() == "close":
                w.close()
            else:
                idle.append(conn)
        except Exception as e:  # noqa: BLE001 - counted and reported
            t.failed += 1
            t.samples.append("seq %d: %r" % (seq, e))
            if conn is not None:
                conn[1].close()
        finally:
            outstanding -= 1

    tasks = set()
    interval = 1.0 / a.rate
    total = int(a.rate * a.duration)
    t0 = time.monotonic()
    next_report = t0 + 60
    for seq in range(total):
        due = t0 + seq * interval
        now = time.monotonic()
        if due > now:
            await asyncio.sleep(due - now)
        elif now - due > 0.05:
            stats["late_starts"] += 1
        s = rng.choices(names, weights)[0]
        task = asyncio.create_task(one(seq, s))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        if time.monotonic() >= next_report:
            next_report += 60
            done_n = sum(t.ok + t.wrong + t.failed for t in tallies.values())
            bad = sum(t.wrong + t.failed for t in tallies.values())
            print("[%4.0f s] started %d, answered %d, unexpected %d, outstanding %d, connections %d"
                  % (time.monotonic() - t0, seq + 1, done_n, bad, outstanding, len(idle) + outstanding),
                  file=sys.stderr, flush=True)
    t_sched = time.monotonic()
    if tasks:
        await asyncio.wait(tasks, timeout=a.request_timeout + 5)
    t_end = time.monotonic()
    for r, w in idle:
        w.close()

    print_table(tallies, scen)
    sent = sum(t.sent for t in tallies.values())
    ok = sum(t.ok for t in tallies.values())
    wrong = sum(t.wrong for t in tallies.values())
    failed = sum(t.failed for t in tallies.values())
    lat = [x for t in tallies.values() for x in t.latencies]
    result = {
        "mode": "soak", "rate": a.rate, "duration_s": round(t_sched - t0, 1), "sent": sent, "ok": ok,
        "wrong": wrong, "no_answer": failed, "achieved_rate": round(sent / (t_sched - t0), 1),
        "p50_ms": round(pct(lat, 50) * 1000, 1), "p99_ms": round(pct(lat, 99) * 1000, 1),
        "connections_opened": stats["connections_opened"], "late_starts": stats["late_starts"],
        "max_outstanding": stats["max_outstanding"], "drain_s": round(t_end - t_sched, 2),
    }
    print("\nsent %d at %.1f msg/s over %.0f s: %d as expected, %d wrong answers, %d without answer; "
          "client connections opened %d, late starts (>50 ms) %d, max outstanding %d"
          % (sent, result["achieved_rate"], t_sched - t0, ok, wrong, failed, stats["connections_opened"],
             stats["late_starts"], stats["max_outstanding"]))
    print("RESULT " + json.dumps(result))
    return 0 if ok == sent else 1


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="mode", required=True)
    i = sub.add_parser("inflight")
    i.add_argument("--port", type=int, required=True)
    i.add_argument("--count", type=int, default=9900)
    i.add_argument("--connect-concurrency", type=int, default=400)
    i.add_argument("--deadline", type=float, default=120, help="seconds to wait for each answer")
    s = sub.add_parser("soak")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--rate", type=float, default=200)
    s.add_argument("--duration", type=float, default=600)
    s.add_argument("--request-timeout", type=float, default=15)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--with-reset", action="store_true", help="add the 'reset after send' scenario")
    a = p.parse_args()
    return asyncio.run(inflight(a) if a.mode == "inflight" else soak(a))


if __name__ == "__main__":
    sys.exit(main())
