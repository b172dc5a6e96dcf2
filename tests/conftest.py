"""Fixtures: one per real service (database, SMTP server, browser), plus data helpers.

Every test that uses ``app`` runs twice: on SQLite and on PostgreSQL. PostgreSQL comes from
``TEST_DATABASE_URL`` (default: the local ``test`` database); when it does not answer, those
runs are skipped with the reason, never silently passed.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient

from groupapp import create_app
from groupapp.core.page_cache import page_store
from groupapp.db import db
from tests.support.catalogues import compile_catalogues
from tests.support.factories import Factories
from tests.support.parallel import own_database
from tests.support.smtp import SMTPServer, serving

# Under pytest-xdist each process has its own database: the name plus "_gw0", "_gw1"...
PG_URL = own_database(
    os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
)


def _postgres_problem() -> str | None:
    try:
        engine = sa.create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        return f"PostgreSQL not reachable at {PG_URL}: {type(exc).__name__}"
    return None


_PG_PROBLEM = _postgres_problem()
# The app reads compiled catalogues; scripts/setup builds them, and so does a test run
# from a checkout where a .po changed since.
compile_catalogues()


def skip_or_fail(reason: str) -> None:
    """Skip when a service is missing, except in CI (REQUIRE_ALL_SERVICES=1), where it fails."""
    if os.environ.get("REQUIRE_ALL_SERVICES") == "1":
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


def database_urls(tmp_dir: Path) -> dict[str, str]:
    return {"sqlite": f"sqlite:///{tmp_dir / 'test.sqlite'}", "postgresql": PG_URL}


def base_test_config(instance: Path, database_url: str) -> dict[str, object]:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "BASE_URL": "http://localhost",
        "MAIL_DISPATCH": "inline",
        "MAIL_CAPTURE_DIR": str(instance / "mail"),
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        # Key pages are cached as in the embedded demo; tests/core/test_page_cache_redis.py
        # runs the same rules on Redis.
        "PAGE_CACHE_TYPE": "SimpleCache",
        "PAGE_CACHE_GENERATION_DIR": str(instance / "page_generation"),
    }


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and _PG_PROBLEM:
        skip_or_fail(_PG_PROBLEM)
    return request.param


@pytest.fixture(scope="session")
def _schema_app(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """One app and one schema per database for the whole run."""
    instance = tmp_path_factory.mktemp(f"instance-{backend}")
    url = database_urls(instance)[backend]
    app = create_app(base_test_config(instance, url))
    with app.app_context():
        _reset_schema()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _reset_schema() -> None:
    """Start from nothing: the test database may hold tables of an older schema."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    else:
        db.drop_all()


def forget_cached_pages() -> None:
    """Tables emptied outside the ORM leave the generation alone: start each test afresh."""
    store = page_store()
    if store is not None:
        store.pages.clear()
        store.bump()


def _empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                conn.execute(table.delete())


