"""Web page benchmark: the key pages of a clinic-sized organisation under gunicorn and wrk.

Run: ``.venv/bin/python -m bench.pages --scale 1`` (PostgreSQL database ``bench_clinic`` on
127.0.0.1 unless ``--database``/``BENCH_DATABASE_URL`` says otherwise; ``--reuse`` keeps the
data already there). It generates the clinic (``bench/clinic.py``), starts gunicorn the way
docker-compose runs it (3 sync workers), signs in as a busy facilitator, a participant and
an admin, and prints one row per page:

- ``req/s``: requests per second from ``wrk`` with 16 connections,
- ``p50``/``p99``: wrk's latency percentiles under that load,
- ``1-client p95``: one request at a time, as a single person sees the page (repeat views
  are served from the page cache when ``--cache-redis`` names a Redis database),
- ``first view p95``: the same with the page cache's generation forgotten before each
  request, so every one renders (only with ``--cache-redis``),
- ``ratio``: req/s divided by that of a static file served by the same gunicorn in the
  same run (the stack's own ceiling on this machine),
- ``SQL``: statements the page runs when it renders (counted in-process on the same data),
- ``SQL hit``: statements of a repeat view served from the page cache,
- ``KB``: response size.

Every request comes from one "browser": the same ``User-Agent`` on the sign-in, the single
client and wrk, and the session cookie the app last set (it renews the cookie once a
minute, and it marks a session seen from another browser as not fresh), taken again
before each page, as a browser keeps the cookie it is sent. wrk cannot store a cookie, so
without this every wrk request of a run over a minute old, or one without the sign-in's
``User-Agent``, would make the app sign a new cookie, which no person's browser does.

Then the peak resident memory of each gunicorn worker. ``--check`` exits non-zero when a
page misses the targets (ratio >= 15 %, 1-client p95 < 25 ms, <= 15 statements, < 200 KB).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
import sqlalchemy as sa
from flask import Flask

from bench.clinic import DEFAULT_DATABASE, Clinic, bench_app, describe, generate, reset_schema
from groupapp.accounts.models import User
from groupapp.cohorts.models import CohortFacilitator
from groupapp.core.page_cache import GENERATION_KEY, KEY_PREFIX
from groupapp.db import db

ROOT = Path(__file__).resolve().parent.parent
STATIC_PATH = "/static/css/app.css"
CONNECTIONS = 16
TARGET_RATIO = 0.15
TARGET_P95_MS = 25.0
TARGET_STATEMENTS = 15
TARGET_KB = 200.0
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) groupapp-bench/1"
REQUEST_TIMEOUT = 40  # gunicorn kills a worker after 30 s

_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


@dataclass(frozen=True)
class Page:
    """One key page: who looks at it and where it is."""

    name: str
    who: str  # "admin", "facilitator", "participant" or "anonymous"
    path: str


@dataclass
class Row:
    """One page's figures."""

    page: Page
    rps: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    p95_ms: float | None = None
    first_p95_ms: float | None = None
    ratio: float | None = None
    statements: int | None = None
    hit_statements: int | None = None
    kilobytes: float | None = None
    status: int | None = None
    errors: str = ""

    def misses(self) -> list[str]:
        """The targets this page misses (empty when it meets them all)."""
        problems = []
        if self.ratio is not None and self.ratio < TARGET_RATIO:
            problems.append(f"ratio {self.ratio:.1%}")
        if self.p95_ms is not None and self.p95_ms >= TARGET_P95_MS:
            problems.append(f"p95 {self.p95_ms:.0f} ms")
        if self.statements is not None and self.statements > TARGET_STATEMENTS:
            problems.append(f"{self.statements} statements")
        if self.kilobytes is not None and self.kilobytes >= TARGET_KB:
            problems.append(f"{self.kilobytes:.0f} KB")
        return problems


