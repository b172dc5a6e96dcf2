"""Per-person and per-cohort rows are created once, even when two requests race for them.

Two browsers (each its own thread, app context and database connection) open the same
page for the first time. A barrier holds each request at its INSERT until both have read
that the row is missing, so the race really happens on every run, on both databases.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from flask import Flask

from groupapp.accounts.models import ConsentRecord
from groupapp.db import db
from groupapp.meetings.models import CalendarFeed
from groupapp.notifications.models import CohortNotificationSettings, NotificationPreference
from groupapp.privacy import services as privacy
from tests.conftest import IsolatedClient, csrf_token, login_as
from tests.support.factories import Factories


@contextmanager
def inserts_meet(table: str, parties: int = 2) -> Iterator[threading.Barrier]:
    """Hold every INSERT into ``table`` until ``parties`` of them are waiting."""
    barrier = threading.Barrier(parties, timeout=10)

    def hold(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()}"):
            barrier.wait()

    sa.event.listen(db.engine, "before_cursor_execute", hold)
    try:
        yield barrier
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", hold)


def at_once(
    app: Flask, requests: list[Callable[[IsolatedClient], Any]], users: list[Any]
) -> list[Any]:
    """Run request i in its own thread, in a browser signed in as users[i]; the responses."""
    clients = []
    for user in users:
        client = IsolatedClient(app, app.response_class)
        assert login_as(client, user.email).status_code == 302
        clients.append(client)
    results: list[Any] = [None] * len(requests)

    def run(index: int) -> None:
        try:
            with app.app_context():  # this thread's own context, session and connection
                results[index] = requests[index](clients[index])
        except Exception as exc:  # reported by the test's assertions
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _count(model: type[Any], **where: Any) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).filter_by(**where))


def test_two_tabs_open_the_calendar_page_for_the_first_time(app, factories: Factories) -> None:  # type: ignore[no-untyped-def]
    person = factories.user("participant")  # no privacy notice to accept first
    with inserts_meet("calendar_feeds"):
        first, second = at_once(app, [lambda c: c.get("/calendar")] * 2, [person] * 2)
    assert not isinstance(first, Exception), first
    assert not isinstance(second, Exception), second
    assert (first.status_code, second.status_code) == (200, 200)
    assert _count(CalendarFeed, user_id=person.id) == 1
    token = db.session.scalar(
        sa.select(CalendarFeed.token).where(CalendarFeed.user_id == person.id)
    )
    assert token in first.get_data(as_text=True)
    assert token in second.get_data(as_text=True)


def test_two_tabs_save_email_settings_for_the_first_time(app, factories: Factories) -> None:  # type: ignore[no-untyped-def]
    person = factories.user("participant")

    def save(hour: int) -> Callable[[IsolatedClient], Any]:
        def send(client: IsolatedClient) -> Any:
            token = csrf_token(client, "/notifications/preferences")
            return client.post(
                "/notifications/preferences",
                data={"digest_day": "2", "digest_hour": str(hour), "csrf_token": token},
            )

        return send

    with inserts_meet("notification_preferences"):
        results = at_once(app, [save(7), save(9)], [person] * 2)
    assert [getattr(r, "status_code", r) for r in results] == [302, 302]
    assert _count(NotificationPreference, user_id=person.id) == 1
    stored = db.session.get(NotificationPreference, person.id)
    assert stored.digest_day == 2
    assert stored.digest_hour in (7, 9)


def test_two_facilitators_save_a_cohorts_first_timings(app, factories: Factories) -> None:  # type: ignore[no-untyped-def]
    org = factories.org()
    lead, co = factories.user("facilitator", org=org), factories.user("facilitator", org=org)
    cohort = factories.cohort(org, [lead, co])
    path = f"/notifications/cohorts/{cohort.id}/timings"

    def save(client: IsolatedClient) -> Any:
        token = csrf_token(client, path)
        data = {
            "reminder_hours": "24, 2",
            "overdue_days": "1",
            "escalation_minutes": "30",
            "csrf_token": token,
        }
        return client.post(path, data=data)

    with inserts_meet("cohort_notification_settings"):
        results = at_once(app, [save, save], [lead, co])
    assert [getattr(r, "status_code", r) for r in results] == [302, 302]
    assert _count(CohortNotificationSettings, cohort_id=cohort.id) == 1
    assert db.session.get(CohortNotificationSettings, cohort.id).reminder_hours == [24, 2]


def test_accepting_the_privacy_notice_in_two_tabs_stores_one_record(
    app, factories: Factories
) -> None:  # type: ignore[no-untyped-def]
    person = factories.user("participant")
    admin = factories.user("admin", org=person.organisation)
    notice = privacy.publish_notice(admin, "We keep your notes safe.")
    db.session.commit()

    def accept(client: IsolatedClient) -> Any:
        token = csrf_token(client, "/privacy/notice")
        return client.post(
            "/privacy/notice/accept", data={"version": str(notice.version), "csrf_token": token}
        )

    with inserts_meet("consent_records"):
        results = at_once(app, [accept, accept], [person] * 2)
    assert [getattr(r, "status_code", r) for r in results] == [302, 302]
    assert _count(ConsentRecord, user_id=person.id, document="privacy_notice") == 1
