"""Shared by scripts/abuse, scripts/faults and scripts/fuzz: start the release binary on a fresh SQLite
folder or a throw-away PostgreSQL database (or cluster), sign in, send GraphQL, watch the process.

Standard library only. Every server and database started here is stopped or dropped on exit.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import hmac
import http.server
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(os.environ.get("PARTNERGRAPH_BIN", REPO / "target/release/partnergraph"))
PG_ADMIN = os.environ.get("PARTNERGRAPH_TEST_PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/test")
PG_BASE = PG_ADMIN.rsplit("/", 1)[0]

_cleanups: list = []
atexit.register(lambda: [f() for f in reversed(_cleanups)])


class Failure(Exception):
    """A check that did not hold."""


def check(ok: bool, what: str) -> None:
    if not ok:
        raise Failure(what)


def say(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def psql(url: str, sql: str) -> str:
    return subprocess.run(
        ["psql", url, "-qAtc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


def fresh_pg_database(tag: str, base: str = PG_BASE) -> str:
    """A new, empty PostgreSQL database, dropped at exit; returns its URL."""
    name = f"pgscript_{tag.replace('-', '_')}_{os.getpid()}_{secrets.token_hex(3)}"
    psql(f"{base}/postgres", f"CREATE DATABASE {name}")
    _cleanups.append(lambda: subprocess.run(
        ["psql", f"{base}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
        capture_output=True))
    return f"{base}/{name}"


def temp_dir(tag: str) -> Path:
    d = Path(tempfile.mkdtemp(prefix=f"pg-{tag}-"))
    _cleanups.append(lambda: shutil.rmtree(d, ignore_errors=True))
    return d


class Database:
    """Where a server keeps its data: an SQLite file in a folder, or a PostgreSQL database."""

    def __init__(self, backend: str, tag: str, pg_base: str = PG_BASE):
        self.backend = backend
        self.dir = temp_dir(tag)
        if backend == "sqlite":
            self.url = f"sqlite://{self.dir}/partnergraph.db?mode=rwc"
        else:
            self.url = fresh_pg_database(tag, pg_base)
        self.env = {
            "DATABASE_URL": self.url,
            "PARTNERGRAPH_DATA_DIR": str(self.dir),
            "JWT_SECRET": "script-secret-" + secrets.token_hex(24),
        }

    def run(self, *args: str, stdin: str | None = None, check_ok: bool = True) -> subprocess.CompletedProcess:
        env = {**os.environ, **self.env}
        res = subprocess.run([str(BIN), *args], env=env, input=stdin, capture_output=True, text=True)
        if check_ok and res.returncode != 0:
            raise Failure(f"partnergraph {' '.join(args)} exited {res.returncode}: {res.stderr.strip()}")
        return res

    def count(self, table: str) -> int:
        if self.backend == "sqlite":
            import sqlite3
            with sqlite3.connect(self.dir / "partnergraph.db") as c:
                return c.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        return int(psql(self.url, f"SELECT COUNT(*) FROM {table}"))


class Server:
    """`partnergraph serve` on a free port over `db`, its log in the data folder."""

    def __init__(self, db: Database, demo: int | None = None, env: dict | None = None, args: tuple = ()):
        self.db = db
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = db.dir / f"server-{self.port}.log"
        self.extra_env = env or {}
        self.args = args
        self.demo = demo
        self.proc: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        # The server's own default log filter (not the caller's RUST_LOG), so its ERROR lines mean what
        # they mean in production.
        env = {k: v for k, v in os.environ.items() if k != "RUST_LOG"}
        env = {**env, **self.db.env, "BIND": f"127.0.0.1:{self.port}",
               "NO_COLOR": "1", **self.extra_env}
        cmd = [str(BIN), "serve", *self.args]
        if self.demo:
            cmd += ["--demo", str(self.demo)]
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        _cleanups.append(self.kill)
        deadline = time.time() + 180
        while time.time() < deadline:
            check(self.proc.poll() is None, f"the server exited early:\n{self.log_text()[-3000:]}")
            try:
                if get(f"{self.base}/readyz", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise Failure("the server did not become ready")

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def demo_admin(self) -> tuple[str, str]:
        m = re.search(r"demo administrator for the admin UI: (\S+) / (\S+)", self.log_text())
        check(m is not None, "no demo administrator was printed")
        return m.group(1), m.group(2)

    def token(self) -> str:
        email, password = self.demo_admin()
        body = gql(self.base, "mutation($e:String!,$p:String!){login(email:$e,password:$p){token}}",
                   {"e": email, "p": password})[1]
        return body["data"]["login"]["token"]

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def signal(self, sig: int) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)

    def wait(self, timeout: float) -> int:
        return self.proc.wait(timeout=timeout)

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def request(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None,
            timeout: float = 30) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            return res.status, dict(res.headers), res.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def get(url: str, token: str | None = None, timeout: float = 30) -> tuple[int, bytes]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    status, _, body = request(url, headers=headers, timeout=timeout)
    return status, body


def gql(base: str, query: str, variables: dict | None = None, token: str | None = None,
        timeout: float = 30) -> tuple[int, dict, dict]:
    """POSTs a GraphQL request; (status, body, headers)."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps({"query": query, "variables": variables or {}}).encode()
    status, res_headers, body = request(f"{base}/graphql", data=data, headers=headers, timeout=timeout)
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = {"raw": body.decode(errors="replace")}
    return status, parsed, res_headers


