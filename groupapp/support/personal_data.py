"""The support person in a participant's export and erasure."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.core.personal_data import register_section
from groupapp.db import db
from groupapp.support.models import SupportLink, SupportView
from groupapp.support.services import revoke


def _links(user: User) -> list[SupportLink]:
    return list(
        db.session.scalars(
            sa.select(SupportLink)
            .where(SupportLink.participant_id == user.id)
            .order_by(SupportLink.id)
        )
    )


def export_support(user: User) -> list[dict[str, Any]]:
    """Each support person invited: address, choices, dates, and what they opened when."""
    result = []
    for link in _links(user):
        views = db.session.scalars(
            sa.select(SupportView).where(SupportView.link_id == link.id).order_by(SupportView.id)
        )
        result.append(
            {
                "email": link.email,
                "sees_schedule": link.sees_schedule,
                "sees_homework": link.sees_homework,
                "shared_homework_ids": list(link.shared_submission_ids),
                "invited_at": link.created_at.isoformat(),
                "accepted_at": link.accepted_at.isoformat() if link.accepted_at else None,
                "revoked_at": link.revoked_at.isoformat() if link.revoked_at else None,
                "viewed": [
                    {
                        "what": v.what,
                        "submission_id": v.submission_id,
                        "at": v.viewed_at.isoformat(),
                    }
                    for v in views
                ],
            }
        )
    return result


def erase_support(user: User) -> None:
    """End any live access (signing the support person out), then delete the links and
    their log: nothing of the participant stays for their support person to see."""
    links = _links(user)
    for link in links:
        if link.is_live:
            revoke(link)
    ids = [link.id for link in links]
    if ids:
        db.session.execute(sa.delete(SupportView).where(SupportView.link_id.in_(ids)))
        db.session.execute(sa.delete(SupportLink).where(SupportLink.id.in_(ids)))
    db.session.flush()


register_section("support_person", export_support, erase_support)