def key_pages(clinic: Clinic) -> list[Page]:
    """The pages the benchmark measures, with the clinic's ids filled in."""
    facilitator = db.session.scalar(sa.select(User).where(User.email == clinic.facilitator_email))
    assert facilitator is not None
    cohort_id = db.session.scalar(
        sa.select(sa.func.min(CohortFacilitator.cohort_id)).where(
            CohortFacilitator.user_id == facilitator.id, CohortFacilitator.is_lead
        )
    )
    return [
        Page("static file (ceiling)", "anonymous", STATIC_PATH),
        Page("facilitator start (/cohorts)", "facilitator", "/cohorts"),
        Page("cohort page with attendance grid", "facilitator", f"/cohorts/{cohort_id}"),
        Page("homework review queue (facilitator)", "facilitator", "/homework/review"),
        Page(
            "facilitator iCalendar feed",
            "anonymous",
            f"/calendar/feed/{clinic.facilitator_feed_token}.ics",
        ),
        Page("participant start (/my/meetings)", "participant", "/my/meetings"),
        Page("admin audit log", "admin", "/audit"),
        Page("admin start (/cohorts)", "admin", "/cohorts"),
        Page("admin homework review", "admin", "/homework/review"),
        Page("admin outbox", "admin", "/admin/outbox"),
    ]


def credentials(clinic: Clinic) -> dict[str, str]:
    """Email address per kind of user."""
    return {
        "admin": clinic.admin_email,
        "facilitator": clinic.facilitator_email,
        "participant": clinic.participant_email,
    }


# --- statements, counted in-process ----------------------------------------------------------


def count_statements(
    app: Flask, clinic: Clinic, pages: list[Page], cached: bool = False
) -> dict[str, int]:
    """Statements each page runs, through the app's test client signed in as its user:
    rendering it (the page cache off), or with ``cached`` a repeat view (the cache on).

    Each request runs in its own app context, as in production (also when the caller
    already has one, as tests do).
    """
    with app.app_context():
        engine = db.engine
    kind = app.config["PAGE_CACHE_TYPE"]
    app.config["PAGE_CACHE_TYPE"] = kind if cached else "NullCache"
    try:
        return _count(app, clinic, pages, engine)
    finally:
        app.config["PAGE_CACHE_TYPE"] = kind


def _count(app: Flask, clinic: Clinic, pages: list[Page], engine: sa.Engine) -> dict[str, int]:
    counts: dict[str, int] = {}
    clients: dict[str, Any] = {}

    def get(client: Any, path: str) -> tuple[int, str]:
        with app.app_context():
            response = client.get(path)
            text = response.get_data(as_text=True)
            response.close()  # static files are streamed from an open file
        return response.status_code, text

    for page in pages:
        if page.who not in clients:
            client = app.test_client()
            if page.who != "anonymous":
                token = _CSRF.search(get(client, "/login")[1])
                assert token, "no CSRF token on /login"
                email = credentials(clinic)[page.who]
                with app.app_context():
                    answer = client.post(
                        "/login",
                        data={"email": email, "password": clinic.password, "csrf_token": token[1]},
                    )
                assert answer.status_code == 302, f"{email} could not sign in"
            clients[page.who] = client
        counts[page.name] = _count_repeat_view(get, clients[page.who], page.path, engine)
    return counts


