#!/usr/bin/env python3
"""Samples processes' memory, threads and descriptors from /proc, and reports on the samples.

Usage:
  procstat.py sample --out FILE --interval SECONDS --max-seconds N NAME=PID [NAME=PID ...]
      Appends one CSV row per process per interval (t_s,name,pid,rss_kb,hwm_kb,threads,fds,
      rss_anon_kb,rss_file_kb: RssAnon is heap and stacks, RssFile mapped file pages) until
      every process has exited, SIGTERM, or --max-seconds.
  procstat.py report FILE [--flat-window 60] [--baseline-start S] [--baseline-end S]
      Prints a markdown table per process: first, peak and last values; for a long run, the mean of
      a baseline minute and of the last minute, and whether RSS stayed at most 5 % and fds at most 5
      above the baseline ("flat at the end"), with the RSS trend (least squares) over the second half.
      The baseline minute starts halfway through the run unless --baseline-start says otherwise: "at
      the end" is the second half, after the warm-up and any step a load spike left (minute 2 was the
      baseline before; it counted one early step as growth).
"""
import argparse
import csv
import os
import signal
import sys
import time


def read_proc(pid: int):
    """(rss_kb, hwm_kb, threads, fds, rss_anon_kb, rss_file_kb) or None when the process is gone."""
    try:
        values = {}
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM", "Threads", "RssAnon", "RssFile"):
                    values[key] = int(rest.split()[0])
        fds = len(os.listdir("/proc/%d/fd" % pid))
        return (values.get("VmRSS", 0), values.get("VmHWM", 0), values.get("Threads", 0), fds,
                values.get("RssAnon", 0), values.get("RssFile", 0))
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None


def sample(a) -> int:
    procs = []
    for spec in a.procs:
        name, _, pid = spec.partition("=")
        procs.append((name, int(pid)))
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__("now", True))
    t0 = time.monotonic()
    new = not os.path.exists(a.out) or os.path.getsize(a.out) == 0
    with open(a.out, "a", newline="") as f:
        w = csv.writer(f)
        if new:
            w.writerow(["t_s", "name", "pid", "rss_kb", "hwm_kb", "threads", "fds", "rss_anon_kb", "rss_file_kb"])
        while not stop["now"] and time.monotonic() - t0 < a.max_seconds:
            alive = 0
            t = time.monotonic() - t0
            for name, pid in procs:
                v = read_proc(pid)
                if v is not None:
                    alive += 1
                    w.writerow(["%.2f" % t, name, pid, *v])
            f.flush()
            if alive == 0:
                break
            next_t = t0 + (int(t / a.interval) + 1) * a.interval
            while not stop["now"] and time.monotonic() < next_t:
                time.sleep(min(0.05, max(0.0, next_t - time.monotonic())))
    return 0


def mean(xs):
    return sum(xs) / len(xs) if xs else float("nan")


