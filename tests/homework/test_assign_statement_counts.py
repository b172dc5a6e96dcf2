"""Assigning homework runs the same number of statements for a small and a large cohort."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from groupapp.core.outbox import OutboxMessage
from groupapp.db import db
from groupapp.homework.models import Assignment, Submission
from tests.cohorts.builders import enrol
from tests.homework.support import token


def _assign_counted(client, hw, count_queries) -> int:  # type: ignore[no-untyped-def]
    """Statements of one assign form POST (the CSRF token fetched beforehand)."""
    path = f"/homework/cohorts/{hw.cohort.id}/assign"
    form = {
        "template": "builtin:thought-record",
        "audience": "cohort",
        "due_kind": "meeting",
        "meeting_number": "2",
        "csrf_token": token(client, path),
    }
    with count_queries() as statements:
        response = client.post(path, data=MultiDict(form))
    assert response.status_code == 302
    return len(statements)


def test_the_assign_page_post_does_not_grow_with_the_cohort(
    app, hw, client, login, count_queries, monkeypatch
):  # type: ignore[no-untyped-def]
    # Mail waits in the outbox for the worker, as in production: sending it is the
    # worker's statements, not the request's.
    monkeypatch.setitem(app.config, "MAIL_DISPATCH", "celery-down")
    login(hw.facilitator)
    small = _assign_counted(client, hw, count_queries)
    enrol(hw.world, hw.factories, 8)
    large = _assign_counted(client, hw, count_queries)
    print("statements per assign:", small, large)
    assert large == small
    latest = db.session.scalar(db.select(Assignment).order_by(Assignment.id.desc()))
    assert latest is not None
    given = db.session.scalars(db.select(Submission).where(Submission.assignment_id == latest.id))
    assert len(given.all()) == 10
    told = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.kind == "homework_assigned")
    )
    assert len(told.all()) == 12  # two members the first time, ten the second
