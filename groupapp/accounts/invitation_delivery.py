"""Whether an invitation's email could be delivered, for the people who sent them.

An invitation's email is the outbox row with dedupe key ``invitation:<id>``. When the
mail server refuses it for good (a bad address, or letters before the ``@`` that the
server cannot send to), the reason is shown where the invitation was made: the cohort
page and the invite page.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from groupapp.accounts.models import Invitation
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db, utcnow

#: How far back the invite page looks for invitations that could not be delivered.
RECENT = timedelta(days=14)


def failed_delivery() -> ColumnElement[bool]:
    """Join condition: the invitation's email row, when it failed for good."""
    return sa.and_(
        OutboxMessage.dedupe_key == sa.literal("invitation:") + sa.cast(Invitation.id, sa.String),
        OutboxMessage.status == "failed",
    )


def undelivered_by(inviter_id: int) -> list[tuple[Invitation, str]]:
    """Recent open invitations this person sent whose email failed, with the reason.

    One query; newest first.
    """
    rows = db.session.execute(
        sa.select(Invitation, OutboxMessage.last_error)
        .join(OutboxMessage, failed_delivery())
        .where(
            Invitation.invited_by_id == inviter_id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.created_at >= utcnow() - RECENT,
        )
        .order_by(Invitation.created_at.desc())
    ).all()
    return [(invitation, reason or "") for invitation, reason in rows]
