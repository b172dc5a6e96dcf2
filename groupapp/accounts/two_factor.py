"""Optional TOTP two-factor authentication for staff, with hashed single-use recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import pyotp
import segno
import sqlalchemy as sa
from markupsafe import Markup

from groupapp.accounts.models import RecoveryCode, User
from groupapp.db import db, utcnow

ISSUER = "groupapp"
RECOVERY_CODE_COUNT = 10
_STEP_SECONDS = 30


def new_secret() -> str:
    return pyotp.random_base32()


def pending_secret(user: User) -> str:
    """The key to show during setup: the same one until setup succeeds or is cancelled.

    Kept on the user row rather than in the session cookie, so a wrong code, a reload, an
    idle sign-out or a new sign-in never replaces the entry already scanned. Flushes.
    """
    if not user.totp_pending_secret:
        user.totp_pending_secret = new_secret()
        db.session.flush()
    return user.totp_pending_secret


def provisioning_uri(secret: str, user: User) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> Markup:
    """The enrolment QR code as inline SVG (no image request, no script: fits the CSP)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#1d2433", light="#ffffff")
    # Safe to mark up: segno builds the SVG from path data only; no user text appears in it.
    return Markup(svg)  # noqa: S704  # nosec B704


def required_for(user: User) -> bool:
    """Whether the user's organisation insists that this person uses a second factor."""
    return user.is_staff and bool(user.organisation.require_staff_2fa)


def _normalise(code: str) -> str:
    return "".join(ch for ch in code if ch.isalnum()).lower()


def code_matches(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step of a valid, unused code (one step of clock drift allowed), else None."""
    digits = _normalise(code)
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(time.time()) // _STEP_SECONDS
    for step in (now_step - 1, now_step, now_step + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.at(step * _STEP_SECONDS), digits):
            return step
    return None


def verify_totp(user: User, code: str) -> bool:
    """Check a code from the app and remember its step so it cannot be replayed."""
    if not user.totp_secret:
        return False
    step = code_matches(user.totp_secret, code, user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    return True


def _hash_code(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; the plain codes are shown once and never stored."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash_code(c)) for c in codes)
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    row = db.session.scalar(
        sa.select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash_code(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if row is None:
        return False
    row.used_at = utcnow()
    return True


def verify_second_factor(user: User, code: str) -> bool:
    """A code from the authenticator app, or an unused recovery code."""
    return verify_totp(user, code) or use_recovery_code(user, code)


def enable(user: User, secret: str, used_step: int) -> list[str]:
    """Turn the second factor on; the code that proved the setup cannot be used again."""
    user.totp_secret = secret
    user.totp_last_step = used_step
    user.totp_pending_secret = None
    return new_recovery_codes(user)


def disable(user: User) -> None:
    user.totp_secret = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def remaining_recovery_codes(user: User) -> int:
    return int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(RecoveryCode)
            .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
        )
        or 0
    )
