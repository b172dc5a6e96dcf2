"""The account's own part of a participant's data export and erasure."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.accounts.models import ConsentRecord, RecoveryCode, RememberToken, User
from groupapp.core.personal_data import register_section
from groupapp.db import db


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_account(user: User) -> dict[str, Any]:
    consents = db.session.scalars(
        sa.select(ConsentRecord)
        .where(ConsentRecord.user_id == user.id)
        .order_by(ConsentRecord.accepted_at)
    )
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "organisation": user.organisation.name,
        "timezone": user.timezone,
        "joined_at": _iso(user.created_at),
        "last_login_at": _iso(user.last_login_at),
        "two_factor_enabled": bool(user.totp_secret),
        "consents": [
            {
                "document": c.document,
                "document_ref": c.document_ref,
                "version": c.version,
                "accepted_at": _iso(c.accepted_at),
            }
            for c in consents
        ],
    }


def erase_account_secrets(user: User) -> None:
    """Second-factor secrets and remember cookies go; the deletion service anonymises the
    profile itself."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(sa.delete(RememberToken).where(RememberToken.user_id == user.id))
    user.totp_secret = None
    user.totp_pending_secret = None
    user.totp_last_step = None


register_section("account", export_account, erase_account_secrets)
