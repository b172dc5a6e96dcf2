"""Building announcements and threads through the real services."""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.cohorts.models import Cohort
from groupapp.db import db
from groupapp.messaging import announcements, threads
from groupapp.messaging.models import Announcement, MessageThread


def announce(
    cohort: Cohort, author: User, subject: str = "Room change", **kw: object
) -> Announcement:
    """An announcement posted by ``author`` (committed)."""
    text = announcements.AnnouncementText(
        subject,
        kw.pop("body", "We meet in Room 4 next week."),
        **kw,  # type: ignore[arg-type]
    )
    item = announcements.post(cohort, author, text)
    db.session.commit()
    return item


def open_thread(
    cohort: Cohort, participant: User, opener: User | None = None, body: str = "Can we talk?"
) -> MessageThread:
    """A thread about ``participant``, opened by them (or by ``opener``), committed."""
    message = threads.open_thread(
        cohort, participant, opener or participant, "About next week", body
    )
    db.session.commit()
    thread = db.session.get(MessageThread, message.thread_id)
    assert thread is not None
    return thread


def sign_out(client, csrf) -> None:  # type: ignore[no-untyped-def]
    """Sign the test client out, so the next ``login`` starts a new session."""
    client.post("/logout", data={"csrf_token": csrf("/privacy/notice")})