def _count_repeat_view(
    get: Callable[[Any, str], tuple[int, str]], client: Any, path: str, engine: sa.Engine
) -> int:
    """Statements of a second view of ``path`` straight after a first.

    The page cache keys pages by the minute, so a pair that straddles a minute is measured
    again: otherwise a repeat view would now and then count as a first one.
    """
    while True:
        minute = int(time.time() // 60)
        get(client, path)  # first visits create rows (feed tokens) as a server has them
        seen: list[str] = []

        def before(*_args: Any, seen: list[str] = seen) -> None:
            seen.append("x")

        sa.event.listen(engine, "before_cursor_execute", before)
        try:
            status = get(client, path)[0]
        finally:
            sa.event.remove(engine, "before_cursor_execute", before)
        assert status == 200, f"{path} answered {status}"
        if int(time.time() // 60) == minute:
            return len(seen)


# --- gunicorn and HTTP -----------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(
    database_url: str, workers: int = 3, cache_url: str = ""
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Serve the app as docker-compose does (gunicorn, sync workers); yield its base URL.

    With ``cache_url`` the key pages are cached in that Redis database, as in production.
    """
    port = free_port()
    env = {
        **os.environ,
        "GROUPAPP_ENV": "production",
        "SECRET_KEY": "bench-" + "x" * 40,
        "DATABASE_URL": database_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_DEFAULT_SENDER": "groupapp <no-reply@clinic.example.org>",
        "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER_URL", "memory://"),
        "BASE_URL": f"http://127.0.0.1:{port}",
        "CACHE_REDIS_URL": cache_url,
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "groupapp:create_app()",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603  (fixed command)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # three workers importing the app on a busy machine
        while True:
            try:
                urllib.request.urlopen(base + STATIC_PATH, timeout=2).read()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def signed_in_cookie(base: str, email: str, password: str) -> str:
    """The ``Cookie`` header of a browser that signed in through the login form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(base + "/login", timeout=30).read().decode()
    token = _CSRF.search(page)
    assert token, "no CSRF token on /login"
    data = urllib.parse.urlencode(
        {"email": email, "password": password, "csrf_token": token[1]}
    ).encode()
    opener.open(base + "/login", data=data, timeout=30).read()
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def _request(url: str, cookie: str) -> urllib.request.Request:
    headers = {"User-Agent": USER_AGENT} | ({"Cookie": cookie} if cookie else {})
    return urllib.request.Request(url, headers=headers)  # noqa: S310  (the bench's own server)


def current_cookie(url: str, cookie: str) -> str:
    """``cookie`` with whatever the app sets when ``url`` is asked for with it (a renewed
    session cookie), as a browser would send it next."""
    if not cookie:
        return cookie
    with urllib.request.urlopen(_request(url, cookie), timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
        response.read()
        set_cookies = response.headers.get_all("Set-Cookie") or []
    jar = dict(part.split("=", 1) for part in cookie.split("; "))
    for header in set_cookies:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def single_client(
    url: str,
    cookie: str,
    requests: int,
    budget_seconds: float = 15,
    before_each: Callable[[], object] | None = None,
) -> tuple[float, int, int]:
    """(p95 in ms, body bytes, status) of up to ``requests`` sequential requests.

    Stops early once ``budget_seconds`` have passed (a slow page still gets 3 requests).
    ``before_each()`` runs before each request, outside the timing.
    """
    timings: list[float] = []
    size = status = 0
    stop = time.monotonic() + budget_seconds
    for _ in range(requests):
        if len(timings) >= 3 and time.monotonic() > stop:
            break
        request = _request(url, cookie)
        if before_each is not None:
            before_each()
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            body, status = error.read(), error.code
        except (TimeoutError, ConnectionError, urllib.error.URLError):
            body, status = b"", 0  # gunicorn killed the worker, or no answer in time
        timings.append((time.perf_counter() - started) * 1000)
        size = len(body)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return p95, size, status


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _millis(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def run_wrk(url: str, cookie: str, seconds: float) -> tuple[float, float, float, str]:
    """(requests/s, p50 ms, p99 ms, problems) from wrk with ``CONNECTIONS`` connections.

    Requests/s counts only successful answers; problems says how many failed or timed out.
    """
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed")
    command = [wrk, "-t", "2", "-c", str(CONNECTIONS), "-d", f"{max(1, round(seconds))}s"]
    command += ["--latency", "--timeout", "30s", "-H", f"User-Agent: {USER_AGENT}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603  (fixed command)
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    total = int(re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)[1])  # type: ignore[index]
    elapsed = _millis(re.search(r"requests in ([\d.]+\w+)", output)[1]) / 1000  # type: ignore[index]
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    bad = (int(failed[1]) if failed else 0) + (int(timeouts[1]) if timeouts else 0)
    latency = re.search(r"\s50%\s+(\S+)", output)
    p50 = _millis(latency[1]) if latency else float("nan")
    p99_found = re.search(r"\s99%\s+(\S+)", output)
    p99 = _millis(p99_found[1]) if p99_found else float("nan")
    problems = f"{bad} of {total} failed" if bad else ""
    return max(0, total - bad) / elapsed, p50, p99, problems


def worker_peak_rss_mb(master: subprocess.Popen[bytes]) -> list[float]:
    """Peak resident memory (VmHWM) of each gunicorn worker of ``master``, in MB."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        parent = re.search(r"PPid:\s+(\d+)", text)
        peak = re.search(r"VmHWM:\s+(\d+) kB", text)
        if parent and peak and int(parent[1]) == master.pid:
            peaks.append(int(peak[1]) / 1024)
    return sorted(peaks)


# --- the run ---------------------------------------------------------------------------------


def measure(
    app: Flask,
    clinic: Clinic,
    database_url: str,
    seconds: float = 5,
    single: int = 40,
    load: bool = True,
    cache_url: str = "",
) -> tuple[list[Row], list[float]]:
    """Every key page's figures, and the gunicorn workers' peak RSS in MB.

    With ``cache_url`` (a Redis database the page cache may use) the key pages are
    cached, and each row also says how long a first view takes.
    """
    with app.app_context():
        pages = key_pages(clinic)
    statements = count_statements(app, clinic, pages)
    hits = count_statements(app, clinic, pages, cached=True)
    rows = [Row(p, statements=statements[p.name], hit_statements=hits[p.name]) for p in pages]
    peaks: list[float] = []
    forget = None
    if cache_url:
        store = redis.Redis.from_url(cache_url)

        def forget() -> object:
            return store.delete(KEY_PREFIX + GENERATION_KEY)

    with gunicorn(database_url, cache_url=cache_url) as (base, master):
        cookies = {
            who: signed_in_cookie(base, email, clinic.password)
            for who, email in credentials(clinic).items()
        }
        cookies["anonymous"] = ""
        for row in rows:
            url = base + row.page.path
            cookie = cookies[row.page.who] = current_cookie(url, cookies[row.page.who])
            single_client(url, cookie, 3, budget_seconds=0)  # warm up the workers' caches
            row.p95_ms, size, row.status = single_client(url, cookie, single)
            if forget is not None and row.page.who != "anonymous":
                row.first_p95_ms = single_client(url, cookie, single // 2, before_each=forget)[0]
            row.kilobytes = size / 1024
            if row.status != 200:
                row.errors = f"status {row.status or 'timeout'}"
            if load:
                row.rps, row.p50_ms, row.p99_ms, problems = run_wrk(url, cookie, seconds)
                row.errors = "; ".join(e for e in (row.errors, problems) if e)
            print(f"  {table([row], '').splitlines()[-1]}", file=sys.stderr, flush=True)
        peaks = worker_peak_rss_mb(master)
    ceiling = rows[0].rps
    if ceiling:
        for row in rows:
            row.ratio = (row.rps or 0) / ceiling
    return rows, peaks


def _cell(value: float | None, form: str) -> str:
    return "-" if value is None else format(value, form)


def table(rows: list[Row], title: str) -> str:
    """The figures as a Markdown table."""
    lines = [
        f"### {title}",
        "",
        "| page | req/s (16 conn) | p50 ms | p99 ms | 1-client p95 ms | first view p95 ms "
        "| ratio | SQL | SQL hit | KB | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row.page.name} | {_cell(row.rps, '.0f')} | {_cell(row.p50_ms, '.1f')} "
            f"| {_cell(row.p99_ms, '.1f')} | {_cell(row.p95_ms, '.1f')} "
            f"| {_cell(row.first_p95_ms, '.1f')} | {_cell(row.ratio, '.1%')} "
            f"| {row.statements} | {row.hit_statements} | {_cell(row.kilobytes, '.1f')} "
            f"| {row.errors} |"
        )
    return "\n".join(lines)


def machine() -> str:
    """A one-line description of this machine."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found[1].strip() if found else ""
    return f"{os.cpu_count()} cores, {model or 'unknown CPU'}"


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> int:
    """Command line; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--seconds", type=float, default=5, help="wrk duration per page")
    parser.add_argument("--reuse", action="store_true", help="keep the data already there")
    parser.add_argument("--check", action="store_true", help="fail when a target is missed")
    parser.add_argument("--no-load", action="store_true", help="skip wrk (one client only)")
    parser.add_argument(
        "--cache-redis",
        default=os.environ.get("BENCH_CACHE_REDIS_URL", ""),
        help="a Redis database for the page cache (default: no page cache)",
    )
    args = parser.parse_args(argv)
    app = bench_app(args.database)
    with app.app_context():
        if args.reuse:
            clinic = describe()
        else:
            reset_schema()
            clinic = generate(args.scale)
            out(f"generated the clinic at scale {args.scale} in {clinic.seconds:.1f} s")
    rows, peaks = measure(
        app,
        clinic,
        args.database,
        seconds=args.seconds,
        load=not args.no_load,
        cache_url=args.cache_redis,
    )
    out(table(rows, f"scale {args.scale} on {machine()}"))
    out(f"\ngunicorn workers' peak RSS: {', '.join(f'{p:.0f} MB' for p in peaks)}")
    missed = {row.page.name: row.misses() for row in rows[1:] if row.misses()}
    for name, problems in missed.items():
        out(f"misses the target: {name}: {', '.join(problems)}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())

__all__ = ["Page", "Row", "key_pages", "main", "measure", "table"]
