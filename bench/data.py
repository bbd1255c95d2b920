#!/usr/bin/env python3
"""The data benchmarks of docs/benchmarks.md: import, recompute, one association change, the score
export, recommendations, cold start and the admin UI, each beside a reference taken in the same run,
on SQLite and on a PostgreSQL database of its own.

    bench/run data                 # the measurements of docs/benchmarks.md (minutes)
    bench/run data --quick         # 100 partners, seconds: checks every part and reference still runs
    bench/run data --scale         # 1,000, 10,000 and 100,000 partners: how each command's cost grows
    bench/run data --scale 1000,10000
    bench/run data --scale 100000 --db postgres   # one database only
    bench/run data --only import,export   # some parts only (import recompute change export compression advice alerts start ui)

PostgreSQL: PARTNERGRAPH_BENCH_PG (default postgres://postgres@127.0.0.1:5432) must allow CREATE
DATABASE; every database and folder made here is dropped at exit. Standard library only; the page
timing runs bench/data/partner-page.mjs with node (playwright-core from admin-ui/node_modules and
Debian's chromium) and is skipped, saying so, when either is missing.
"""

from __future__ import annotations

import argparse
import atexit
import gzip
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ left in scripts/
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import harness as h  # noqa: E402

REPO = h.REPO
BIN = h.BIN
PG = os.environ.get("PARTNERGRAPH_BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
SSL = "sslmode=disable"  # loopback: no TLS, stated so that libpq never tries it
AS_OF = "2024-06"  # the demo generator's last month of usage
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PAGE_SCRIPT = Path(__file__).resolve().parent / "data" / "partner-page.mjs"
EVENTS_SCRIPT = Path(__file__).resolve().parent / "data" / "score-events.mjs"

_drops: list = []
atexit.register(lambda: [f() for f in reversed(_drops)])


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------ checks

class Checks:
    """What --quick (and every run) asserts: every reference ran, every server answer was clean."""

    def __init__(self) -> None:
        self.responses = 0
        self.references = 0

    def answer(self, body: dict, what: str) -> dict:
        h.check("errors" not in body, f"{what}: the server answered errors: {json.dumps(body)[:800]}")
        h.check(isinstance(body.get("data"), dict), f"{what}: no data in {json.dumps(body)[:800]}")
        for value in body["data"].values():
            if isinstance(value, dict) and value.get("userErrors"):
                raise h.Failure(f"{what}: userErrors {value['userErrors']}")
        self.responses += 1
        return body["data"]

    def reference(self, ok: bool, what: str) -> None:
        h.check(ok, f"reference {what} did not run as expected")
        self.references += 1


CHECKS = Checks()


def gql(base: str, query: str, variables: dict | None = None, token: str | None = None,
        what: str = "GraphQL") -> dict:
    status, body, _ = h.gql(base, query, variables, token, timeout=120)
    h.check(status == 200, f"{what}: HTTP {status}: {json.dumps(body)[:800]}")
    return CHECKS.answer(body, what)


# ------------------------------------------------------------------------------- processes, rusage

class Ran:
    def __init__(self, rc: int, out: str, err: str, seconds: float, maxrss_kib: int):
        self.rc, self.out, self.err, self.seconds, self.maxrss_kib = rc, out, err, seconds, maxrss_kib

    def json(self) -> dict:
        return json.loads(self.out)


def timed(cmd: list, env: dict | None = None, stdin_path: Path | None = None, what: str = "") -> Ran:
    """Runs `cmd` to the end: wall seconds and its peak resident set (ru_maxrss, KiB) from wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            started = time.perf_counter()
            proc = subprocess.Popen([str(c) for c in cmd], env=env, stdin=stdin, stdout=out, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - started
        finally:
            if stdin_path:
                stdin.close()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        ran = Ran(proc.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace"),
                  seconds, usage.ru_maxrss)
    if ran.rc != 0:
        raise h.Failure(f"{what or cmd[0]} exited {ran.rc}: {ran.err.strip()[-2000:]}")
    return ran


def pg_admin(sql: str) -> str:
    return h.psql(f"{PG}/postgres?{SSL}", sql)


class Db:
    """A database of its own: an SQLite file in a temporary folder, or a new PostgreSQL database."""

    def __init__(self, backend: str, tag: str):
        self.backend = backend
        self.dir = Path(tempfile.mkdtemp(prefix=f"pg-bench-{tag}-"))
        _drops.append(lambda: shutil.rmtree(self.dir, ignore_errors=True))
        if backend == "sqlite":
            self.path = self.dir / "partnergraph.db"
            self.url = f"sqlite://{self.path}?mode=rwc"
        else:
            self.name = f"pgbench_{tag.replace('-', '_')}_{os.getpid()}_{secrets.token_hex(3)}"
            pg_admin(f"CREATE DATABASE {self.name}")
            _drops.append(self.drop)
            self.url = f"{PG}/{self.name}?{SSL}"
        self.env = {"DATABASE_URL": self.url, "PARTNERGRAPH_DATA_DIR": str(self.dir),
                    "JWT_SECRET": "bench-secret-" + secrets.token_hex(24)}

    def drop(self) -> None:
        if self.backend == "postgres":
            subprocess.run(["psql", f"{PG}/postgres?{SSL}", "-qc",
                            f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def run(self, *args: str) -> Ran:
        env = {k: v for k, v in os.environ.items() if k != "RUST_LOG"}
        return timed([BIN, *args], env={**env, **self.env, "NO_COLOR": "1"},
                     what=f"partnergraph {' '.join(args)}")

    def value(self, sql: str) -> str:
        """One value (or lines) of a query, untimed."""
        if self.backend == "sqlite":
            import sqlite3
            with sqlite3.connect(self.path) as c:
                rows = c.execute(sql).fetchall()
            return "\n".join("|".join("" if v is None else str(v) for v in r) for r in rows)
        return h.psql(self.url, sql)

    def sql_script(self, script: str, tag: str) -> Ran:
        """Runs `script` in the database's own shell (sqlite3 or psql), output to /dev/null; timed."""
        path = self.dir / f"{tag}.sql"
        if self.backend == "sqlite":
            path.write_text(".bail on\n.mode list\n.output /dev/null\n" + script)
            return timed(["sqlite3", self.path], stdin_path=path, what=f"sqlite3 {tag}")
        path.write_text(script)
        return timed(["psql", self.url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null",
                      "-f", path], what=f"psql {tag}")


def backends() -> list[str]:
    try:
        pg_admin("SELECT 1")
        return ["sqlite", "postgres"]
    except (OSError, subprocess.CalledProcessError):
        if os.environ.get("CI") == "true":
            raise h.Failure(f"PostgreSQL is not reachable at {PG}, and CI=true requires it")
        log(f"WARNING: PostgreSQL is not reachable at {PG}; its half is skipped")
        return ["sqlite"]


NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def demo_folder(partners: int) -> Path:
    out = Path(tempfile.mkdtemp(prefix=f"pg-bench-demo{partners}-"))
    _drops.append(lambda: shutil.rmtree(out, ignore_errors=True))
    ran = timed([BIN, "--data-dir", out / "gen", "demo", "--partners", str(partners), "--no-import",
                 "--out", out / "folder"], what="partnergraph demo")
    log(f"  demo data for {partners:,} partners written in {ran.seconds:.1f} s")
    return out / "folder"


def csv_rows(path: Path) -> int:
    with open(path, "rb") as f:
        return sum(1 for _ in f) - 1


def month_minus(month: str, n: int) -> str:
    y, m = map(int, month.split("-"))
    k = y * 12 + (m - 1) - n
    return f"{k // 12:04d}-{k % 12 + 1:02d}"


# --------------------------------------------------------------------------------------- results

class Table:
    def __init__(self) -> None:
        self.rows: list[tuple] = []
        self.notes: list[str] = []
        self.part = ""

    def add(self, what: str, ours: str, reference: str = "—", ratio: str = "—", goal: str = "—") -> None:
        self.rows.append((PARTS.index(self.part) if self.part in PARTS else len(PARTS),
                          (what, ours, reference, ratio, goal)))
        log(f"  {what}: {ours} | {reference} | {ratio} | {goal}")

    def markdown(self) -> str:
        """The rows grouped by part, in the order of PARTS, each part's rows in the order measured."""
        lines = ["| what | partnergraph | reference | ratio | goal |", "| --- | ---: | ---: | ---: | --- |"]
        lines += ["| " + " | ".join(r) + " |" for _, r in sorted(self.rows, key=lambda row: row[0])]
        return "\n".join(lines)


def secs(s: float) -> str:
    return f"{s:.2f} s" if s >= 1 else f"{s * 1000:.1f} ms"


def speed_ratio(ours: float, reference: float, goal: float | None = 0.5) -> tuple[str, str]:
    """Reference time over ours: 1x is as fast as the reference."""
    r = reference / ours if ours > 0 else float("inf")
    return f"{r:.2f}x", ("—" if goal is None else f"≥ {goal}x: {'met' if r >= goal else 'missed'}")


def cost_ratio(ours: float, reference: float, goal: float | None = 2.0) -> tuple[str, str]:
    """Our time over the reference's: 1x costs what the reference costs."""
    r = ours / reference if reference > 0 else float("inf")
    return f"{r:.2f}x", ("—" if goal is None else f"≤ {goal:g}x: {'met' if r <= goal else 'missed'}")


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


# ------------------------------------------------------------------------------------ 1. import

def usage_ddl(header: list[str], table: str) -> str:
    keys = ["tenant_id", "month", "workload"]
    cols = []
    for c in header:
        if c in keys:
            cols.append(f"{c} TEXT NOT NULL")
        elif c.endswith("_usd"):
            cols.append(f"{c} NUMERIC NULL")
        else:
            cols.append(f"{c} BIGINT NULL")
    return (f"CREATE TABLE {table} ({', '.join(cols)}, PRIMARY KEY ({', '.join(keys)}));\n"
            f"CREATE INDEX {table}_month_idx ON {table} (month);\n")


def reference_load(backend: str, usage: Path, rows: int) -> float:
    """customer_usage.csv loaded by the database's own bulk loader into a fresh table of the same
    columns, with a primary key on the file's key and an index on the month like the real table."""
    header = usage.open().readline().strip().split(",")
    ref = Db(backend, "ref-import")
    try:
        ddl = usage_ddl(header, "usage_ref")
        if backend == "sqlite":
            (ref.dir / "ddl.sql").write_text("PRAGMA journal_mode=WAL;\n" + ddl)
            timed(["sqlite3", ref.path], stdin_path=ref.dir / "ddl.sql", what="sqlite3 ddl")
            ran = timed(["sqlite3", "-bail", "-cmd", "PRAGMA synchronous=FULL", ref.path,
                         f".import --csv --skip 1 {usage} usage_ref"], what="sqlite3 .import")
        else:
            h.psql(ref.url, ddl)
            ran = timed(["psql", ref.url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
                         f"\\copy usage_ref FROM '{usage}' WITH (FORMAT csv, HEADER true)"], what="psql \\copy")
        CHECKS.reference(int(ref.value("SELECT COUNT(*) FROM usage_ref")) == rows, f"load into {backend}")
        return ran.seconds
    finally:
        ref.drop()


def bench_import(table: Table, partners: int, dbs: list[str]) -> None:
    table.part = "import"
    log(f"\n== import: customer_usage.csv of {partners:,} demo partners")
    folder = demo_folder(partners)
    rest, only_usage = folder.parent / "rest", folder.parent / "usage"
    rest.mkdir()
    only_usage.mkdir()
    for f in folder.glob("*.csv"):
        os.link(f, (only_usage if f.name == "customer_usage.csv" else rest) / f.name)
    usage = only_usage / "customer_usage.csv"
    rows = csv_rows(usage)
    for backend in dbs:
        db = Db(backend, "import")
        try:
            db.run("migrate")
            db.run("import", str(rest), "--json")
            ran = db.run("import", str(only_usage), "--json")
            report = ran.json()
            h.check(report["imported"], "the import did not import")
            inserted = sum(f["inserted"] for f in report["files"] if f["file"] == "customer_usage.csv")
            h.check(inserted == rows, f"the import inserted {inserted} usage rows of {rows}")
            own = report["seconds"]
            reference = reference_load(backend, usage, rows)
            loader = ".import --csv" if backend == "sqlite" else "\\copy … FROM"
            name = NAMES[backend]
            ratio, goal = speed_ratio(own, reference)
            table.add(f"{name}: import of {rows:,} usage rows, the importer's own time "
                      f"({rows / own:,.0f} rows/s)", secs(own), f"{secs(reference)} ({loader})", ratio, goal)
            ratio, _ = speed_ratio(ran.seconds, reference, None)
            refresh = report["scores_recomputed"]
            table.add(f"{name}: the same import command in all, with the refresh of "
                      f"{refresh['partners']:,} partners' scores (peak RSS {mib(ran.maxrss_kib)})",
                      secs(ran.seconds), secs(reference), ratio)
        finally:
            db.drop()
    shutil.rmtree(folder.parent, ignore_errors=True)


# --------------------------------------------------------------------------------- 2. recompute

def input_selects(month: str) -> str:
    """Plain SELECTs of the rows api/src/db/score_input.rs reads for every partner and `month`: the
    partners, their customer associations with the customers, the usage of those customers in the 24
    months the rules read, the professional associations with the professionals, and the
    certifications of those professionals; and the refresh queue the recompute reads first."""
    first, last = f"{month_minus(month, 23)}-01", f"{month}-01"
    return "\n".join([
        "SELECT * FROM score_refresh_queue;",
        "SELECT id, partner_id FROM partners ORDER BY id;",
        "SELECT a.*, c.* FROM customer_associations a JOIN customers c ON c.id = a.customer_id;",
        f"SELECT u.* FROM customer_usage u WHERE u.month BETWEEN '{first}' AND '{last}'"
        " AND u.customer_id IN (SELECT customer_id FROM customer_associations);",
        "SELECT pa.*, p.* FROM professional_associations pa JOIN professionals p ON p.id = pa.professional_id;",
        "SELECT pc.*, p.* FROM professional_certifications pc JOIN professionals p ON p.id = pc.professional_id"
        " WHERE pc.professional_id IN (SELECT professional_id FROM professional_associations);",
    ]) + "\n"


def input_rows(db: Db, month: str) -> int:
    first, last = f"{month_minus(month, 23)}-01", f"{month}-01"
    return int(db.value(
        "SELECT (SELECT COUNT(*) FROM partners) + (SELECT COUNT(*) FROM customer_associations)"
        f" + (SELECT COUNT(*) FROM customer_usage WHERE month BETWEEN '{first}' AND '{last}'"
        "     AND customer_id IN (SELECT customer_id FROM customer_associations))"
        " + (SELECT COUNT(*) FROM professional_associations)"
        " + (SELECT COUNT(*) FROM professional_certifications WHERE professional_id IN"
        "     (SELECT professional_id FROM professional_associations))"))


def bench_recompute(table: Table, db: Db, partners: int) -> None:
    table.part = "recompute"
    name = NAMES[db.backend]
    rows = input_rows(db, AS_OF)
    selects = input_selects(AS_OF)
    db.sql_script(selects, "inputs")  # warm the same caches the recompute will find
    refs = [db.sql_script(selects, "inputs").seconds for _ in range(3)]
    reference = statistics.median(refs)
    CHECKS.reference(rows > partners, f"input SELECTs on {db.backend}")
    args = ["recompute", "--all", "--from", AS_OF, "--to", AS_OF, "--json"]
    dry = db.run(*args, "--dry-run")
    full = db.run(*args)
    d, f = dry.json()["report"], full.json()["report"]
    h.check(f["partners"] == partners and f["rows"] == partners * 6, f"recompute report {f}")
    ratio, goal = cost_ratio(full.seconds, reference)
    table.add(f"{name}: full recompute of {AS_OF} for {partners:,} partners (read {f['read_seconds']:.2f} s, "
              f"compute {f['compute_seconds']:.2f} s, write {f['write_seconds']:.2f} s of {f['rows']:,} rows)",
              secs(full.seconds), f"{secs(reference)} (SELECT of {rows:,} input rows)", ratio, goal)
    ratio, _ = cost_ratio(dry.seconds, reference, None)
    table.add(f"{name}: the same, --dry-run (read {d['read_seconds']:.2f} s, compute {d['compute_seconds']:.2f} s)",
              secs(dry.seconds), secs(reference), ratio)


# ---------------------------------------------------------------------------- 3. one change

ADMIN_EMAIL = "bench-admin@example.com"
ADMIN_PASSWORD = "bench correct horse battery"


def admin_token(server: h.Server) -> str:
    data = gql(server.base, "mutation($e:String!,$p:String!){login(email:$e,password:$p){token}}",
               {"e": ADMIN_EMAIL, "p": ADMIN_PASSWORD}, what="login")
    return data["login"]["token"]


def add_admin(db: Db) -> None:
    db.run("users", "add", "--email", ADMIN_EMAIL, "--role", "ADMIN", "--password", ADMIN_PASSWORD)


def fresh_state(db: Db, partner_code: str) -> tuple[int, str]:
    """(queue rows, newest computed_at of the stored months) of one partner, read directly."""
    pid = db.value(f"SELECT id FROM partners WHERE partner_id = '{partner_code}'")
    queued = int(db.value(f"SELECT COUNT(*) FROM score_refresh_queue WHERE partner_id = {pid}"))
    newest = db.value(f"SELECT MAX(computed_at) FROM capability_scores WHERE partner_id = {pid}"
                      f" AND month >= '{month_minus(AS_OF, 1)}-01'")
    return queued, newest


def bench_change(table: Table, db: Db, server: h.Server, token: str, changes: int) -> None:
    """Half the changes associate a new certified professional with a partner from the month before
    the latest, half end those associations on the latest month's first day: each makes the partner's
    stored scores of two months stale. The mutation drains the refresh queue before it answers, so its
    round trip is the time until the stored scores are fresh; each is checked against the database."""
    table.part = "change"
    name = NAMES[db.backend]
    cert = db.value("SELECT e.certification_code FROM certification_eligibility e JOIN certifications c"
                    " ON c.code = e.certification_code WHERE c.retired_on IS NULL"
                    " AND e.metric_code = 'INTERMEDIATE_CERTIFICATIONS' ORDER BY 1 LIMIT 1")
    codes = db.value("SELECT partner_id FROM partners ORDER BY id").splitlines()
    pairs = max(1, changes // 2)
    chosen = [codes[(i * len(codes)) // pairs] for i in range(pairs)]
    tag = secrets.token_hex(3)
    for i in range(pairs):
        pro = f"BENCH-{tag}-{i}"
        gql(server.base, "mutation($i:CreateProfessionalInput!){createProfessional(input:$i){userErrors{message}}}",
            {"i": {"professionalId": pro, "name": f"Bench Professional {i}"}}, token, "createProfessional")
        gql(server.base, "mutation($i:AddCertificationInput!){addCertification(input:$i){userErrors{message}}}",
            {"i": {"professionalId": pro, "code": cert, "earnedOn": "2023-01-10"}}, token, "addCertification")
    times: list[float] = []
    associations = []
    for i, partner in enumerate(chosen):
        before = fresh_state(db, partner)[1]
        started = time.perf_counter()
        data = gql(server.base, "mutation($i:AssociateProfessionalInput!){associateProfessional(input:$i)"
                   "{association{id version} userErrors{message} scoreImpact{designation}}}",
                   {"i": {"professionalId": f"BENCH-{tag}-{i}", "partnerId": partner,
                          "associatedOn": f"{month_minus(AS_OF, 1)}-01"}}, token, "associateProfessional")
        times.append(time.perf_counter() - started)
        queued, after = fresh_state(db, partner)
        h.check(queued == 0 and after != before, f"partner {partner}'s scores are not fresh after the change")
        associations.append((partner, data["associateProfessional"]["association"]))
    for partner, assoc in associations:
        before = fresh_state(db, partner)[1]
        started = time.perf_counter()
        gql(server.base, "mutation($i:EndAssociationInput!){endAssociation(input:$i)"
            "{association{id} userErrors{message} scoreImpact{designation}}}",
            {"i": {"associationId": assoc["id"], "removedOn": f"{AS_OF}-01", "version": assoc["version"]}},
            token, "endAssociation")
        times.append(time.perf_counter() - started)
        queued, after = fresh_state(db, partner)
        h.check(queued == 0 and after != before, f"partner {partner}'s scores are not fresh after the end")
    median, p95 = statistics.median(times), h.percentile(times, 0.95)
    table.add(f"{name}: one association change to fresh stored scores, {len(times)} changes "
              f"(p95 {secs(p95)}, max {secs(max(times))})", f"median {secs(median)}", "—", "—",
              f"< 20 ms: {'met' if median < 0.020 else 'missed'}")


ADVICE = """query($p: String!, $d: DesignationCode!) { partner(partnerId: $p) {
  recommendations(designation: $d) { pointsGained changes { kind } }
  pathToThreshold(designation: $d) { totalAfter changes { kind } }
  pathToThresholdShortfall(designation: $d) } }"""

ONE_SCORING = """query($p: String!) { simulateScore(partnerId: $p, changes: []) { designation after } }"""

DESIGNATION_CODES = ["BUSINESS_APPLICATIONS", "DATA_AI_AZURE", "DIGITAL_APP_INNOVATION_AZURE",
                     "INFRASTRUCTURE_AZURE", "MODERN_WORK", "SECURITY"]


def partners_total(db: Db) -> int:
    return int(db.value("SELECT COUNT(*) FROM partners"))


def bench_advice(table: Table, db: Db, server: h.Server, token: str, partners: int) -> None:
    """For partners spread over the list, one request per designation asking its recommendations and
    its path to the threshold (the search scores the partner once per candidate action, and once per
    candidate per action of a path). The reference is one `simulateScore` without changes: reading the
    partner's rows and scoring all six designations once."""
    table.part = "advice"
    name = NAMES[db.backend]
    codes = db.value("SELECT partner_id FROM partners ORDER BY id").splitlines()
    chosen = [codes[(i * len(codes)) // partners] for i in range(partners)]
    times: list[float] = []
    found = paths = 0
    for partner in chosen:
        for d in DESIGNATION_CODES:
            started = time.perf_counter()
            data = gql(server.base, ADVICE, {"p": partner, "d": d}, token, "recommendations")
            times.append(time.perf_counter() - started)
            found += len(data["partner"]["recommendations"])
            paths += data["partner"]["pathToThreshold"] is not None
    reference: list[float] = []
    for partner in chosen:
        started = time.perf_counter()
        gql(server.base, ONE_SCORING, {"p": partner}, token, "simulateScore")
        reference.append(time.perf_counter() - started)
    biggest, customers = db.value(
        "SELECT p.partner_id || ',' || COUNT(*) FROM partners p JOIN customer_associations a"
        " ON a.partner_id = p.id GROUP BY p.partner_id ORDER BY COUNT(*) DESC, p.partner_id LIMIT 1"
    ).split(",")
    big: list[float] = []
    for d in DESIGNATION_CODES:
        started = time.perf_counter()
        gql(server.base, ADVICE, {"p": biggest, "d": d}, token, "recommendations")
        big.append(time.perf_counter() - started)
    started = time.perf_counter()
    gql(server.base, ONE_SCORING, {"p": biggest}, token, "simulateScore")
    big_ref = time.perf_counter() - started
    table.add(f"{name}: the same for the partner with the most customer associations ({customers}), "
              f"6 designations (max {secs(max(big))})", f"median {secs(statistics.median(big))}",
              f"{secs(big_ref)} (simulateScore, no change)", f"{statistics.median(big) / big_ref:.1f}x",
              f"< 1 s: {'met' if max(big) < 1.0 else 'missed'}")
    total = partners_total(db)
    for what, query in [("counts", "{ programSummary { designations { partners meetingRequirements nearMiss } } }"),
                        ("Microsoft Cloud badges", "{ programSummary { microsoftCloudBadges } }"),
                        ("at-risk counts", "{ programSummary { designations { atRisk } } }")]:
        runs: list[float] = []
        for _ in range(3):
            started = time.perf_counter()
            data = gql(server.base, query, None, token, "programSummary")
            runs.append(time.perf_counter() - started)
        s = data["programSummary"]
        shown = (f"{s['microsoftCloudBadges']:,} badges" if "microsoftCloudBadges" in s else
                 f"{sum(d['atRisk'] for d in s['designations']):,} at risk" if "atRisk" in s["designations"][0]
                 else f"{sum(d['meetingRequirements'] for d in s['designations']):,} designations met")
        table.add(f"{name}: programSummary, its {what} over {total:,} partners ({shown}), median of 3",
                  secs(statistics.median(runs)), "—", "—",
                  f"< 15 s request timeout: {'met' if max(runs) < 15 else 'missed'}")
    median, ref = statistics.median(times), statistics.median(reference)
    table.add(f"{name}: recommendations and path to the threshold of one designation, {len(times)} requests "
              f"({len(chosen)} partners; {found} recommendations, {paths} paths; p95 "
              f"{secs(h.percentile(times, 0.95))}, max {secs(max(times))})", f"median {secs(median)}",
              f"{secs(ref)} (simulateScore, no change)", f"{median / ref:.1f}x", "< 1 s p95: "
              f"{'met' if h.percentile(times, 0.95) < 1.0 else 'missed'}")


# ------------------------------------------------------------------------------------ alerts

def bench_alerts(table: Table, db: Db, server: h.Server, token: str, changes: int, tests: int) -> None:
    """A webhook for every event kind (`minPointsChange: 0`) to a receiver on this machine and a
    `scoreEvents` subscriber (bench/data/score-events.mjs): for each association change that moves a
    partner's Security score, the time from sending the mutation to the signed POST reaching the
    receiver and to the event reaching the subscriber; then `tests` test events queued while the
    webhook is paused, and the time from its resume until the receiver has every one (deliveries a
    second)."""
    table.part = "alerts"
    name = NAMES[db.backend]
    receiver = h.Receiver(up=True)
    body = gql(server.base, "mutation($i:CreateWebhookInput!){createWebhook(input:$i){webhook{id} secret"
               " userErrors{message}}}",
               {"i": {"url": receiver.url, "minPointsChange": 0,
                      "eventKinds": ["DESIGNATION_MET", "DESIGNATION_LOST", "SCORE_CHANGED", "AT_RISK"]}},
               token, "createWebhook")["createWebhook"]
    hook, secret = body["webhook"]["id"], body["secret"]
    listener = None
    if shutil.which("node") and (REPO / "admin-ui" / "node_modules" / "graphql-ws").exists():
        listener = subprocess.Popen(["node", str(EVENTS_SCRIPT), server.base.replace("http", "ws") + "/graphql",
                                     token], stdout=subprocess.PIPE, text=True)
        _drops.append(listener.kill)
        h.check("ready" in json.loads(listener.stdout.readline()), "the subscriber did not start")
    else:
        table.notes.append("The subscription latency was not measured: node or admin-ui/node_modules is missing.")
    codes = db.value("SELECT partner_id FROM partners ORDER BY id").splitlines()
    tag = secrets.token_hex(3)
    hooked: list[float] = []
    heard: list[float] = []
    for i in range(changes):
        partner = codes[(i * len(codes)) // changes]
        pro = f"ALERT-{tag}-{i}"
        gql(server.base, "mutation($i:CreateProfessionalInput!){createProfessional(input:$i){userErrors{message}}}",
            {"i": {"professionalId": pro, "name": f"Alert Professional {i}"}}, token, "createProfessional")
        # Counted by rule set 2023-12 (the demo's last month) in each of Security's three steps.
        for c in ["MS-500", "AZ-500", "SC-400"]:
            gql(server.base, "mutation($i:AddCertificationInput!){addCertification(input:$i){userErrors{message}}}",
                {"i": {"professionalId": pro, "code": c, "earnedOn": "2023-01-10"}}, token, "addCertification")
        seen = len(receiver.received)
        started = time.time()
        data = gql(server.base, "mutation($i:AssociateProfessionalInput!){associateProfessional(input:$i)"
                   "{userErrors{message} scoreImpact{designation delta}}}",
                   {"i": {"professionalId": pro, "partnerId": partner, "associatedOn": f"{month_minus(AS_OF, 1)}-01"}},
                   token, "associateProfessional")
        if not any(abs(x["delta"]) > 0 for x in data["associateProfessional"]["scoreImpact"]):
            continue
        h.wait_for(lambda: any(json.loads(b)["data"]["partnerId"] == partner
                               for _, b in receiver.received[seen:]), 30, f"the webhook of {partner}'s change")
        at = next(t for (_, b), t in zip(receiver.received[seen:], receiver.arrived[seen:])
                  if json.loads(b)["data"]["partnerId"] == partner)
        hooked.append(at - started)
        if listener:
            while True:
                line = json.loads(listener.stdout.readline())
                h.check("error" not in line, f"the subscription failed: {line}")
                if line.get("partner") == partner:
                    heard.append(line["at"] - started)
                    break
    h.check(bool(hooked), "no change moved a score")
    h.check(all(h.verified(secret, hd, b) for hd, b in receiver.received), "a delivery's signature does not verify")
    table.add(f"{name}: an association change to the signed webhook POST at the receiver, {len(hooked)} changes "
              f"(p95 {secs(h.percentile(hooked, 0.95))}, max {secs(max(hooked))})", f"median {secs(statistics.median(hooked))}",
              "—", "—", f"< 1 s: {'met' if max(hooked) < 1.0 else 'missed'}")
    if heard:
        table.add(f"{name}: the same change to the `scoreEvents` subscriber, {len(heard)} changes "
                  f"(p95 {secs(h.percentile(heard, 0.95))}, max {secs(max(heard))})",
                  f"median {secs(statistics.median(heard))}", "—", "—",
                  f"< 1 s: {'met' if max(heard) < 1.0 else 'missed'}")
    # Queued while the webhook is paused (a test event is queued even then; paused, it waits), then
    # resumed: the time from the resume to the last arrival is the deliverer's alone.
    pause = "mutation($i:UpdateWebhookInput!){updateWebhook(input:$i){webhook{paused} userErrors{message}}}"
    gql(server.base, pause, {"i": {"id": hook, "paused": True}}, token, "updateWebhook")
    seen = len(receiver.received)
    started = time.time()
    for _ in range(tests):
        gql(server.base, "mutation($id:ID!){sendTestWebhookEvent(id:$id){userErrors{message}}}", {"id": hook},
            token, "sendTestWebhookEvent")
    queued = time.time() - started
    resumed = time.time()
    gql(server.base, pause, {"i": {"id": hook, "paused": False}}, token, "updateWebhook")
    h.wait_for(lambda: len(receiver.received) - seen >= tests, 120, f"{tests} test deliveries")
    took = receiver.arrived[-1] - resumed
    ids = [hd["webhook-id"] for hd, _ in receiver.received]
    h.check(len(ids) == len(set(ids)), "an event was delivered twice")
    table.add(f"{name}: {tests} test events queued while paused ({secs(queued)}, one request at a time), from the "
              f"resume until the receiver has every one", secs(took), "—", "—", f"{tests / took:.0f} deliveries/s")
    if listener:
        listener.kill()


# ------------------------------------------------------------------------------------ 4. export

def reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # resets VmHWM to the current resident set


def status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def export_once(server: h.Server, token: str) -> tuple[float, int, int]:
    """(seconds, lines, bytes) of one CSV export of AS_OF, read to the end."""
    req = urllib.request.Request(f"{server.base}/export/scores?asOf={AS_OF}&format=csv",
                                 headers={"Authorization": f"Bearer {token}"})
    started = time.perf_counter()
    lines = size = 0
    with urllib.request.urlopen(req, timeout=600) as res:
        h.check(res.status == 200, f"export: HTTP {res.status}")
        while chunk := res.read(1 << 16):
            lines += chunk.count(b"\n")
            size += len(chunk)
    return time.perf_counter() - started, lines, size


def export_reference(db: Db) -> str:
    return ("SELECT p.partner_id, p.name, s.designation_code, s.month, s.rule_set_code, s.track,"
            " s.total_hundredths, s.meets_requirements, s.breakdown FROM capability_scores s"
            f" JOIN partners p ON p.id = s.partner_id WHERE s.month = '{AS_OF}-01'"
            " ORDER BY s.partner_id, s.designation_code")


def bench_export(table: Table, db: Db, server: h.Server, token: str, partners: int, runs: int) -> None:
    table.part = "export"
    name = NAMES[db.backend]
    stored = int(db.value(f"SELECT COUNT(*) FROM capability_scores WHERE month = '{AS_OF}-01'"))
    pid = server.proc.pid
    export_once(server, token)  # warm-up
    baseline = status_kib(pid, "VmRSS")
    reset_peak(pid)
    ours = []
    for _ in range(runs):
        seconds, lines, size = export_once(server, token)
        h.check(lines == stored + 1, f"the export gave {lines - 1} rows of {stored}")
        ours.append(seconds)
    peak = status_kib(pid, "VmHWM")
    query = export_reference(db)
    if db.backend == "sqlite":
        script = f".mode csv\n{query};\n"
        loader = "sqlite3 .mode csv SELECT"
    else:
        script = f"COPY ({query}) TO STDOUT WITH (FORMAT csv);\n"
        loader = "COPY (SELECT …) TO STDOUT"
    db.sql_script(script, "export")
    refs = [db.sql_script(script, "export").seconds for _ in range(runs)]
    CHECKS.reference(len(refs) == runs, f"export on {db.backend}")
    ratio, goal = speed_ratio(statistics.median(ours), statistics.median(refs))
    table.add(f"{name}: CSV export of {stored:,} scores ({partners:,} partners, {size / 1e6:.1f} MB), median of {runs}",
              secs(statistics.median(ours)), f"{secs(statistics.median(refs))} ({loader})", ratio, goal)
    table.add(f"{name}: server peak RSS (VmHWM) during the export, {partners:,} partners",
              f"{mib(peak)} (before: {mib(baseline)})", "—", "—", "flat as data grows")


# ----------------------------------------------------------------------------------- compression

def fetch_encoded(url: str, token: str, coding: str, body: bytes | None = None) -> tuple[float, bytes, str]:
    """(seconds to the last byte, the bytes as sent, Content-Encoding) of one request."""
    headers = {"Authorization": f"Bearer {token}", "Accept-Encoding": coding}
    if body is not None:
        headers["Content-Type"] = "application/json"
    req = urllib.request.Request(url, data=body, headers=headers)
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=600) as res:
        h.check(res.status == 200, f"{url}: HTTP {res.status}")
        raw = res.read()
        encoding = res.headers.get("Content-Encoding", "identity")
    return time.perf_counter() - started, raw, encoding


def bench_compression(table: Table, db: Db, server: h.Server, token: str, partners: int, runs: int) -> None:
    """The nested partner page and a month's CSV export, plain and in gzip and brotli: bytes on the
    wire and the median time to the last byte. The gzip bodies are decoded and compared with the
    plain ones (brotli's equality is tests/tests/compression.rs: Python has no brotli decoder)."""
    table.part = "compression"
    import pages
    name = NAMES[db.backend]
    page = json.dumps(pages.gql_body("nested.graphql")).encode()
    targets = [
        (f"nested page of 50 partners ({name})", f"{server.base}/graphql", page),
        (f"CSV export of {AS_OF}, {partners:,} partners ({name})",
         f"{server.base}/export/scores?asOf={AS_OF}&format=csv", None),
    ]
    for what, url, body in targets:
        plain = None
        for coding in ["identity", "gzip", "br"]:
            fetch_encoded(url, token, coding, body)  # warm-up
            times, raw = [], b""
            for _ in range(runs):
                seconds, raw, encoding = fetch_encoded(url, token, coding, body)
                h.check(encoding == coding, f"{what}: asked for {coding}, got {encoding}")
                times.append(seconds)
            if coding == "identity":
                plain = raw
                if body is not None:
                    h.check(b'"errors"' not in raw[:200], f"{what}: the page has errors")
                    CHECKS.responses += 1
            elif coding == "gzip":
                h.check(gzip.decompress(raw) == plain, f"{what}: gzip does not decode to the plain body")
            share = f"{len(raw) / len(plain):.1%} of plain" if plain else "—"
            table.add(f"{what}: {coding}, median of {runs}",
                      f"{secs(statistics.median(times))}, {len(raw) / 1e3:,.1f} kB", share, "—",
                      "smaller on the wire")


# ----------------------------------------------------------------------------------- 5. start-up

def cold_start(db: Db, runs: int) -> list[float]:
    """Seconds from the exec of `partnergraph serve` to the first 200 from /readyz."""
    env = {k: v for k, v in os.environ.items() if k != "RUST_LOG"}
    env = {**env, **db.env, "NO_COLOR": "1"}
    times = []
    for _ in range(runs):
        port = h.free_port()
        url = f"http://127.0.0.1:{port}/readyz"
        started = time.perf_counter()
        proc = subprocess.Popen([str(BIN), "serve", "--bind", f"127.0.0.1:{port}"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                h.check(proc.poll() is None, "the server exited during start-up")
                h.check(time.perf_counter() - started < 60, "the server was not ready in 60 s")
                try:
                    with urllib.request.urlopen(url, timeout=2) as res:
                        if res.status == 200:
                            break
                except OSError:
                    time.sleep(0.002)
            times.append(time.perf_counter() - started)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return times


def bench_start(table: Table, db: Db, partners: int, runs: int) -> None:
    table.part = "start"
    times = cold_start(db, runs)
    median = statistics.median(times)
    table.add(f"SQLite: cold start to the first 200 of /readyz, {partners:,} partners, median of {runs}"
              f" (max {secs(max(times))})", secs(median), "—", "—", f"< 1 s: {'met' if median < 1 else 'missed'}")


# ---------------------------------------------------------------------------------- 6. admin UI

def page_scripts(dist: Path, html: str) -> set[Path]:
    """The JavaScript files a page of the build can load: its module script and modulepreload links,
    and every chunk those import, statically or lazily, followed to the end."""
    text = (dist / html).read_text()
    todo = [dist / r.split("/admin/", 1)[-1].lstrip("/") for r in re.findall(r'(?:src|href)="(/[^"]+\.js)"', text)]
    seen: set[Path] = set()
    while todo:
        f = todo.pop()
        if f in seen or not f.exists():
            continue
        seen.add(f)
        todo += [f.parent / name for name in re.findall(r'(?:\./|assets/)([\w.-]+\.js)', f.read_text(errors="replace"))]
    return seen


def bench_bundle(table: Table, build: bool) -> Path:
    table.part = "ui"
    dist = REPO / "admin-ui" / "dist"
    if build or not (dist / "index.html").exists():
        log("  building the admin UI (scripts/build-ui)…")
        timed([REPO / "scripts/build-ui"], what="scripts/build-ui")
    files = sorted(dist.rglob("*.js"))
    h.check(bool(files), f"no JavaScript in {dist}")
    sizes = {f: len(gzip.compress(f.read_bytes(), 9)) for f in files}
    total = sum(sizes.values())
    raw = sum(f.stat().st_size for f in files)
    table.add(f"admin UI: every .js the build ships, gzip -9 ({len(files)} files, {raw / 1024:.0f} KB before gzip)",
              f"{total / 1024:.0f} KB")
    # The goal is the admin UI's: what /admin/ loads. GraphiQL is a separate page on its own route.
    for html, what, goal in [("index.html", "the app (/admin/)", True),
                             ("graphiql.html", "the GraphiQL page (GET /graphql)", False)]:
        if (dist / html).exists():
            mine = page_scripts(dist, html)
            size = sum(sizes.get(f, 0) for f in mine)
            verdict = f"< 250 KB: {'met' if size < 250 * 1024 else 'missed'}" if goal else "—"
            table.add(f"admin UI: of which {what} can load, lazy chunks included ({len(mine)} files)",
                      f"{size / 1024:.0f} KB", "—", "—", verdict)
    biggest = sorted(sizes.items(), key=lambda kv: -kv[1])[:4]
    table.notes.append("largest scripts (gzip -9): " + ", ".join(
        f"{f.relative_to(dist)} {v / 1024:.0f} KB" for f, v in biggest))
    return dist


def bench_page(table: Table, db: Db, dist: Path, runs: int) -> None:
    table.part = "ui"
    playwright = REPO / "admin-ui" / "node_modules" / "playwright-core"
    if not Path(CHROMIUM).exists() or not playwright.exists() or shutil.which("node") is None:
        table.add("admin UI: partner page interactive (skipped: chromium or admin-ui/node_modules missing)",
                  "—", "—", "—", "< 1 s")
        return
    server = h.Server(db, env={"ADMIN_UI_DIR": str(dist)})
    try:
        token = admin_token(server)
        partner = db.value("SELECT partner_id FROM partners ORDER BY id LIMIT 1")
        path = f"/admin/partners/{partner}?designation=SECURITY"
        ran = timed(["node", PAGE_SCRIPT, server.base, ADMIN_EMAIL, ADMIN_PASSWORD, path, str(runs), CHROMIUM],
                    what="bench/data/partner-page.mjs")
        result = json.loads(ran.out.strip().splitlines()[-1])
        h.check(not result["problems"], f"the partner page reported: {result['problems']}")
        times = [t / 1000 for t in result["ms"]]
        median = statistics.median(times)
        table.add(f"admin UI: partner page, navigation start to the score table shown and the next frame"
                  f" painted, loopback, cold cache, median of {runs} (max {secs(max(times))})", secs(median),
                  "—", "—", f"< 1 s: {'met' if median < 1 else 'missed'}")
    finally:
        server.kill()


# ---------------------------------------------------------------------------------- 7. scale

def nested_page(server: h.Server, db: Db, token: str, page_secs: float) -> tuple:
    """The nested page of bench/pages.py (50 partners, six scores each with their metrics) at 16
    clients: (requests/s, p99 ms), after checking sample bodies."""
    import pages
    pages.ensure_wrk()
    target = pages.Target(f"nested page ({NAMES[db.backend]})", f"{server.base}/graphql",
                          pages.gql_body("nested.graphql"), f"Bearer {token}", lambda: [server.proc.pid],
                          db.name if db.backend == "postgres" else None)
    pages.sample(target, True, 50, 3)
    CHECKS.responses += 3
    run = pages.load(target, 16, page_secs, 2, db.dir, target.name)
    return run.rps, run.p99


def bench_scale(sizes: list[int], dbs: list[str], page_secs: float) -> str:
    """At each size: the import without its score refresh (`--no-refresh`: the refresh recomputes
    every month the file touches, measured by `recompute` instead), the full recompute of one month,
    the nested page at 16 clients and the CSV export of that month, each with its peak memory. The
    queue the import left is then emptied so that no background refresh runs during the page and
    export (they read the recomputed month only)."""
    lines = ["| partners | database | usage rows | import of the folder (importer) | import peak RSS |"
             " recompute one month | recompute peak RSS | nested page c=16 | page p99 | export (CSV) |"
             " server VmHWM in export |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    previous: dict[str, tuple] = {}
    growth = []
    for n in sizes:
        log(f"\n== scale: {n:,} partners")
        folder = demo_folder(n)
        usage = csv_rows(folder / "customer_usage.csv")
        for backend in dbs:
            db = Db(backend, f"scale{n}")
            try:
                db.run("migrate")
                imp = db.run("import", str(folder), "--no-refresh", "--json")
                h.check(imp.json()["scores_recomputed"] is None, "the import refreshed scores")
                rec = db.run("recompute", "--all", "--from", AS_OF, "--to", AS_OF, "--json")
                stored = int(db.value(f"SELECT COUNT(*) FROM capability_scores WHERE month = '{AS_OF}-01'"))
                h.check(stored == n * 6, f"{stored} scores stored for {AS_OF}, not {n * 6}")
                db.value("DELETE FROM score_refresh_queue")
                add_admin(db)
                server = h.Server(db, env={"QUEUE_TIMEOUT_MS": "30000"})
                try:
                    token = admin_token(server)
                    rps, p99 = nested_page(server, db, token, page_secs)
                    export_once(server, token)
                    reset_peak(server.proc.pid)
                    seconds, exported, _ = export_once(server, token)
                    peak = status_kib(server.proc.pid, "VmHWM")
                finally:
                    server.kill()
                h.check(exported == n * 6 + 1, f"the export gave {exported - 1} rows for {n} partners")
                own = imp.json()["seconds"]
                row = (own, imp.maxrss_kib, rec.seconds, rec.maxrss_kib, seconds, peak, rps)
                lines.append(f"| {n:,} | {NAMES[backend]} | {usage:,} | {secs(own)} |"
                             f" {mib(row[1])} | {secs(row[2])} | {mib(row[3])} | {rps:,.0f} req/s |"
                             f" {p99:.0f} ms | {secs(row[4])} | {mib(row[5])} |")
                log("  " + lines[-1])
                if backend in previous:
                    pn, prow = previous[backend]
                    f = n / pn
                    growth.append(f"{NAMES[backend]} {pn:,} → {n:,} partners ({f:g}x): import "
                                  f"{row[0] / prow[0]:.1f}x, recompute {row[2] / prow[2]:.1f}x, export "
                                  f"{row[4] / prow[4]:.1f}x, nested page throughput {row[6] / prow[6]:.2f}x; "
                                  f"peak RSS import {row[1] / prow[1]:.1f}x, recompute {row[3] / prow[3]:.1f}x, "
                                  f"server in export {row[5] / prow[5]:.2f}x")
                previous[backend] = (n, row)
            finally:
                db.drop()
        shutil.rmtree(folder.parent, ignore_errors=True)
    return "\n".join(lines) + ("\n\nHow the cost grows:\n\n" + "\n".join(f"- {g}" for g in growth) if growth else "")


# ------------------------------------------------------------------------------------- machine

def machine() -> str:
    mem = next(int(l.split()[1]) for l in Path("/proc/meminfo").read_text().splitlines()
               if l.startswith("MemTotal:"))
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    try:
        pg = f"{pg_admin('SHOW server_version')} (autovacuum {pg_admin('SHOW autovacuum')})"
    except (OSError, subprocess.CalledProcessError):
        pg = "not reachable"
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[:1]
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return (f"machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), "
            f"{mem / 1024 / 1024:.0f} GiB; load average at start {load}; PostgreSQL {pg}; "
            f"SQLite {''.join(sqlite)}; commit {commit}{' (with uncommitted changes)' if dirty else ''}; "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


# ---------------------------------------------------------------------------------------- main

PARTS = ["import", "recompute", "change", "export", "compression", "advice", "alerts", "start", "ui"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="100 partners, seconds: every part runs once")
    ap.add_argument("--scale", nargs="?", const="1000,10000,100000", metavar="N,N,…",
                    help="import, recompute and export at each size (default 1000,10000,100000)")
    ap.add_argument("--only", help=f"comma-separated parts: {' '.join(PARTS)}")
    ap.add_argument("--db", choices=["sqlite", "postgres"], help="one database only (default: both)")
    args = ap.parse_args()
    h.check(BIN.exists(), f"{BIN} is missing: run bench/run (it builds the release binary)")
    facts = machine()
    log(facts)
    dbs = [args.db] if args.db else backends()
    if args.scale:
        sizes = [int(s.replace("_", "")) for s in args.scale.split(",")]
        only = f" --db {args.db}" if args.db else ""
        print(f"{facts}\n\n`bench/run data --scale {args.scale}{only}`\n\n"
              f"{bench_scale(sizes, dbs, 2 if args.quick else 8)}")
        return
    parts = args.only.split(",") if args.only else PARTS
    unknown = set(parts) - set(PARTS)
    h.check(not unknown, f"unknown parts {sorted(unknown)}; choose from {PARTS}")
    q = args.quick
    big, small = (100, 100) if q else (10_000, 1_000)
    table = Table()
    if "import" in parts:
        bench_import(table, 100 if q else 5_300, dbs)
    if {"recompute", "change", "export", "compression", "advice", "alerts"} & set(parts):
        sizes = [big] if q else [small, big]
        folders = {}
        for n in sizes:
            log(f"\n== {n:,} partners: recompute, one change, export")
            folders[n] = demo_folder(n)
            for backend in dbs:
                db = Db(backend, f"data{n}")
                try:
                    db.run("migrate")
                    db.run("import", str(folders[n]), "--json")
                    if n == big and "recompute" in parts:
                        bench_recompute(table, db, n)
                    if n == big and {"change", "compression", "advice", "alerts"} & set(parts) or "export" in parts:
                        add_admin(db)
                        server = h.Server(db, env={"WEBHOOK_ALLOW_PRIVATE_TARGETS": "true"})
                        try:
                            token = admin_token(server)
                            if "export" in parts:
                                bench_export(table, db, server, token, n, 1 if q else 3)
                            if "compression" in parts and n == big:
                                bench_compression(table, db, server, token, n, 3 if q else 10)
                            if "change" in parts and n == big:
                                bench_change(table, db, server, token, 4 if q else 30)
                            if "advice" in parts and n == big:
                                bench_advice(table, db, server, token, 3 if q else 20)
                            if "alerts" in parts and n == big:
                                bench_alerts(table, db, server, token, 3 if q else 20, 20 if q else 500)
                        finally:
                            server.kill()
                finally:
                    db.drop()
            shutil.rmtree(folders[n].parent, ignore_errors=True)
    if {"start", "ui"} & set(parts):
        n = 100 if q else 1_000
        log(f"\n== SQLite, {n:,} demo partners: cold start, admin UI")
        db = Db("sqlite", "start")
        db.run("demo", "--partners", str(n))
        add_admin(db)
        if "start" in parts:
            bench_start(table, db, n, 2 if q else 5)
        if "ui" in parts:
            dist = bench_bundle(table, build=not q)
            bench_page(table, db, dist, 1 if q else 5)
        db.drop()
    print(f"{facts}\n\n{table.markdown()}")
    for note in table.notes:
        print(f"\n{note}")
    print(f"\nchecks: {CHECKS.responses} GraphQL answers without errors; {CHECKS.references} references ran"
          " and returned the expected rows")


if __name__ == "__main__":
    try:
        main()
    except h.Failure as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
