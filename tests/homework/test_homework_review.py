"""Facilitators: the review queue, comments, marking reviewed, revision requests."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from werkzeug.datastructures import MultiDict

from groupapp.core.outbox import OutboxMessage
from groupapp.db import db
from groupapp.homework.models import REVIEWED, REVISION_REQUESTED, SUBMITTED, Submission
from groupapp.homework.services import Due, submit
from tests.homework.support import THOUGHT_RECORD, logout, post


def _hand_in(sub: Submission, when: datetime, **changes: str) -> None:
    with time_machine.travel(when, tick=False):
        assert submit(sub, MultiDict({**THOUGHT_RECORD, **changes})) == {}
    db.session.commit()


def test_queue_lists_handed_in_work_oldest_first_across_cohorts(hw, client, login):  # type: ignore[no-untyped-def]
    from tests.homework.support import build

    other = build(hw.factories)  # another cohort with its own facilitator
    first = hw.give(due=Due())
    hw_sub_bob, hw_sub_alice = hw.submission(first, hw.bob), hw.submission(first, hw.alice)
    _hand_in(hw_sub_bob, datetime(2026, 3, 5, 9, 0, tzinfo=UTC), emotion="first in")
    _hand_in(hw_sub_alice, datetime(2026, 3, 4, 9, 0, tzinfo=UTC), emotion="oldest")
    foreign = other.submission(other.give(due=Due()), other.alice)
    _hand_in(foreign, datetime(2026, 3, 1, 9, 0, tzinfo=UTC))

    login(hw.facilitator)
    page = client.get("/homework/review").get_data(as_text=True)
    assert "2 waiting, oldest first." in page
    assert page.index("Alice Example") < page.index("Bob Example")
    assert f"/homework/{foreign.id}/review" not in page


def test_comment_reaches_the_participant_and_queues_an_email(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give(due=Due()), hw.alice)
    _hand_in(sub, datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    login(hw.facilitator)
    response = post(client, f"/homework/{sub.id}/comment", {"body": "Good catch.\nKeep going."})
    assert response.status_code == 302
    message = db.session.scalar(
        db.select(OutboxMessage).where(OutboxMessage.kind == "homework_feedback")
    )
    assert message is not None
    assert message.recipient_id == hw.alice.id
    assert "Keep going" not in str(message.params)

    logout(client)
    login(hw.alice)
    page = client.get(f"/homework/{sub.id}").get_data(as_text=True)
    assert "Good catch.<br>\nKeep going." in page


def test_mark_reviewed_closes_the_submission(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give(due=Due()), hw.alice)
    _hand_in(sub, datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    login(hw.facilitator)
    post(client, f"/homework/{sub.id}/reviewed", {"note": ""})
    db.session.expire_all()
    sub = db.session.get(Submission, sub.id)
    assert sub.status == REVIEWED
    assert sub.reviewed_by_id == hw.facilitator.id
    assert "Nothing is waiting for review." in client.get("/homework/review").get_data(as_text=True)


def test_revision_request_hands_it_back_with_the_note(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give(due=Due()), hw.alice)
    _hand_in(sub, datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    login(hw.facilitator)
    empty = post(client, f"/homework/{sub.id}/revision", {"note": " "}, follow_redirects=True)
    assert "Say what you would like revised." in empty.get_data(as_text=True)
    post(client, f"/homework/{sub.id}/revision", {"note": "Add evidence from last week."})
    db.session.expire_all()
    assert db.session.get(Submission, sub.id).status == REVISION_REQUESTED

    logout(client)
    login(hw.alice)
    listing = client.get("/homework/").get_data(as_text=True)
    assert listing.index("Revision requested") < listing.index("Thought record")
    page = client.get(f"/homework/{sub.id}").get_data(as_text=True)
    assert "Add evidence from last week." in page
    assert "If I refuse she will stop talking to me.</textarea>" in page  # starts from their work
    post(client, f"/homework/{sub.id}", {**THOUGHT_RECORD, "action": "submit"})
    db.session.expire_all()
    assert db.session.get(Submission, sub.id).status == SUBMITTED


def test_facilitator_cannot_review_what_is_not_handed_in(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give(due=Due()), hw.alice)
    login(hw.facilitator)
    page = post(client, f"/homework/{sub.id}/reviewed", {}, follow_redirects=True)
    assert "Only handed-in homework can be marked reviewed." in page.get_data(as_text=True)
    page = post(client, f"/homework/{sub.id}/comment", {"body": "Hi"}, follow_redirects=True)
    assert "Comments can be left once the homework is handed in." in page.get_data(as_text=True)


def _handed_in_with_a_comment(hw, client, login, body: str) -> Submission:  # type: ignore[no-untyped-def]
    """Alice hands her work in; her facilitator, signed in, leaves a comment."""
    sub = hw.submission(hw.give(due=Due()), hw.alice)
    _hand_in(sub, datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    login(hw.facilitator)
    post(client, f"/homework/{sub.id}/comment", {"body": body})
    return sub


def test_one_review_sends_one_email(hw, client, login, smtp_server):  # type: ignore[no-untyped-def]
    sub = _handed_in_with_a_comment(hw, client, login, "Good catch.")
    post(client, f"/homework/{sub.id}/reviewed", {"note": "Well done this week."})
    db.session.expire_all()
    assert db.session.get(Submission, sub.id).status == REVIEWED
    feedback_emails = [m for m in smtp_server.wait_for(1) if "feedback" in m["Subject"].lower()]
    assert len(feedback_emails) == 1
    rows = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.kind == "homework_feedback")
    ).all()
    assert len(rows) == 1


def test_a_revision_request_and_the_next_review_are_each_told(hw, client, login, smtp_server):  # type: ignore[no-untyped-def]
    sub = _handed_in_with_a_comment(hw, client, login, "Good start.")
    post(client, f"/homework/{sub.id}/revision", {"note": "Add last week's example."})
    _hand_in(db.session.get(Submission, sub.id), datetime(2026, 3, 6, 9, 0, tzinfo=UTC))
    post(client, f"/homework/{sub.id}/reviewed", {"note": "Much clearer."})
    subjects = sorted(m["Subject"] for m in smtp_server.wait_for(3))
    assert len(subjects) == 3
    assert sum("revision" in subject for subject in subjects) == 1


def test_the_waiting_count_holds_on_every_page_of_the_queue(hw, client, login):  # type: ignore[no-untyped-def]
    from groupapp.core.pagination import encode_cursor
    from groupapp.homework.queries import review_queue

    first = hw.give(due=Due())
    _hand_in(hw.submission(first, hw.bob), datetime(2026, 3, 5, 9, 0, tzinfo=UTC))
    _hand_in(hw.submission(first, hw.alice), datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    login(hw.facilitator)
    assert "2 waiting, oldest first." in client.get("/homework/review").get_data(as_text=True)
    queue = review_queue(hw.facilitator)
    assert (len(queue.page.items), queue.waiting) == (2, 2)
    # A cursor past the last one (an old bookmark): no rows, and still the true count
    # (the audit row of the visit records it).
    beyond = encode_cursor((datetime(2027, 1, 1, tzinfo=UTC), 10**9))
    queue = review_queue(hw.facilitator, beyond)
    assert (len(queue.page.items), queue.waiting) == (0, 2)
