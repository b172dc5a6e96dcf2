"""With a real Celery worker, beat and SMTP server: message emails never carry the text,
announcement emails carry it only when asked, and the daily summary comes from beat."""

from __future__ import annotations

import pytest

from groupapp.core.outbox import dispatch_committed
from groupapp.db import db
from groupapp.messaging import announcements, threads
from tests.support.factories import Factories
from tests.support.smtp import body_text
from tests.worker.conftest import smtp, stack, wait_until  # noqa: F401  (the fixtures)

pytestmark = pytest.mark.worker

PRIVATE = "Sometimes I cannot say no to my sister and it wears me out."
SUBJECT = "Saying no at home"


def _cohort():  # type: ignore[no-untyped-def]
    factories = Factories()
    org = factories.org()
    lead = factories.user("facilitator", org=org, email="lead@example.com")
    member = factories.user("participant", org=org, email="member@example.com")
    cohort = factories.cohort(org, [lead], [member])
    return cohort, lead, member


def test_message_emails_from_the_worker_carry_no_text(stack):  # noqa: F811
    app = stack.app()
    stack.worker("--concurrency=1", "--pool=solo")
    with app.app_context():
        cohort, lead, member = _cohort()
        message = threads.open_thread(cohort, member, member, SUBJECT, PRIVATE)
        db.session.commit()
        dispatch_committed()
        assert wait_until(lambda: len(stack.smtp.messages) == 1)
        # Sent before the answer: an email for a message already read is skipped.
        threads.write(message_thread(message.thread_id), lead, "Thank you for telling me.")
        db.session.commit()
        dispatch_committed()
        assert wait_until(lambda: len(stack.smtp.messages) == 2)
        for mail in stack.smtp.messages:
            raw = mail.as_string()
            assert mail["Subject"] == "You have a new message in groupapp"
            assert PRIVATE not in raw
            assert SUBJECT not in raw
            assert "Thank you for telling me." not in raw
            assert "/messages/" in body_text(mail)
        assert sorted(str(m["To"]) for m in stack.smtp.messages) == [
            "lead@example.com",
            "member@example.com",
        ]


def message_thread(thread_id: int):  # type: ignore[no-untyped-def]
    return threads.load_thread(thread_id)


def test_announcements_carry_the_text_only_when_ticked(stack):  # noqa: F811
    app = stack.app()
    stack.worker("--concurrency=1", "--pool=solo")
    with app.app_context():
        cohort, lead, _member = _cohort()
        notice = announcements.AnnouncementText("Room change", "Room 4 from now on.")
        announcements.post(cohort, lead, notice)
        shown = announcements.AnnouncementText("Holiday", "No meeting on the 24th.", False, True)
        announcements.post(cohort, lead, shown)
        db.session.commit()
        dispatch_committed()
        assert wait_until(lambda: len(stack.smtp.messages) == 2)
        by_subject = {str(m["Subject"]): m for m in stack.smtp.messages}
        quiet = next(m for s, m in by_subject.items() if "new announcement" in s)
        assert "Room 4" not in quiet.as_string()
        loud = next(m for s, m in by_subject.items() if "Holiday" in s)
        assert "No meeting on the 24th." in body_text(loud)
        for mail in stack.smtp.messages:
            assert mail["Reply-To"] == "lead@example.com"


SUMMARY_SUBJECT = "You have new messages in groupapp"


def test_the_daily_summary_comes_from_beat(stack):  # noqa: F811
    app = stack.app()
    with app.app_context():
        cohort, lead, member = _cohort()
        threads.set_daily_summary(lead, True)
        db.session.commit()
        threads.open_thread(cohort, member, member, SUBJECT, PRIVATE)
        db.session.commit()
        dispatch_committed()  # nothing to hand over: the facilitator chose a summary
    stack.worker("--concurrency=1", "--pool=solo")
    stack.beat()

    # Beat runs every scan: in a weekly digest's slot (Monday from 8:00) digests come too.
    def summaries() -> list:  # type: ignore[type-arg]
        return [m for m in stack.smtp.messages if m["Subject"] == SUMMARY_SUBJECT]

    assert wait_until(lambda: len(summaries()) >= 1, timeout=30)
    [mail] = summaries()
    assert mail["To"] == "lead@example.com"
    assert mail["Subject"] == "You have new messages in groupapp"
    assert all(PRIVATE not in sent.as_string() for sent in stack.smtp.messages)
