#!/usr/bin/env python3
"""Partner pages, side by side with their references, in one run (`bench/run pages [--quick]`).

On PostgreSQL (a fresh database of its own, 1,000 demo partners) and on SQLite (the same data):

1. The nested page — `partners(first: 50)` with every partner's six `capabilityScores` and their
   metrics — at 16 clients and at 1, against PostGraphile 4.14.1 serving the same shape over the same
   tables, and against the raw-SQL floor: pgbench running one statement that builds the same response
   JSON, once from the stored score rows as they are and once from narrow metric rows.
2. The flat page — three fields of 50 partners — at 16 clients, against PostGraphile's.
3. SQL statements per request (counted on the wire by a proxy), CPU time per request of the server
   and of PostgreSQL, and the server's peak RSS.
4. Two `serve` replicas on the same database (two wrk at 8 clients each, summed) against one at 16.

Before any number counts, sample bodies of every source are checked for errors and for the expected
shape, and compared with each other: the references must answer the same partners and scores. wrk's
script counts non-200 answers and 200s whose body holds "errors"; any such answer fails the run.

Standard library only; wrk (apt) and PostGraphile (npm, into bench/.postgraphile/) are installed when
missing. Every server and database it starts is stopped or dropped at exit.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ beside the harness's modules
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(HERE / "pages"))

import harness as h  # noqa: E402
from wire import CountingProxy  # noqa: E402

PG_BASE = os.environ.get("PARTNERGRAPH_BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
SSL = "sslmode=disable"
PAGES = HERE / "pages"
PGL_SRC = HERE / "postgraphile"
PGL_DIR = HERE / ".postgraphile"
# The server keeps its defaults (one worker per core, 4 requests at once per core, a pool of 10)
# except the time a request may wait for a slot: 16 clients queue rather than being refused.
SERVER_ENV = {"QUEUE_TIMEOUT_MS": "30000"}
CLK = os.sysconf("SC_CLK_TCK")


def say(msg: str) -> None:
    print(msg, flush=True)


def fail(msg: str) -> None:
    raise h.Failure(msg)


# ---------------------------------------------------------------- machine and tools

def sh(*cmd: str, check: bool = True, **kw) -> str:
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if check and res.returncode != 0:
        fail(f"{' '.join(cmd[:3])} … exited {res.returncode}: {res.stderr.strip()[-2000:]}")
    return res.stdout


def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        say("installing wrk with apt-get")
        if subprocess.run(["apt-get", "install", "-y", "wrk"], capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update"], capture_output=True)
            sh("apt-get", "install", "-y", "wrk")
    out = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    m = re.search(r"wrk (\S+)", out.stdout + out.stderr)
    return m.group(1) if m else "?"


def ensure_postgraphile() -> tuple[Path, str]:
    """PostGraphile 4.14.1 from the pinned lockfile, installed once into bench/.postgraphile/."""
    if not shutil.which("node") or not shutil.which("npm"):
        say("installing nodejs and npm with apt-get")
        subprocess.run(["apt-get", "update"], capture_output=True)
        sh("apt-get", "install", "-y", "nodejs", "npm")
    node = sh("node", "--version").strip()
    lock = (PGL_SRC / "package-lock.json").read_bytes()
    stamp = hashlib.sha256((PGL_SRC / "package.json").read_bytes() + lock).hexdigest()
    cli = PGL_DIR / "node_modules" / "postgraphile" / "cli.js"
    stamp_file = PGL_DIR / ".installed"
    if not cli.exists() or not stamp_file.exists() or stamp_file.read_text() != stamp:
        say("installing PostGraphile 4.14.1 (npm ci into bench/.postgraphile/)")
        PGL_DIR.mkdir(exist_ok=True)
        for f in ("package.json", "package-lock.json"):
            shutil.copy(PGL_SRC / f, PGL_DIR / f)
        t = time.time()
        sh("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", cwd=PGL_DIR)
        stamp_file.write_text(stamp)
        say(f"  installed in {time.time() - t:.0f} s")
    version = json.loads((PGL_DIR / "node_modules/postgraphile/package.json").read_text())["version"]
    h.check(version == "4.14.1", f"PostGraphile {version} is installed, not 4.14.1")
    return cli, node


def machine_facts(pg_url: str, wrk: str, pgl: str, node: str) -> list[tuple[str, str]]:
    mem = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem = int(line.split()[1]) // 1024
    commit = sh("git", "-C", str(REPO), "rev-parse", "--short", "HEAD", check=False).strip() or "?"
    dirty = sh("git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no", check=False).strip()
    sqlite = sh("sqlite3", "--version", check=False).split(" ")[0] if shutil.which("sqlite3") else "absent"
    return [
        ("cores (nproc)", str(os.cpu_count())),
        ("memory", f"{mem / 1024:.1f} GiB"),
        ("kernel", platform.release()),
        ("PostgreSQL", h.psql(pg_url, "SHOW server_version")),
        ("SQLite (sqlite3 shell)", sqlite),
        ("wrk", wrk),
        ("PostGraphile", f"{pgl} on Node {node}"),
        ("pgbench", re.sub(r"^pgbench \(PostgreSQL\) ", "", sh("pgbench", "--version").strip())),
        ("git commit", commit + (" (with uncommitted changes)" if dirty else "")),
    ]


# ---------------------------------------------------------------- processes and their cost

def proc_cpu(pid: int) -> float:
    """utime + stime of a process in seconds (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK
    except (OSError, IndexError, ValueError):
        return 0.0


def proc_status(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """The process and every process below it."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


class Backends:
    """The PostgreSQL backends serving one database (their CPU is the database's share), found by
    their process titles (`postgres: 15/main: USER DBNAME HOST(PORT) STATE`), without a connection."""

    def __init__(self, dbname: str | None):
        self.dbname = dbname

    def pids(self) -> list[int]:
        if not self.dbname:
            return []
        out = []
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    title = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                words = title.split()
                if words[:1] == ["postgres:"] and self.dbname in words[2:5]:
                    out.append(int(d.name))
        return out


class Meter:
    """CPU seconds of a changing set of processes between start() and stop(). The set is sampled every
    0.2 s, so processes that come and go during the run (pgbench's backends) are counted too."""

    def __init__(self, pids_fn):
        self.pids_fn = pids_fn

    def _sample(self) -> None:
        for p in self.pids_fn():
            cpu = proc_cpu(p)
            self.first.setdefault(p, 0.0)
            if cpu:
                self.last[p] = cpu

    def _poll(self) -> None:
        while not self.done.wait(0.2):
            self._sample()

    def start(self) -> None:
        self.first = {p: proc_cpu(p) for p in self.pids_fn()}
        self.last = dict(self.first)
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def stop(self) -> float:
        self.done.set()
        self.thread.join()
        self._sample()
        return sum(cpu - self.first.get(p, 0.0) for p, cpu in self.last.items())


# ---------------------------------------------------------------- the servers

class Target:
    """Something answering the page: a GraphQL endpoint (wrk) or the floor statement (pgbench)."""

    def __init__(self, name: str, url: str, body: dict, auth: str, pids_fn, dbname: str | None):
        self.name, self.url, self.body, self.auth = name, url, body, auth
        self.pids_fn = pids_fn
        self.backends = Backends(dbname)

    def post(self) -> dict:
        headers = {"Content-Type": "application/json"}
        if self.auth:
            headers["Authorization"] = self.auth
        status, _, raw = h.request(self.url, data=json.dumps(self.body).encode(), headers=headers,
                                   method="POST", timeout=60)
        if status != 200:
            fail(f"{self.name}: HTTP {status}: {raw[:500]!r}")
        return json.loads(raw)


def gql_body(file: str, variables: dict | None = None) -> dict:
    text = (PAGES / file).read_text()
    return {"query": text, "variables": variables or {}}


def start_postgraphile(cli: Path, db_url: str, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = h.free_port()
    cmd = ["node", str(cli), "-c", db_url, "-s", "public", "-n", "127.0.0.1", "-p", str(port),
           "--disable-query-log", "--disable-default-mutations", "--simple-collections", "both",
           "--no-setof-functions-contain-nulls", "--dynamic-json"]
    if workers > 1:
        cmd += ["--cluster-workers", str(workers)]
    out = open(log, "ab")
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "NODE_ENV": "production"})

    def stop() -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    h._cleanups.append(stop)
    proc.stop = stop  # type: ignore[attr-defined]
    url = f"http://127.0.0.1:{port}/graphql"
    deadline = time.time() + 90
    while time.time() < deadline:
        h.check(proc.poll() is None, f"PostGraphile exited early:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            status, _, _ = h.request(url, data=b'{"query":"{__typename}"}',
                                     headers={"Content-Type": "application/json"}, method="POST", timeout=2)
            # With cluster workers, every worker must have built its schema before the load starts.
            if status == 200 and log.read_text(errors="replace").count("listening on port") >= workers:
                return proc, url
        except OSError:
            pass
        time.sleep(0.3)
    fail("PostGraphile did not become ready")
    raise AssertionError


# ---------------------------------------------------------------- checks of the bodies

def normalise(body: dict, where: str) -> list:
    """The page as plain tuples, whatever the source; fails when the body has errors or the wrong shape."""
    if "errors" in body or "data" not in body:
        fail(f"{where}: the body holds errors: {json.dumps(body)[:1500]}")
    data = body["data"]
    if "partners" in data:
        nodes = [e["node"] for e in data["partners"]["edges"]]
    else:
        nodes = data["allPartners"]["nodes"]
    page = []
    for n in nodes:
        scores = None
        if "capabilityScores" in n:
            scores = [(s["designationCode"], round(float(s["total"]), 2), bool(s["meetsRequirements"]),
                       [(m["metric"], round(float(m["points"]), 4), round(float(m["value"]), 4),
                         round(float(m["maxPoints"]), 4)) for m in s["metrics"]])
                      for s in n["capabilityScores"]]
        page.append((n["partnerId"], n["name"], n["country"], scores))
    return page


def check_page(page: list, nested: bool, expected: int, where: str) -> None:
    h.check(len(page) == expected, f"{where}: {len(page)} partners on the page, not {expected}")
    if nested:
        for pid, _, _, scores in page:
            h.check(len(scores) == 6, f"{where}: partner {pid} has {len(scores)} scores, not 6")
            for s in scores:
                h.check(len(s[3]) >= 1, f"{where}: partner {pid} {s[0]} has no metrics")


def sample(target: Target, nested: bool, expected: int, n: int) -> list:
    """n requests by urllib, every body checked and all alike; returns the page."""
    first = None
    for i in range(n):
        page = normalise(target.post(), f"{target.name}, sample {i + 1}")
        check_page(page, nested, expected, target.name)
        if first is None:
            first = page
        h.check(page == first, f"{target.name}: sample {i + 1} differs from the first")
    return first


def same(a: list, b: list, what: str) -> None:
    if a != b:
        for x, y in zip(a, b):
            if x != y:
                fail(f"{what} do not answer the same page; first difference:\n  {x}\n  {y}")
        fail(f"{what} do not answer the same page ({len(a)} vs {len(b)} partners)")


# ---------------------------------------------------------------- load generators

class Run:
    """One measured run: throughput, latency and the CPU spent per request."""

    def __init__(self, rps: float, p50: float | None, p99: float | None, requests: int,
                 cpu_app: float = 0.0, cpu_db: float = 0.0):
        self.rps, self.p50, self.p99, self.requests = rps, p50, p99, requests
        self.cpu_app, self.cpu_db = cpu_app, cpu_db

    def per_request(self, cpu: float) -> float:
        return cpu / self.requests * 1000 if self.requests else 0.0


def lua_string(s: str) -> str:
    level = "=" * 4
    while f"]{level}]" in s:
        level += "="
    return f"[{level}[{s}]{level}]"


def wrk_process(target: Target, c: int, threads: int, secs: float, work: Path) -> tuple[subprocess.Popen, Path]:
    out = Path(tempfile.mktemp(dir=work, suffix=".json"))
    script = Path(tempfile.mktemp(dir=work, suffix=".lua"))
    script.write_text(f"BODY = {lua_string(json.dumps(target.body))}\nAUTH = {lua_string(target.auth)}\n"
                      f"OUT = {lua_string(str(out))}\n" + (PAGES / "wrk.lua").read_text())
    cmd = ["wrk", "-t", str(threads), "-c", str(c), "-d", f"{max(1, round(secs))}s", "--timeout", "20s", "-s",
           str(script), target.url]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True), out


def wrk_result(proc: subprocess.Popen, out: Path, where: str) -> dict:
    text = proc.communicate()[0]
    h.check(proc.returncode == 0 and out.exists(), f"{where}: wrk failed:\n{text[-2000:]}")
    r = json.loads(out.read_text())
    bad = {k: r[k] for k in ("bad_status", "bad_body", "connect", "read", "write", "status", "timeout") if r[k]}
    if bad:
        fail(f"{where}: {bad} of {r['requests']} requests went wrong (non-200 answers, bodies with "
             f"\"errors\", socket errors or timeouts); the run does not count")
    h.check(r["requests"] > 0, f"{where}: no request was answered")
    return r


def load(target: Target, c: int, secs: float, warm: float, work: Path, where: str) -> Run:
    threads = 1 if c < 4 else 2
    if warm:
        wrk_result(*wrk_process(target, c, threads, warm, work), f"{where} (warm-up)")
    app, db = Meter(target.pids_fn), Meter(target.backends.pids)
    app.start()
    db.start()
    r = wrk_result(*wrk_process(target, c, threads, secs, work), where)
    cpu_app, cpu_db = app.stop(), db.stop()
    return Run(r["requests"] / (r["duration_us"] / 1e6), r["p50_us"] / 1000, r["p99_us"] / 1000,
               r["requests"], cpu_app, cpu_db)


def load_split(targets: list[Target], c_each: int, secs: float, warm: float, work: Path, where: str) -> Run:
    """Several wrk at once, one per target; requests summed, p99 the worst of them."""
    if warm:
        procs = [wrk_process(t, c_each, 1, warm, work) for t in targets]
        for p in procs:
            wrk_result(*p, f"{where} (warm-up)")
    meters = [Meter(t.pids_fn) for t in targets] + [Meter(targets[0].backends.pids)]
    for m in meters:
        m.start()
    procs = [wrk_process(t, c_each, 1, secs, work) for t in targets]
    results = [wrk_result(*p, where) for p in procs]
    cpu = [m.stop() for m in meters]
    rps = sum(r["requests"] / (r["duration_us"] / 1e6) for r in results)
    return Run(rps, max(r["p50_us"] for r in results) / 1000, max(r["p99_us"] for r in results) / 1000,
               sum(r["requests"] for r in results), sum(cpu[:-1]), cpu[-1])


def pgbench(url: str, sql_file: Path, c: int, secs: float, warm: float, work: Path, dbname: str,
            where: str) -> Run:
    """pgbench running one statement (prepared), every transaction's latency logged."""
    def once(duration: float, log_dir: Path | None) -> str:
        cmd = ["pgbench", "-n", "-M", "prepared", "-c", str(c), "-j", str(min(c, 2)), "-T",
               str(max(1, round(duration))), "-f", str(sql_file)]
        if log_dir:
            cmd += ["-l", f"--log-prefix={log_dir}/tx"]
        cmd.append(url)
        res = subprocess.run(cmd, capture_output=True, text=True)
        h.check(res.returncode == 0, f"{where}: pgbench failed: {res.stderr.strip()[-2000:]}")
        failed = re.search(r"number of failed transactions: (\d+)", res.stdout)
        h.check(not failed or failed.group(1) == "0", f"{where}: pgbench had failed transactions")
        return res.stdout

    if warm:
        once(warm, None)
    log_dir = Path(tempfile.mkdtemp(dir=work))
    db = Meter(Backends(dbname).pids)
    db.start()
    out = once(secs, log_dir)
    cpu_db = db.stop()
    tps = float(re.search(r"tps = ([0-9.]+) \(without initial connection time\)", out).group(1))
    lat = []
    for f in log_dir.iterdir():
        for line in f.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3:
                lat.append(int(parts[2]) / 1000)
    return Run(tps, h.percentile(lat, 0.5), h.percentile(lat, 0.99), len(lat), 0.0, cpu_db)


def sqlite_floor(db_file: Path, c: int, secs: float, work: Path) -> Run:
    """The sqlite3 shell running the floor statement: c processes at once, each timing its batch."""
    stmt = (PAGES / "floor-stored.sqlite.sql").read_text()
    one = Path(tempfile.mktemp(dir=work, suffix=".sql"))

    def batch(n: int) -> Path:
        one.write_text(".output /dev/null\n" + (stmt + "\n") * n)
        return one

    t = time.time()
    sh("sqlite3", "-bail", str(db_file), stdin=open(batch(5)))
    each = max((time.time() - t) / 5, 1e-4)
    per_proc = max(3, int(secs / each * min(c, os.cpu_count() or 1) / c))
    script = batch(per_proc)
    t = time.time()
    procs = [subprocess.Popen(["sqlite3", "-bail", str(db_file)], stdin=open(script),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(c)]
    for p in procs:
        h.check(p.wait() == 0, f"sqlite3 failed: {p.stderr.read().decode()[-1000:]}")
    wall = time.time() - t
    total = per_proc * c
    return Run(total / wall, None, None, total)


# ---------------------------------------------------------------- statements per request

def count_statements(proxy: CountingProxy, bodies: list[tuple[str, Target]], n: int) -> tuple[dict, dict]:
    """Statements per request of each body, through the counting proxy (sequential requests), and the
    SQL the first request of each prepared (a connection prepares a statement on its first use)."""
    counts, texts = {}, {}
    for what, target in bodies:
        proxy.reset()
        target.post()
        texts[what] = list(proxy.texts)
        for _ in range(2):
            target.post()
        proxy.reset()
        for _ in range(n):
            target.post()
        counts[what] = proxy.statements() / n
    return counts, texts


# ---------------------------------------------------------------- the run

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="50 partners, 2 s runs: checks the harness works")
    args = ap.parse_args()
    quick = args.quick
    partners = 50 if quick else 1000
    secs, warm = (2, 1) if quick else (8, 2)
    samples = 5 if quick else 20
    t0 = time.time()
    load_start = " ".join(Path("/proc/loadavg").read_text().split()[:3])

    h.check(h.BIN.exists(), f"{h.BIN} is missing: run cargo build --release -p partnergraph first")
    try:
        h.psql(f"{PG_BASE}/postgres?{SSL}", "SELECT 1")
    except (OSError, subprocess.CalledProcessError):
        if quick and os.environ.get("CI") != "true":
            say(f"WARNING: PostgreSQL is not reachable at {PG_BASE}; the quick benchmark run is skipped")
            return
        fail(f"PostgreSQL is not reachable at {PG_BASE} (PARTNERGRAPH_BENCH_PG)")
    wrk_version = ensure_wrk()
    if not shutil.which("sqlite3"):
        say("installing the sqlite3 shell with apt-get (the SQLite reference)")
        subprocess.run(["apt-get", "install", "-y", "sqlite3"], capture_output=True)
    pgl_cli, node = ensure_postgraphile()
    work = h.temp_dir("bench-pages")

    # Data: one demo folder, imported into a fresh PostgreSQL database and a fresh SQLite file.
    lite = h.Database("sqlite", "bench-pages-lite")
    pg = h.Database("postgres", "bench-pages", PG_BASE)
    pg.url += f"?{SSL}"
    pg.env["DATABASE_URL"] = pg.url
    dbname = pg.url.rsplit("/", 1)[1].split("?")[0]
    facts = machine_facts(pg.url, wrk_version, "4.14.1", node)
    folder = work / "demo"
    t = time.time()
    lite.run("demo", "--partners", str(partners), "--no-import", "--out", str(folder))
    for db in (pg, lite):
        db.run("import", str(folder))
    say(f"{partners} demo partners generated and imported into PostgreSQL and SQLite in {time.time() - t:.0f} s")
    month = h.psql(pg.url, "SELECT max(month) FROM customer_usage")
    h.check(int(h.psql(pg.url, f"SELECT count(*) FROM capability_scores WHERE month = '{month}'")) == 6 * partners,
            f"not every partner has six stored scores for {month}")
    expected = min(50, partners)
    for db in (pg, lite):
        db.token = db.run("tokens", "create", "--name", "bench-pages").stdout.strip().splitlines()[-1]

    # The references' objects in the same database: PostGraphile's computed columns, the narrow rows.
    for f in ("postgraphile.sql", "narrow.sql"):
        sh("psql", pg.url, "-qX1v", "ON_ERROR_STOP=1", "-f", str(PAGES / f))

    rows: list[tuple] = []   # (what, ours, reference, ratio, p99)
    results: dict[str, Run] = {}

    def server_target(server: h.Server, db: h.Database, name: str, file: str) -> Target:
        return Target(name, f"{server.base}/graphql", gql_body(file), f"Bearer {db.token}",
                      lambda: [server.proc.pid], dbname if db is pg else None)

    # ------------------------------------------------ PostgreSQL: partnergraph
    say("PostgreSQL: partnergraph serve")
    srv = h.Server(pg, env=SERVER_ENV)
    ours_nested = server_target(srv, pg, "partnergraph (PostgreSQL), nested", "nested.graphql")
    ours_flat = server_target(srv, pg, "partnergraph (PostgreSQL), flat", "flat.graphql")
    page_nested = sample(ours_nested, True, expected, samples)
    page_flat = sample(ours_flat, False, expected, samples)
    same([p[:3] for p in page_nested], [p[:3] for p in page_flat], "the nested and the flat page")
    results["pg nested 16"] = load(ours_nested, 16, secs, warm, work, "partnergraph nested c=16")
    results["pg nested 1"] = load(ours_nested, 1, secs, warm, work, "partnergraph nested c=1")
    results["pg flat 16"] = load(ours_flat, 16, secs, warm, work, "partnergraph flat c=16")
    rss_ours = proc_status(srv.proc.pid, "VmHWM")

    # Two replicas on the same database, 8 clients each, against the one above at 16.
    say("PostgreSQL: two replicas")
    srv2 = h.Server(pg, env=SERVER_ENV)
    second = server_target(srv2, pg, "partnergraph replica 2, nested", "nested.graphql")
    h.check(sample(second, True, expected, 2) == page_nested, "the second replica answers another page")
    results["pg nested 2x8"] = load_split([ours_nested, second], 8, secs, warm, work, "two replicas, 2 × c=8")
    srv2.kill()
    srv.kill()

    # ------------------------------------------------ PostgreSQL: PostGraphile
    say("PostgreSQL: PostGraphile 4.14.1")
    pgl, pgl_url = start_postgraphile(pgl_cli, pg.url, 2, work / "postgraphile.log")
    pgl_pids = lambda: descendants(pgl.pid)  # noqa: E731
    pgl_nested = Target("PostGraphile, nested", pgl_url, gql_body("postgraphile-nested.graphql", {"month": month}),
                        "", pgl_pids, dbname)
    pgl_flat = Target("PostGraphile, flat", pgl_url, gql_body("postgraphile-flat.graphql"), "", pgl_pids, dbname)
    same(page_nested, sample(pgl_nested, True, expected, samples), "partnergraph and PostGraphile (nested)")
    same(page_flat, sample(pgl_flat, False, expected, samples), "partnergraph and PostGraphile (flat)")
    results["pgl nested 16"] = load(pgl_nested, 16, secs, warm, work, "PostGraphile nested c=16")
    results["pgl nested 1"] = load(pgl_nested, 1, secs, warm, work, "PostGraphile nested c=1")
    results["pgl flat 16"] = load(pgl_flat, 16, secs, warm, work, "PostGraphile flat c=16")
    rss_pgl = sum(proc_status(p, "VmHWM") for p in pgl_pids())
    pgl.stop()

    # ------------------------------------------------ PostgreSQL: the raw-SQL floor
    say("PostgreSQL: the raw-SQL floor (pgbench)")
    for kind in ("stored", "narrow"):
        f = PAGES / f"floor-{kind}.pg.sql"
        body = json.loads(sh("psql", pg.url, "-qAtX", "-v", "ON_ERROR_STOP=1", "-f", str(f)))
        same(page_nested, normalise(body, f"floor ({kind})"), f"partnergraph and the SQL floor ({kind} rows)")
        for c in (16, 1):
            results[f"floor {kind} {c}"] = pgbench(pg.url, f, c, secs, warm, work, dbname, f"floor {kind} c={c}")

    # ------------------------------------------------ statements per request, on the wire
    say("PostgreSQL: statements per request (counting proxy)")
    host_port = PG_BASE.rsplit("@", 1)[-1].split("/")[0]
    host, _, port = host_port.partition(":")
    proxy = CountingProxy((host or "127.0.0.1", int(port or 5432)))
    proxied = pg.url.replace(f"@{host_port}/", f"@127.0.0.1:{proxy.port}/")
    srv = h.Server(pg, env={**SERVER_ENV, "DATABASE_URL": proxied})
    time.sleep(1)  # the start-up refresh of stale scores (none here) runs its statements first
    n = 5 if quick else 20
    statements, sql_texts = count_statements(proxy, [
        ("ours nested", server_target(srv, pg, "partnergraph via proxy", "nested.graphql")),
        ("ours flat", server_target(srv, pg, "partnergraph via proxy", "flat.graphql"))], n)
    srv.kill()
    pgl, pgl_url = start_postgraphile(pgl_cli, proxied, 1, work / "postgraphile-proxy.log")
    more, more_texts = count_statements(proxy, [
        ("pgl nested", Target("PostGraphile via proxy", pgl_url, pgl_nested.body, "", list, None)),
        ("pgl flat", Target("PostGraphile via proxy", pgl_url, pgl_flat.body, "", list, None))], n)
    statements.update(more)
    sql_texts.update(more_texts)
    pgl.stop()
    proxy.close()

    # ------------------------------------------------ SQLite
    say("SQLite: partnergraph serve and the sqlite3 floor")
    srv = h.Server(lite, env=SERVER_ENV)
    lite_nested = server_target(srv, lite, "partnergraph (SQLite), nested", "nested.graphql")
    lite_flat = server_target(srv, lite, "partnergraph (SQLite), flat", "flat.graphql")
    same(page_nested, sample(lite_nested, True, expected, samples), "partnergraph on PostgreSQL and on SQLite")
    sample(lite_flat, False, expected, samples)
    results["lite nested 16"] = load(lite_nested, 16, secs, warm, work, "partnergraph SQLite nested c=16")
    results["lite nested 1"] = load(lite_nested, 1, secs, warm, work, "partnergraph SQLite nested c=1")
    results["lite flat 16"] = load(lite_flat, 16, secs, warm, work, "partnergraph SQLite flat c=16")
    rss_lite = proc_status(srv.proc.pid, "VmHWM")
    srv.kill()
    lite_file = lite.dir / "partnergraph.db"
    if shutil.which("sqlite3"):
        out = subprocess.run(["sqlite3", "-bail", str(lite_file)], stdin=open(PAGES / "floor-stored.sqlite.sql"),
                             capture_output=True, text=True)
        h.check(out.returncode == 0, f"sqlite3 floor failed: {out.stderr}")
        same(page_nested, normalise(json.loads(out.stdout), "sqlite3 floor"), "partnergraph and the sqlite3 floor")
        for c in (16, 1):
            results[f"lite floor {c}"] = sqlite_floor(lite_file, c, secs, work)

    # ------------------------------------------------ the table
    R = results

    def rate(r: Run) -> str:
        return f"{r.rps:,.0f} req/s"

    def ms(v: float | None) -> str:
        return "—" if v is None else (f"{v:.1f} ms" if v < 100 else f"{v:,.0f} ms")

    def p99(a: Run, b: Run | None) -> str:
        return f"{ms(a.p99)} / {ms(b.p99) if b else '—'}"

    def thr(what: str, ours: str, ref: str, label: str) -> None:
        a, b = R[ours], R.get(ref)
        if b is None:
            return
        rows.append((what, rate(a), f"{label}: {rate(b)}", f"{a.rps / b.rps:.2f}", p99(a, b)))

    thr("nested page, 16 clients", "pg nested 16", "pgl nested 16", "PostGraphile 4.14.1")
    thr("nested page, 16 clients", "pg nested 16", "floor stored 16", "SQL floor, stored rows")
    thr("nested page, 16 clients", "pg nested 16", "floor narrow 16", "SQL floor, narrow rows")
    thr("nested page, 1 client", "pg nested 1", "pgl nested 1", "PostGraphile 4.14.1")
    thr("nested page, 1 client", "pg nested 1", "floor stored 1", "SQL floor, stored rows")
    thr("nested page, 1 client", "pg nested 1", "floor narrow 1", "SQL floor, narrow rows")
    for c in (16, 1):
        a, b = R[f"pg nested {c}"], R[f"pgl nested {c}"]
        rows.append((f"nested page, {c} client{'s' if c > 1 else ''}, p50 latency", ms(a.p50),
                     f"PostGraphile 4.14.1: {ms(b.p50)}", f"{a.p50 / b.p50:.2f}", p99(a, b)))
        b = R[f"floor narrow {c}"]
        rows.append((f"nested page, {c} client{'s' if c > 1 else ''}, p50 latency", ms(a.p50),
                     f"SQL floor, narrow rows: {ms(b.p50)}", f"{a.p50 / b.p50:.2f}", p99(a, b)))
    thr("flat page (3 fields), 16 clients", "pg flat 16", "pgl flat 16", "PostGraphile 4.14.1")
    for page in ("nested", "flat"):
        s_ours, s_ref = statements[f"ours {page}"], statements[f"pgl {page}"]
        rows.append((f"SQL statements per request, {page} page", f"{s_ours:.1f}", f"PostGraphile: {s_ref:.1f}",
                     f"{s_ours / s_ref:.2f}" if s_ref else "—", ""))
    for page in ("nested", "flat"):
        a, b = R[f"pg {page} 16"], R[f"pgl {page} 16"]
        rows.append((f"server CPU per request, {page} page, 16 clients", f"{a.per_request(a.cpu_app):.2f} ms",
                     f"PostGraphile (Node): {b.per_request(b.cpu_app):.2f} ms",
                     f"{a.cpu_app / a.requests / (b.cpu_app / b.requests):.2f}", ""))
        rows.append((f"PostgreSQL CPU per request, {page} page, 16 clients", f"{a.per_request(a.cpu_db):.2f} ms",
                     f"PostGraphile: {b.per_request(b.cpu_db):.2f} ms",
                     f"{a.cpu_db / a.requests / (b.cpu_db / b.requests):.2f}" if b.cpu_db else "—", ""))
    f = R["floor stored 16"]
    a = R["pg nested 16"]
    rows.append(("PostgreSQL CPU per request, nested page, 16 clients", f"{a.per_request(a.cpu_db):.2f} ms",
                 f"SQL floor, stored rows: {f.per_request(f.cpu_db):.2f} ms",
                 f"{a.cpu_db / a.requests / (f.cpu_db / f.requests):.2f}" if f.cpu_db else "—", ""))
    rows.append(("peak RSS of the server (VmHWM)", f"{rss_ours / 1024:.0f} MiB",
                 f"PostGraphile, 2 workers + master: {rss_pgl / 1024:.0f} MiB", f"{rss_ours / rss_pgl:.2f}", ""))
    a, b = R["pg nested 2x8"], R["pg nested 16"]
    rows.append(("nested page, 2 replicas × 8 clients", rate(a), f"1 server × 16 clients: {rate(b)}",
                 f"{a.rps / b.rps:.2f}", p99(a, b)))
    thr("SQLite: nested page, 16 clients", "lite nested 16", "lite floor 16", "sqlite3 shell, same statement, 16 processes")
    thr("SQLite: nested page, 1 client", "lite nested 1", "lite floor 1", "sqlite3 shell, same statement, 1 process")
    a, b = R["lite nested 16"], R["pg nested 16"]
    rows.append(("SQLite: nested page, 16 clients", rate(a), f"partnergraph on PostgreSQL: {rate(b)}",
                 f"{a.rps / b.rps:.2f}", p99(a, b)))
    a, b = R["lite flat 16"], R["pg flat 16"]
    rows.append(("SQLite: flat page, 16 clients", rate(a), f"partnergraph on PostgreSQL: {rate(b)}",
                 f"{a.rps / b.rps:.2f}", p99(a, b)))
    rows.append(("SQLite: peak RSS of the server", f"{rss_lite / 1024:.0f} MiB", "—", "—", ""))

    say("")
    say(f"## Partner pages: {partners} demo partners, {secs:g} s per run{' (--quick)' if quick else ''}")
    say("")
    say("ratio = partnergraph ÷ reference (req/s: higher is better for partnergraph; latency, statements, "
        "CPU and memory: lower is). p99 column: partnergraph / reference.")
    say("")
    say("| what | partnergraph | reference | ratio | p99 |")
    say("| --- | ---: | --- | ---: | ---: |")
    for r in rows:
        say("| " + " | ".join(r) + " |")
    say("")
    say("| machine | |")
    say("| --- | --- |")
    for k, v in facts:
        say(f"| {k} | {v} |")
    say(f"| load average at start | {load_start} |")
    say(f"| load average at end | {' '.join(Path('/proc/loadavg').read_text().split()[:3])} |")
    say(f"| bench time | {time.time() - t0:.0f} s |")
    say("")
    say("all bodies checked: no errors, the expected shape, the same page from every source")
    say("")
    say("SQL that partnergraph's first nested-page request prepared (later requests reuse them):")
    for sql in sql_texts["ours nested"]:
        say("  - " + " ".join(sql.split())[:300])


if __name__ == "__main__":
    try:
        main()
    except h.Failure as e:
        say(f"FAILED: {e}")
        sys.exit(1)