def report(a) -> int:
    rows = {}
    with open(a.file) as f:
        for r in csv.DictReader(f):
            rows.setdefault(r["name"], []).append(
                (float(r["t_s"]), int(r["rss_kb"]), int(r["hwm_kb"]), int(r["threads"]), int(r["fds"]),
                 int(r.get("rss_anon_kb") or 0), int(r.get("rss_file_kb") or 0)))
    ok = True
    for name, xs in rows.items():
        rss = [x[1] for x in xs]
        print("\n**%s** (%d samples over %.0f s)\n" % (name, len(xs), xs[-1][0] - xs[0][0]))
        print("| figure | first | peak | last |")
        print("|---|---:|---:|---:|")
        print("| RSS (MB) | %.1f | %.1f | %.1f |" % (rss[0] / 1024, max(rss) / 1024, rss[-1] / 1024))
        print("| VmHWM, peak RSS as the kernel counts it (MB) | %.1f | %.1f | %.1f |"
              % (xs[0][2] / 1024, max(x[2] for x in xs) / 1024, xs[-1][2] / 1024))
        print("| of which RssAnon, heap and stacks (MB) | %.1f | %.1f | %.1f |"
              % (xs[0][5] / 1024, max(x[5] for x in xs) / 1024, xs[-1][5] / 1024))
        print("| of which RssFile, mapped file pages (MB) | %.1f | %.1f | %.1f |"
              % (xs[0][6] / 1024, max(x[6] for x in xs) / 1024, xs[-1][6] / 1024))
        print("| threads | %d | %d | %d |" % (xs[0][3], max(x[3] for x in xs), xs[-1][3]))
        print("| open fds | %d | %d | %d |" % (xs[0][4], max(x[4] for x in xs), xs[-1][4]))
        end = xs[-1][0]
        b_start = a.baseline_start if a.baseline_start is not None else round(xs[0][0] + (end - xs[0][0]) / 2)
        b_end = a.baseline_end if a.baseline_end is not None else b_start + 60
        if end >= b_end + a.flat_window:
            base = [x for x in xs if b_start <= x[0] < b_end]
            last = [x for x in xs if x[0] > end - a.flat_window]
            b_rss, l_rss = mean([x[1] for x in base]) / 1024, mean([x[1] for x in last]) / 1024
            b_fd, l_fd = mean([x[4] for x in base]), mean([x[4] for x in last])
            b_th, l_th = mean([x[3] for x in base]), mean([x[3] for x in last])
            rss_flat = l_rss <= 1.05 * b_rss  # growth is what matters; falling is fine
            fd_flat = l_fd <= b_fd + 5
            print("\n| mean | %d–%d s | last %d s | change | flat? |" % (b_start, b_end, a.flat_window))
            print("|---|---:|---:|---:|---|")
            print("| RSS (MB) | %.1f | %.1f | %+.1f %% | %s (≤ +5 %%) |"
                  % (b_rss, l_rss, 100 * (l_rss - b_rss) / b_rss, "yes" if rss_flat else "**no**"))  # noqa
            print("| open fds | %.1f | %.1f | %+.1f | %s (≤ +5) |"
                  % (b_fd, l_fd, l_fd - b_fd, "yes" if fd_flat else "**no**"))
            for label, k in (("RssAnon (MB)", 5), ("RssFile (MB)", 6)):
                b, l = mean([x[k] for x in base]) / 1024, mean([x[k] for x in last]) / 1024
                print("| %s | %.1f | %.1f | %+.1f MB | |" % (label, b, l, l - b))
            print("| threads | %.1f | %.1f | %+.1f | |" % (b_th, l_th, l_th - b_th))
            half = [x for x in xs if x[0] >= b_start]
            if len(half) >= 3:
                ts, ys = [x[0] for x in half], [x[1] / 1024 for x in half]
                mt, my = mean(ts), mean(ys)
                var = sum((t - mt) ** 2 for t in ts)
                slope = sum((t - mt) * (y - my) for t, y in zip(ts, ys)) / var if var else 0.0
                print("| RSS trend from %d s to the end (least squares) | | | %+.2f MB per 10 min | |" % (b_start, slope * 600))
            if name == a.judge and not (rss_flat and fd_flat):
                ok = False
    return 0 if ok else 1


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--out", required=True)
    s.add_argument("--interval", type=float, default=10)
    s.add_argument("--max-seconds", type=float, default=3600)
    s.add_argument("procs", nargs="+", help="NAME=PID")
    r = sub.add_parser("report")
    r.add_argument("file")
    r.add_argument("--flat-window", type=float, default=60)
    r.add_argument("--baseline-start", type=float, default=None, help="default: halfway through the run")
    r.add_argument("--baseline-end", type=float, default=None, help="default: baseline start + 60 s")
    r.add_argument("--judge", default="gateway", help="the process whose flatness sets the exit code")
    a = p.parse_args()
    return sample(a) if a.cmd == "sample" else report(a)


if __name__ == "__main__":
    sys.exit(main())
