"""Topic handouts as members meet them: after the meeting on the topic.

A generated meeting's ``position`` is its topic's place in the cohort's program, so the
handout of a meeting is the program topic at that position. Members see it once the
meeting has ended (never for a cancelled or extra meeting); staff see it at any time on
the program pages. The start page lists handouts of the past week, and the export holds
every handout of the meetings a member's cohorts have held.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.membership_state import joined_cohort_ids
from groupapp.cohorts.models import Cohort
from groupapp.core.dashboard import register_panel
from groupapp.core.i18n import user_locale
from groupapp.core.personal_data import register_section
from groupapp.db import db, utcnow
from groupapp.meetings.models import Meeting
from groupapp.programs.handouts import Handout
from groupapp.programs.models import Program, ProgramTopic
from groupapp.programs.translations import TopicWords, topic_in_language

# How long after a meeting its handout stays on the member's start page.
START_PAGE_DAYS = 7


@dataclass(frozen=True)
class MeetingHandout:
    """A handout as a member reads it: the meeting it followed and its two texts."""

    meeting_id: int
    cohort_name: str
    topic: str
    ends_at: datetime
    about: str
    practice: str


def _handout_rows() -> sa.Select[
    int, str, str, datetime, str, str, str | None, int, dict[str, dict[str, str]] | None
]:
    """Meetings joined to the topic (and its handout) their position names, with the
    built-in program it came from (for the reader's language)."""
    return (
        sa.select(
            Meeting.id,
            Cohort.name,
            ProgramTopic.title,
            Meeting.ends_at,
            ProgramTopic.handout_about,
            ProgramTopic.handout_practice,
            Program.source_slug,
            ProgramTopic.position,
            ProgramTopic.translations,
        )
        .join(Cohort, Cohort.id == Meeting.cohort_id)
        .join(Program, Program.id == Cohort.program_id)
        .join(
            ProgramTopic,
            sa.and_(
                ProgramTopic.program_id == Cohort.program_id,
                ProgramTopic.position == Meeting.position,
            ),
        )
        .where(
            Meeting.status != "cancelled",
            sa.or_(ProgramTopic.handout_about != "", ProgramTopic.handout_practice != ""),
        )
    )


def _shown(rows: Any, language: str) -> list[MeetingHandout]:
    """Rows as handouts in ``language`` where the built-in program has it."""
    found = []
    for meeting_id, cohort, title, ends_at, about, practice, slug, position, own in rows:
        english = TopicWords(title, Handout(about, practice))
        words = topic_in_language(slug, position, english, own, language)
        found.append(
            MeetingHandout(
                meeting_id,
                cohort,
                words.title,
                ends_at,
                words.handout.about,
                words.handout.practice,
            )
        )
    return found


def meeting_handout(
    meeting: Meeting, now: datetime | None = None, language: str = "en"
) -> MeetingHandout | None:
    """The handout members read after ``meeting`` (None before it ends, or without one),
    in ``language`` where the built-in program has it.

    One statement. Access is the caller's: the meeting page has checked it already.
    """
    if meeting.position is None or meeting.ends_at > (now or utcnow()):
        return None
    rows = db.session.execute(_handout_rows().where(Meeting.id == meeting.id)).all()
    found = _shown(rows, language)
    return found[0] if found else None


def member_handouts(
    user_id: int,
    *,
    since: datetime | None = None,
    now: datetime | None = None,
    language: str = "en",
) -> list[MeetingHandout]:
    """Handouts of ended meetings in the cohorts ``user_id`` has joined, newest first, in
    ``language`` where the built-in program has it.

    ``since`` keeps meetings that ended after it. One statement however many meetings.
    """
    now = now or utcnow()
    query = _handout_rows().where(
        Meeting.cohort_id.in_(joined_cohort_ids(user_id)), Meeting.ends_at <= now
    )
    if since is not None:
        query = query.where(Meeting.ends_at > since)
    rows = db.session.execute(query.order_by(Meeting.ends_at.desc(), Meeting.id))
    return _shown(rows, language)


def recent_handouts(user: User) -> list[MeetingHandout]:
    """The start page's handouts: meetings of the past ``START_PAGE_DAYS`` days."""
    if user.role != "participant":
        return []
    since = utcnow() - timedelta(days=START_PAGE_DAYS)
    return member_handouts(user.id, since=since, language=user_locale(user))


def export_handouts(user: User) -> list[dict[str, Any]]:
    """Every handout the person's cohorts have given out, for their export."""
    return [
        {
            "cohort": item.cohort_name,
            "topic": item.topic,
            "after_meeting_ending": item.ends_at.isoformat(),
            "about": item.about,
            "practice": item.practice,
        }
        for item in member_handouts(user.id, language=user_locale(user))
    ]


def _nothing_to_erase(user: User) -> None:
    """Handouts belong to the program, not to the member: nothing of theirs to delete."""


register_panel("meetings/_handout_panel.html", recent_handouts, order=30)
register_section("handouts", export_handouts, _nothing_to_erase)
