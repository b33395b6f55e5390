#!/usr/bin/env python3
"""Slow clients against Kalyna: a normal user's latency while one address holds
2,000 half-sent requests, and while 1,000 are spread over 100 loopback addresses.
A measurement, not a test: it prints p50/p99 and never fails on a number.

    bench/slow.py                # uses .build/release/kalyna (built if missing)
    KALYNA_BIN=.build/debug/kalyna bench/slow.py
Traffic goes to loopback addresses only; every loop is bounded.
"""
import json, os, re, socket, subprocess, sys, tempfile, time, urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("KALYNA_BIN") or os.path.join(ROOT, ".build/release/kalyna")
SAMPLES = int(os.environ.get("SAMPLES", "300"))
PASSWORD = "a long bench password"

def request(port, path, source="127.0.0.9", cookie=None, method="GET", body=b""):
    s = socket.create_connection(("127.0.0.1", port), timeout=30, source_address=(source, 0))
    head = f"{method} {path} HTTP/1.1\r\nHost: kalyna\r\nConnection: close\r\n"
    if cookie: head += f"Cookie: {cookie}\r\n"
    if method == "POST": head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
    s.sendall(head.encode() + b"\r\n" + body)
    data = b""
    while chunk := s.recv(65536): data += chunk
    s.close()
    return data.decode("utf-8", "replace")

def timings(port, path, cookie=None):
    out = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        request(port, path, cookie=cookie)
        out.append((time.perf_counter() - start) * 1000)
    out.sort()
    return out[len(out) // 2], out[int(len(out) * 0.99) - 1]

def hold(port, count, addresses):
    held = []
    for n in range(count):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=2, source_address=(addresses[n % len(addresses)], 0))
            s.sendall(b"GET / HTTP/1.1\r\nHost: kalyna\r\nX-Slow: ")
            held.append(s)
        except OSError:
            pass
    return held

def main():
    if not os.path.exists(BIN):
        subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp()
    db = os.path.join(work, "bench.sqlite")
    env = dict(os.environ, KALYNA_NARRATIVE_KEY="ab" * 32)
    subprocess.run([BIN, "create-admin", "--database", db, "--email", "root@bench.example", "--name", "Root"],
                   input=PASSWORD + "\n", text=True, env=env, cwd=ROOT, check=True, capture_output=True)
    log_path = os.path.join(work, "kalyna.log")
    log = open(log_path, "w")
    server = subprocess.Popen([BIN, "serve", "--port", "0", "--database", db], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        port = None
        deadline = time.time() + 20
        while port is None and time.time() < deadline:
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", open(log_path).read())
            if m: port = int(m.group(1))
            else: time.sleep(0.05)
        assert port, "kalyna did not start"
        page = request(port, "/sign-in")
        csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
        visitor = re.search(r"Set-Cookie: (csrf=[^;]+)", page).group(1)
        form = urllib.parse.urlencode({"email": "root@bench.example", "password": PASSWORD, "_csrf": csrf}).encode()
        signed = request(port, "/sign-in", cookie=visitor, method="POST", body=form)
        session = re.search(r"Set-Cookie: (session=[^;]+)", signed).group(1)
        print(f"{'situation':44} {'page':12} {'p50 ms':>8} {'p99 ms':>8}")
        scenarios = [("quiet", 0, ["127.0.0.5"]),
                     ("2,000 slow connections from one address", 2000, ["127.0.0.5"]),
                     ("1,000 slow connections from 100 addresses", 1000, [f"127.0.1.{n}" for n in range(1, 101)])]
        for name, count, addresses in scenarios:
            held = hold(port, count, addresses)
            for path, cookie in [("/", None), ("/dashboard", session)]:
                p50, p99 = timings(port, path, cookie)
                print(f"{name:44} {path:12} {p50:8.2f} {p99:8.2f}")
            print(f"{'':44} (connections held open: {len(held)} of {count})")
            for s in held: s.close()
            time.sleep(0.5)  # let the server see the closes before the next round
        # Trickling: each held connection sends a header byte every 2 s, so the
        # silence timeout never fires; the headers' deadline (15 s) closes them.
        held = hold(port, 1000, [f"127.0.1.{n}" for n in range(1, 101)])
        started = time.time()
        def still_open():
            alive = 0
            for s in held:
                try:
                    s.sendall(b"a")
                    alive += 1
                except OSError:
                    pass
            return alive
        for path, cookie in [("/", None), ("/dashboard", session)]:
            p50, p99 = timings(port, path, cookie)
            print(f"{'1,000 trickling connections, 100 addresses':44} {path:12} {p50:8.2f} {p99:8.2f}")
        counts_open = []
        while time.time() - started < 24:
            counts_open.append((round(time.time() - started), still_open()))
            time.sleep(2)
        print("  still open (s: connections): " + ", ".join(f"{t}: {n}" for t, n in counts_open))
        for s in held: s.close()
        lines = open(log_path).read().splitlines()
        print(f"server log: {len(lines)} lines; the most frequent other than access lines:")
        counts = {}
        for line in lines:
            if " GET " not in line and " POST " not in line: counts[line[24:90]] = counts.get(line[24:90], 0) + 1
        for text, n in sorted(counts.items(), key=lambda x: -x[1])[:3]: print(f"  {n:6}  {text}")
    finally:
        server.terminate()
        server.wait(timeout=10)

if __name__ == "__main__":
    main()
