"""A participant's cohort memberships in their data export, and their erasure."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from groupapp.accounts.models import User
from groupapp.cohorts import services
from groupapp.cohorts.models import Membership
from groupapp.core.i18n import current_locale
from groupapp.core.personal_data import register_section, register_wording
from groupapp.db import db
from groupapp.programs.translations import topic_words


def export(user: User) -> list[dict[str, Any]]:
    """Each cohort the user was invited to or joined, with dates and status."""
    rows = db.session.scalars(
        sa.select(Membership)
        .options(joinedload(Membership.cohort))
        .where(Membership.user_id == user.id)
        .order_by(Membership.id)
    )
    return [
        {
            "cohort": row.cohort.name,
            "status": row.status,
            "joined_on": row.joined_on.isoformat() if row.joined_on else None,
            "exited_on": row.exited_on.isoformat() if row.exited_on else None,
            "waitlisted_at": row.waitlisted_at.isoformat() if row.waitlisted_at else None,
        }
        for row in rows
    ]


def erase(user: User) -> None:
    """Free the user's places (the waitlist moves up).

    The membership rows stay, as exits with their dates, so a cohort's numbers (how many
    joined, stayed, left) do not change; the account they point to is anonymised.
    """
    rows = db.session.scalars(sa.select(Membership).where(Membership.user_id == user.id)).all()
    for membership in rows:
        if membership.status in services.OPEN_STATUSES:
            services.remove(membership, user, by_member=True)
    db.session.flush()


register_section("cohorts", export, erase)


def word_meetings(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """The attendance rows with each built-in topic's title in the reader's language
    (meetings are generated with the program's English titles)."""
    language = current_locale()
    attendance = [
        {**row, "topic": topic_words(row["topic"], language) if row["topic"] else row["topic"]}
        for row in data.get("attendance", [])
    ]
    return {**data, "attendance": attendance}


register_wording("meetings", word_meetings)
