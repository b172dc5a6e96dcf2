"""Homework due dates in each participant's calendar feed."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.cohorts.calendar import register_due_source, uid_domain
from groupapp.cohorts.membership_state import joined_cohort_ids
from groupapp.core.timezones import to_local
from groupapp.core.urls import external_url
from groupapp.db import db
from groupapp.homework.models import REVIEWED, SUBMITTED, Assignment, Submission
from groupapp.homework.queries import user_submissions
from groupapp.meetings.ical import CalendarDueDate, stable_uid
from groupapp.meetings.models import Meeting


def homework_version(user: User) -> list[sa.ColumnElement[Any]]:
    """What changes when the user's homework entries change: their submissions, those
    assignments, and the meetings the assignments are due at (counts and latest edits)."""
    mine = (
        sa.select(Submission.assignment_id, Submission.updated_at)
        .where(Submission.user_id == user.id)
        .subquery()
    )
    assignments = (
        sa.select(Assignment.updated_at, Assignment.due_meeting_id)
        .where(Assignment.id.in_(sa.select(mine.c.assignment_id)))
        .subquery()
    )
    due_meetings = (
        sa.select(Meeting.updated_at)
        .where(Meeting.id.in_(sa.select(assignments.c.due_meeting_id)))
        .subquery()
    )
    return [
        sa.select(sa.func.count()).select_from(mine).scalar_subquery(),
        sa.select(sa.func.max(mine.c.updated_at)).scalar_subquery(),
        sa.select(sa.func.max(assignments.c.updated_at)).scalar_subquery(),
        sa.select(sa.func.max(due_meetings.c.updated_at)).scalar_subquery(),
    ]


def homework_due_dates(user: User) -> list[CalendarDueDate]:
    """One all-day entry per piece of homework with a due time, ticked off once handed in.

    Only homework of cohorts the person has joined: leaving a cohort takes its due dates
    out of the feed at once (the homework stays on their own homework page).
    """
    joined = set(db.session.scalars(joined_cohort_ids(user.id)))
    return [
        CalendarDueDate(
            uid=stable_uid("homework", submission.id, uid_domain()),
            summary=f"Homework: {submission.assignment.title}",
            due_on=to_local(due, user.timezone).date(),
            url=external_url("homework.fill", submission_id=submission.id),
            done=submission.status in (SUBMITTED, REVIEWED),
        )
        for submission in user_submissions(user)
        if (due := submission.assignment.due_at) is not None
        and submission.assignment.cohort_id in joined
    ]


register_due_source(homework_due_dates, version=homework_version)