def error_code(body: dict) -> str | None:
    errors = body.get("errors") or []
    return errors[0].get("extensions", {}).get("code") if errors else None


def percentile(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(len(s) * p))] if s else 0.0


def backends() -> list[str]:
    """SQLite always; PostgreSQL when it answers (required under CI=true)."""
    try:
        psql(f"{PG_BASE}/postgres", "SELECT 1")
        return ["sqlite", "postgres"]
    except (OSError, subprocess.CalledProcessError):
        if os.environ.get("CI") == "true":
            raise Failure(f"PostgreSQL is not reachable at {PG_BASE}, and CI=true requires it")
        say(f"WARNING: PostgreSQL is not reachable at {PG_BASE}; its half is skipped")
        return ["sqlite"]


def main(cases, once: bool = False) -> None:
    """Runs `cases(backend)` for each backend (or, `once`, one call that picks its own) and reports;
    exit 1 on the first failure."""
    check(BIN.exists(), f"{BIN} is missing: run scripts/build-release first")
    try:
        for backend in ([None] if once else backends()):
            cases(backend)
    except Failure as e:
        say(f"FAILED: {e}")
        sys.exit(1)
    say("all held")


def wait_for(pred, timeout: float, what: str) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return
        time.sleep(0.1)
    raise Failure(f"timed out waiting for {what}")


__all__ = [name for name in dir() if not name.startswith("_")] + ["signal"]


class Receiver:
    """A webhook receiver on a free port: 503 while down, 204 and a record of each delivery while up
    (headers, body and the `time.time()` it arrived)."""

    def __init__(self, up: bool = False):
        self.up = up
        self.refused = 0
        self.received: list[tuple[dict, bytes]] = []
        self.arrived: list[float] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            # Keep-alive, as a real receiver: the deliverer reuses its connections.
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 (the library's name)
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                if not outer.up:
                    outer.refused += 1
                    self.send_response(503)
                    self.send_header("content-length", "0")
                else:
                    outer.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                    outer.arrived.append(time.time())
                    self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        class Listener(http.server.ThreadingHTTPServer):
            # The default backlog of 5 drops connections a burst of deliveries opens at once, and the
            # client's SYN is retried only after a second.
            request_queue_size = 128
            daemon_threads = True

        self.server = Listener(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        _cleanups.append(self.server.shutdown)


def verified(secret: str, headers: dict, body: bytes) -> bool:
    """The Standard Webhooks check a receiver makes: HMAC-SHA256 of "{id}.{timestamp}.{body}"."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(f"v1,{expected}", s) for s in headers["webhook-signature"].split(" "))
