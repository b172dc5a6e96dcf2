"""Preferences, one-click unsubscribe (RFC 8058) and the gate that honours them.

Unsubscribe links carry a signed ``(user id, category)`` token, so they work without a
session; they do not expire, because a link in an old email must still stop the mail.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import gettext
from itsdangerous import BadSignature, URLSafeSerializer

from groupapp.core import send_batch
from groupapp.core.mail import EmailContent
from groupapp.core.outbox import OutboxMessage, content_hook, send_gate
from groupapp.core.rows import get_or_create
from groupapp.db import db
from groupapp.notifications.kinds import category_label, category_of, is_essential
from groupapp.notifications.models import (
    DEFAULT_DIGEST_DAY,
    DEFAULT_DIGEST_HOUR,
    NotificationPreference,
    UndeliverableAddress,
)

_SALT = "groupapp.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user_id: int, category: str) -> str:
    return _serializer().dumps([user_id, category])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The ``(user id, category)`` a token names, or None when it was tampered with."""
    try:
        user_id, category = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(category, str):
        return None
    return user_id, category


def unsubscribe_url(user_id: int, category: str) -> str:
    """The absolute one-click link that turns ``category`` off for the user."""
    # The route's path is fixed but for the token at its end, and a token is URL-safe
    # (base64url and "."), so the rest is built once for a whole send batch.
    return send_batch.memo(_UNSUBSCRIBE_PREFIX, _unsubscribe_prefix) + unsubscribe_token(
        user_id, category
    )


_UNSUBSCRIBE_PREFIX = "notifications.unsubscribe_prefix"


def _unsubscribe_prefix() -> str:
    """``BASE_URL`` and the unsubscribe route's path up to its token."""
    path = url_for("notifications.unsubscribe", token="-")  # noqa: S106  (not a secret)
    if not path.endswith("/-"):
        raise LookupError(f"the unsubscribe route does not end with its token: {path}")
    return current_app.config["BASE_URL"] + path[:-1]


def preference_for(user_id: int) -> NotificationPreference:
    """The user's stored preferences, or an unsaved row holding the defaults."""
    found = db.session.get(NotificationPreference, user_id)
    return found or NotificationPreference(
        user_id=user_id, disabled=[], digest_day=0, digest_hour=8
    )


def _stored_preference(user_id: int) -> NotificationPreference:
    """The user's preference row, created with the defaults once even if asked twice at once."""
    return get_or_create(
        NotificationPreference,
        {"user_id": user_id},
        {"disabled": [], "digest_day": DEFAULT_DIGEST_DAY, "digest_hour": DEFAULT_DIGEST_HOUR},
    )


def save_preferences(user_id: int, disabled: list[str], digest_day: int, digest_hour: int) -> None:
    """Store the categories turned off and the digest's local day and hour (flushes)."""
    pref = _stored_preference(user_id)
    pref.disabled = sorted(set(disabled))
    pref.digest_day = digest_day
    pref.digest_hour = digest_hour
    db.session.flush()


def unsubscribe(user_id: int, category: str) -> bool:
    """Turn ``category`` off for the user; True when it changed (repeating is harmless)."""
    if category in (preference_for(user_id).disabled or []):
        return False
    pref = _stored_preference(user_id)
    pref.disabled = sorted({*(pref.disabled or []), category})
    db.session.flush()
    return True


def _undeliverable(rows: Sequence[OutboxMessage]) -> set[str]:
    """The rows' addresses with an open undeliverable mark."""
    emails = sorted({row.recipient_email for row in rows})
    return set(
        db.session.scalars(
            sa.select(UndeliverableAddress.email).where(
                UndeliverableAddress.email.in_(emails), UndeliverableAddress.cleared_at.is_(None)
            )
        )
    )


def _turned_off(rows: Sequence[OutboxMessage]) -> dict[int, list[str]]:
    """The categories each recipient of ``rows`` turned off (stored preferences only)."""
    ids = send_batch.recipient_ids(rows)
    if not ids:
        return {}
    found = db.session.execute(
        sa.select(NotificationPreference.user_id, NotificationPreference.disabled).where(
            NotificationPreference.user_id.in_(ids)
        )
    )
    return {user_id: list(disabled or []) for user_id, disabled in found}


@send_gate
def _honour_preferences(message: OutboxMessage) -> str | None:
    if is_essential(message.kind) or message.recipient_id is None:
        return None
    if message.recipient_email in send_batch.batched(_undeliverable, message):
        return "address undeliverable"
    disabled = send_batch.batched(_turned_off, message).get(message.recipient_id, [])
    if category_of(message.kind) in disabled:
        return "unsubscribed"
    return None


@content_hook
def _add_unsubscribe(message: OutboxMessage, content: EmailContent) -> None:
    if is_essential(message.kind) or message.recipient_id is None:
        return
    category = category_of(message.kind)
    url = unsubscribe_url(message.recipient_id, category)
    content.headers["List-Unsubscribe"] = f"<{url}>"
    content.headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # Rendered inside the recipient's language (the outbox's force_locale).
    label = gettext(category_label(category)).lower()
    stop = gettext("Stop emails about %(topic)s", topic=label)
    content.text = f"{content.text.rstrip()}\n\n{stop}: {url}\n"
    footer = current_app.jinja_env.get_template("email/notifications/_unsubscribe.html").render(
        url=url, label=label
    )
    if "</body>" in content.html:
        content.html = content.html.replace("</body>", f"{footer}</body>", 1)
    else:
        content.html += footer
