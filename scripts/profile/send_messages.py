#!/usr/bin/env python3
"""Sends exactly COUNT POST /messages with one JSON body over a few keep-alive loopback connections
and checks that every answer is 201. Used by scripts/profile-messages.sh.

    send_messages.py URL TOKEN BODY COUNT [CONNECTIONS]
"""
import http.client
import sys
import threading
import urllib.parse


def main() -> int:
    url = urllib.parse.urlsplit(sys.argv[1])
    token, body, count = sys.argv[2], sys.argv[3].encode(), int(sys.argv[4])
    connections = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    failures = []
    lock = threading.Lock()
    remaining = [count]

    def worker() -> None:
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
        while True:
            with lock:
                if remaining[0] == 0:
                    break
                remaining[0] -= 1
            conn.request("POST", url.path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 201:
                with lock:
                    failures.append(response.status)
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"sent {count}, not 201: {len(failures)} {sorted(set(failures))}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
