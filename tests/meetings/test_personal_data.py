"""Attendance and memberships appear in a participant's export; erasure keeps the numbers."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.cohorts import calendar
from groupapp.cohorts import personal_data as cohort_data
from groupapp.cohorts.attendance import Mark, record_roster
from groupapp.cohorts.models import Membership
from groupapp.core.personal_data import export_user
from groupapp.db import db
from groupapp.meetings import personal_data as meeting_data
from groupapp.meetings.models import Attendance, CalendarFeed
from tests.cohorts.builders import enrol, make_cohort, shift_to_past, waitlist_someone


def test_export_and_erase(app, factories) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories, capacity=1)
    (ana,) = enrol(world, factories, 1)
    waiting = waitlist_someone(world, factories)
    shift_to_past(world, 1)
    record_roster(world.meetings()[0], {ana.id: Mark("late", "train delayed")}, world.facilitator)
    calendar.feed_for(ana)
    db.session.commit()

    exported = export_user(ana)
    [mark] = exported["meetings"]["attendance"]
    assert (mark["status"], mark["comment"], mark["cohort"]) == (
        "late",
        "train delayed",
        world.cohort.name,
    )
    assert exported["meetings"]["calendar_feed_enabled"] is True
    assert exported["cohorts"][0]["status"] == "active"

    meeting_data.erase(ana)
    cohort_data.erase(ana)
    db.session.commit()
    assert db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == ana.id)) is None
    # The cohort's attendance and membership numbers stay; the words go.
    [kept] = db.session.scalars(sa.select(Attendance).where(Attendance.user_id == ana.id)).all()
    assert (kept.status, kept.comment) == ("late", "")
    [left] = db.session.scalars(sa.select(Membership).where(Membership.user_id == ana.id)).all()
    assert left.status == "exited"
    assert left.exited_on is not None
    # Their place went to the next person on the waitlist.
    promoted = db.session.scalar(sa.select(Membership).where(Membership.user_id == waiting.id))
    assert promoted.status == "active"
