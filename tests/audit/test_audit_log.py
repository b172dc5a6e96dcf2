"""The audit log: admins filter and export it; nothing in the app can change a row."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from groupapp.audit.models import AuditEvent
from groupapp.db import db
from tests.conftest import login_as
from tests.trust.audit import assert_audited


def _event(org, action, actor=None, subject=None, days_ago=0, reason=None):  # type: ignore[no-untyped-def]
    row = AuditEvent(
        action=action,
        object_type="Thing",
        object_id="1",
        organisation_id=org.id,
        actor_id=actor.id if actor else None,
        subject_user_id=subject.id if subject else None,
        reason=reason,
        occurred_at=datetime.now(UTC) - timedelta(days=days_ago),
    )
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def log(factories):  # type: ignore[no-untyped-def]
    org, other = factories.org(), factories.org()
    admin = factories.user("admin", org=org, name="Rosa Admin")
    facilitator = factories.user("facilitator", org=org, name="Maya Facilitator")
    sam = factories.user("participant", org=org, name="Sam Participant")
    priya = factories.user("participant", org=org, name="Priya Participant")
    stranger = factories.user("participant", org=other, name="Other Org Person")
    _event(org, "homework.submission.read", facilitator, sam, days_ago=10)
    _event(org, "homework.submission.read", facilitator, priya, days_ago=2)
    _event(org, "assessments.response.read", facilitator, sam, days_ago=1)
    _event(org, "privacy.export.viewed", sam, sam, reason='=HYPERLINK("x")')
    _event(other, "homework.submission.read", stranger, stranger)
    return {"admin": admin, "facilitator": facilitator, "sam": sam, "priya": priya}


def _rows(client, query: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/audit?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    rows = page[page.index("<tbody>") : page.index("</tbody>")]  # the entries, not the filters
    return rows.replace("<wbr>", "")  # action names may break only after their dots


def test_action_names_break_after_dots_not_inside_words(client, login, log):
    login(log["admin"])
    page = client.get("/audit").get_data(as_text=True)
    assert "homework.<wbr>submission.<wbr>read" in page


def test_admin_sees_only_their_organisation(client, login, log):
    login(log["admin"])
    page = _rows(client, "")
    assert page.count("homework.submission.read") == 2
    assert "Other Org Person" not in page


def test_filters_by_actor_subject_action_and_dates(client, login, log):
    login(log["admin"])
    by_subject = _rows(client, f"subject={log['sam'].id}")
    assert "assessments.response.read" in by_subject
    assert "Priya Participant" not in by_subject
    by_actor = _rows(client, f"actor={log['sam'].id}")
    assert "privacy.export.viewed" in by_actor
    assert "homework.submission.read" not in by_actor
    by_action = _rows(client, "action=homework")
    assert by_action.count("homework.submission.read") == 2
    assert "assessments.response.read" not in by_action
    since = (datetime.now(UTC) - timedelta(days=3)).date().isoformat()
    recent = _rows(client, f"action=homework&date_from={since}")
    assert recent.count("homework.submission.read") == 1
    until = (datetime.now(UTC) - timedelta(days=5)).date().isoformat()
    old = _rows(client, f"date_to={until}")
    assert old.count("homework.submission.read") == 1


def test_csv_export_is_filtered_safe_and_itself_audited(client, login, log):
    login(log["admin"])
    response = client.get(f"/audit/export.csv?subject={log['sam'].id}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {r["action"] for r in rows} == {
        "homework.submission.read",
        "assessments.response.read",
        "privacy.export.viewed",
    }
    reasons = [r["reason"] for r in rows if r["reason"]]
    assert reasons == ['\'=HYPERLINK("x")']  # a formula in the reason is defused
    assert_audited("audit.exported", actor=log["admin"])


def test_the_orm_refuses_to_update_or_delete_a_row(app, log):
    row = db.session.scalars(sa.select(AuditEvent)).first()
    row.reason = "rewritten"
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalars(sa.select(AuditEvent)).first())
    with pytest.raises(PermissionError):
        db.session.flush()
    db.session.rollback()


def test_bulk_statements_are_refused_too(app, log):
    with pytest.raises(PermissionError):
        db.session.execute(sa.update(AuditEvent).values(reason="x"))
    db.session.rollback()
    with pytest.raises(PermissionError):
        db.session.execute(sa.delete(AuditEvent))
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 5


def test_postgresql_refuses_even_raw_sql(app, backend, log):
    if backend != "postgresql":
        pytest.skip("the trigger is PostgreSQL's; SQLite relies on the ORM guard")
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(sa.text("UPDATE audit_events SET reason = 'x'"))
    db.session.rollback()
    with pytest.raises(DBAPIError, match="append-only"):
        db.session.execute(sa.text("DELETE FROM audit_events"))
    db.session.rollback()


def test_no_view_function_of_the_app_writes_update_or_delete_on_audit_rows():
    """A source check: only the audit package touches AuditEvent, and only to insert."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "groupapp"
    offenders = []
    for path in root.rglob("*.py"):
        if path.parent.name == "audit":
            continue  # the guard itself names what it refuses
        text = path.read_text()
        if "audit_events" in text:
            offenders.append(str(path))
        for needle in ("update(AuditEvent", "delete(AuditEvent"):
            if needle in text:
                offenders.append(f"{path}: {needle}")
    assert offenders == []


def test_participants_and_facilitators_cannot_open_the_log(client, login, log):
    login(log["facilitator"])
    assert client.get("/audit").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403


def _log_views(actor) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.action == "audit.read", AuditEvent.actor_id == actor.id)
            .order_by(AuditEvent.id)
        )
    )


@pytest.mark.usefixtures("same_minute")
def test_every_view_of_the_log_is_on_record_also_when_served_again(
    client, login, log, count_queries
):
    login(log["admin"])
    first = client.get("/audit")
    with count_queries(cached=True) as statements:
        again = client.get("/audit")
    assert again.get_data() == first.get_data()  # kept, not rendered again
    assert len(statements) <= 2  # the user loader and this view's own audit row
    views = _log_views(log["admin"])
    assert len(views) == 2
    assert views[0].occurred_at <= views[1].occurred_at
    assert {view.ip_address for view in views} == {"127.0.0.1"}
    assert {view.reason for view in views} == {"first page"}


def test_any_other_event_is_listed_at_the_next_view(client, login, log):
    login(log["admin"])
    assert "cohort.attendance.read" not in _rows(client, "")
    org = log["admin"].organisation
    _event(org, "cohort.attendance.read", log["facilitator"])  # a row added through the ORM
    assert "cohort.attendance.read" in _rows(client, "")
    row = {"action": "cohort.roster.read", "object_type": "Cohort", "organisation_id": org.id}
    db.session.execute(sa.insert(AuditEvent), [row])  # one statement, as rosters write
    db.session.commit()
    assert "cohort.roster.read" in _rows(client, "")


def test_another_admins_view_is_on_record_at_once_and_listed_with_the_next_event(
    app, client, login, log, factories
):
    org = log["admin"].organisation
    lee = factories.user("admin", org=org, name="Lee Second-Admin")
    other = app.test_client()
    login_as(other, lee.email)
    login(log["admin"])
    page = client.get("/audit").get_data(as_text=True)
    assert "Views of this log itself appear here within a minute" in page
    assert other.get("/audit").status_code == 200
    [view] = _log_views(lee)  # written at once, with its time and address
    assert view.ip_address == "127.0.0.1"
    _event(org, "privacy.export.viewed", log["sam"], log["sam"])
    rows = _rows(client, "").split("<tr>")
    assert any("audit.read" in row and "Lee Second-Admin" in row for row in rows)
