"""Cancelling homework: it leaves every list, handed-in work stays readable by staff."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from werkzeug.datastructures import MultiDict

from groupapp.cohorts.calendar import feed_body
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db
from groupapp.homework.changes import cancel
from groupapp.homework.models import Feedback, Submission
from groupapp.homework.notices import CANCELLED, DUE_SOON
from groupapp.homework.services import Due, submit
from groupapp.notifications.scanners.homework import homework_rows
from tests.cohorts.builders import enrol, make_cohort
from tests.homework.support import THOUGHT_RECORD, Homework, logout, post
from tests.trust.audit import assert_audited


def _two_given(hw: Homework, kept_meeting: int = 3):  # type: ignore[no-untyped-def]
    """A saying-no log nobody started, and a thought record (due at meeting 2) Bob handed in."""
    kept = hw.give("saying-no-log", due=Due(meeting_number=kept_meeting))
    cancelled = hw.give(due=Due(meeting_number=2))
    submit(hw.submission(cancelled, hw.bob), MultiDict(THOUGHT_RECORD))
    db.session.commit()
    return kept, cancelled


def test_cancelling_asks_first_then_tells_members_and_keeps_the_work(  # type: ignore[no-untyped-def]
    hw, client, login, smtp_server
):
    kept, assignment = _two_given(hw)
    login(hw.facilitator)
    grid = client.get(f"/homework/cohorts/{hw.cohort.id}/grid").get_data(as_text=True)
    assert f"/homework/assignments/{assignment.id}/cancel" in grid
    page = client.get(f"/homework/assignments/{assignment.id}/cancel").get_data(as_text=True)
    assert "Cancel “Thought record”?" in page
    assert "1 of 2 member(s) handed it in" in page
    assert db.session.get(type(assignment), assignment.id).cancelled_at is None  # not yet

    assert post(client, f"/homework/assignments/{assignment.id}/cancel", {}).status_code == 302
    db.session.expire_all()
    assert assignment.cancelled_at is not None
    assert (
        db.session.scalar(
            db.select(db.func.count(Submission.id)).where(Submission.assignment_id == assignment.id)
        )
        == 2
    )
    assert_audited("homework.assignment.cancel", actor=hw.facilitator, object=assignment)
    told = [m for m in smtp_server.messages if m["Subject"] == "Homework cancelled: Thought record"]
    assert sorted(m["To"] for m in told) == sorted([hw.alice.email, hw.bob.email])
    assert THOUGHT_RECORD["situation"] not in told[0].as_string()
    assert assignment.instructions[:40] not in told[0].as_string()
    keys = {m.dedupe_key for m in db.session.scalars(db.select(OutboxMessage))}
    assert f"{CANCELLED}:{hw.alice.id}:{hw.submission(assignment, hw.alice).id}" in keys
    queued = db.session.scalars(
        db.select(OutboxMessage).where(
            OutboxMessage.kind == DUE_SOON, OutboxMessage.status == "queued"
        )
    ).all()
    assert {m.params["submission_id"] for m in queued} == {
        hw.submission(kept, user).id for user in (hw.alice, hw.bob)
    }

    # Staff still read what Bob handed in, but can no longer respond to it.
    bobs = hw.submission(assignment, hw.bob)
    grid = client.get(f"/homework/cohorts/{hw.cohort.id}/grid").get_data(as_text=True)
    assert "Cancelled homework" in grid
    assert f"/homework/{bobs.id}/review" in grid
    review = client.get(f"/homework/{bobs.id}/review").get_data(as_text=True)
    assert THOUGHT_RECORD["situation"] in review
    assert "This homework was cancelled" in review
    post(client, f"/homework/{bobs.id}/comment", {"body": "Thanks"})
    assert db.session.scalar(db.select(Feedback)) is None
    assert "Thought record" not in client.get("/homework/review").get_data(as_text=True)
    page = post(client, f"/homework/assignments/{assignment.id}/due", {"due_kind": "none"})
    assert page.status_code == 302
    db.session.expire_all()
    assert assignment.due_meeting_number == 2


def test_participants_no_longer_see_cancelled_homework(hw, client, login):  # type: ignore[no-untyped-def]
    _, assignment = _two_given(hw)
    alices, bobs = hw.submission(assignment, hw.alice), hw.submission(assignment, hw.bob)
    bobs.share_with_group, bobs.shared_name = True, "Bob"
    cancel(assignment)
    db.session.commit()
    login(hw.alice)
    for path in ("/homework/", "/my/meetings", f"/homework/cohorts/{hw.cohort.id}/shared"):
        page = client.get(path).get_data(as_text=True)
        assert "Saying-no practice log" in page or path.endswith("shared")
        assert "Thought record" not in page, path
    assert "Thought record" not in feed_body(hw.alice).decode()
    assert "Saying-no practice log" in feed_body(hw.alice).decode()
    assert client.get(f"/homework/{alices.id}").status_code == 404
    assert client.get(f"/homework/{bobs.id}/read").status_code == 404
    logout(client)
    login(hw.bob)
    assert client.get(f"/homework/{bobs.id}/read").status_code == 404


def test_only_the_cohorts_staff_may_move_or_cancel(hw, client, login, factories):  # type: ignore[no-untyped-def]
    assignment = hw.give()
    other = make_cohort(factories, org=hw.world.org)
    paths = [f"/homework/assignments/{assignment.id}/{page}" for page in ("due", "cancel")]
    for user, refused in ((hw.alice, 403), (other.facilitator, 404)):
        login(user)
        for path in paths:
            assert client.get(path).status_code == refused
            assert post(client, path, {"due_kind": "none"}).status_code == refused
        logout(client)
    db.session.expire_all()
    assert assignment.cancelled_at is None
    assert assignment.due_meeting_number == 2
    admin = factories.user("admin", org=hw.world.org)
    login(admin)
    assert post(client, paths[1], {}).status_code == 302
    db.session.expire_all()
    assert assignment.cancelled_at is not None
    assert_audited("homework.assignment.cancel", actor=admin, object=assignment)


def test_scanner_passes_over_cancelled_homework(hw):  # type: ignore[no-untyped-def]
    _, cancelled = _two_given(hw, kept_meeting=2)
    cancel(cancelled)
    db.session.commit()
    due = cancelled.due_at
    assert due is not None
    for moment in (due - timedelta(hours=2), due + timedelta(days=1, hours=2)):
        with time_machine.travel(moment, tick=False):
            reached = {row["params"]["submission_id"] for row in homework_rows(moment)}
        assert reached, "the scanner found nothing at all"
        assert not reached & {s.id for s in cancelled.submissions}


def test_grid_costs_the_same_with_cancelled_homework(hw, client, login, count_queries):  # type: ignore[no-untyped-def]
    _, cancelled = _two_given(hw)
    enrol(hw.world, hw.factories, 3)
    login(hw.facilitator)
    path = f"/homework/cohorts/{hw.cohort.id}/grid"
    sizes = []
    for step in range(2):
        if step:
            cancel(cancelled)
            db.session.commit()
        with count_queries() as statements:
            page = client.get(path)
        assert page.status_code == 200
        sizes.append(len(statements))
    assert sizes[0] == sizes[1]