@pytest.fixture
def app(_schema_app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """The app with empty tables, inside an app context.

    The app lives for the whole run, so whatever a test changes in its config (a mail
    server, a limit) is put back afterwards and cannot leak into the next test.
    """
    settings = dict(_schema_app.config)
    _schema_app.config["MAIL_CAPTURE_DIR"] = str(tmp_path / "mail")
    try:
        with _schema_app.app_context():
            _empty_all_tables()
            forget_cached_pages()
            yield _schema_app
            db.session.remove()
    finally:
        _schema_app.config.clear()
        _schema_app.config.update(settings)


class IsolatedClient(FlaskClient):
    """Each request gets its own app context, as in production.

    The test itself runs inside an app context; without this, requests would share its
    ``g`` and its database session. Afterwards the test's session forgets what it had
    loaded, so it reads what the request committed.
    """

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def factories(app: Flask) -> Factories:
    return Factories()


_CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """A CSRF token for ``client``'s session, read from a page as a browser would."""
    response = client.get(path)
    match = _CSRF_META.search(response.get_data(as_text=True))
    assert match, f"no CSRF meta tag on {path} (status {response.status_code})"
    return match.group(1)


@pytest.fixture
def csrf(client: FlaskClient):  # type: ignore[no-untyped-def]
    """``csrf()`` returns a token for the current session of ``client``."""

    def token(path: str = "/login") -> str:
        return csrf_token(client, path)

    return token


def login_as(client: FlaskClient, email: str, password: str = Factories.PASSWORD):  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/login")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def login(client: FlaskClient):  # type: ignore[no-untyped-def]
    """``login(user)`` signs ``user`` in on ``client`` through the real login form."""

    def do_login(user, password: str = Factories.PASSWORD):  # type: ignore[no-untyped-def]
        response = login_as(client, user.email, password)
        assert response.status_code == 302, "login failed"
        return response

    return do_login


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[SMTPServer]:
    """A real SMTP server on loopback (without SMTPUTF8); the app sends to it."""
    yield from serving(app, SMTPServer())


@pytest.fixture
def smtputf8_server(app: Flask) -> Iterator[SMTPServer]:
    """Like ``smtp_server``, but the server offers SMTPUTF8 (non-ASCII local parts)."""
    yield from serving(app, SMTPServer(smtputf8=True))


@contextmanager
def _counting(engine: sa.Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def count_queries(app: Flask):  # type: ignore[no-untyped-def]
    """``with count_queries() as statements:`` collects every SQL statement run inside.

    Pages are rendered inside (the page cache is off there), so the count is that of a
    first view; ``count_queries(cached=True)`` counts with the cache on, for cache hits.
    """

    @contextmanager
    def counter(cached: bool = False):  # type: ignore[no-untyped-def]
        kind = app.config["PAGE_CACHE_TYPE"]
        if not cached:
            app.config["PAGE_CACHE_TYPE"] = "NullCache"
        try:
            with _counting(db.engine) as statements:
                yield statements
        finally:
            app.config["PAGE_CACHE_TYPE"] = kind

    return counter


@pytest.fixture
def same_minute() -> Iterator[None]:
    """Start the test just after the top of a minute, with the clock running.

    The page cache keys a page by the minute (pages say "today", "in 20 minutes"), so a
    repeat view that crosses into the next minute renders afresh; a test that counts what a
    cache hit costs needs its first view and its repeat inside one minute.
    """
    start = (int(time.time()) // 60 + 1) * 60 + 1
    with time_machine.travel(start, tick=True):
        yield


# --- real browser -------------------------------------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _closed_before_sending(app: Flask) -> Any:
    """``app`` with each response read whole and closed before the server writes it.

    The development server closes a response only after draining the socket, and a browser
    that cancels a request (Chromium does, for an icon, when the next page starts loading)
    makes that read raise first, so a static file's handle would be left open.
    """

    def wsgi(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()

    return wsgi


@pytest.fixture
def live_server(app: Flask, backend: str) -> Iterator[str]:
    """The app served over HTTP on loopback, in a thread, on the test's database."""
    import threading

    from werkzeug.serving import make_server

    if backend != "sqlite":
        pytest.skip("browser journeys run once, on SQLite; PostgreSQL is covered by the rest")
    server = make_server("127.0.0.1", 0, _closed_before_sending(app), threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    old_base = app.config["BASE_URL"]
    app.config["BASE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        thread.join(timeout=5)
        app.config["BASE_URL"] = old_base


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"no Chromium at {CHROMIUM} (install Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield chromium
    chromium.close()
    playwright.stop()


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def new_page(browser, live_server):  # type: ignore[no-untyped-def]
    """``new_page(**context_options)`` opens a page in a fresh browser profile."""
    contexts = []

    def open_page(**options):  # type: ignore[no-untyped-def]
        context = browser.new_context(base_url=live_server, **(options or DESKTOP))
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):  # type: ignore[no-untyped-def]
    return new_page()


def browser_login(page, email: str, password: str = Factories.PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Sign in through the real login page."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
