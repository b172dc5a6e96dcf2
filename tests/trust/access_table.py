"""Access expectations for the core routes (format: tests/trust/README.md)."""

from __future__ import annotations

from tests.trust.matrix import DENY, PUBLIC, SIGNED_IN, Case, allow, everyone

ACCESS = {
    "core.index": Case(
        get={**SIGNED_IN, **allow("support_person")}, note="sends each person to their home page"
    ),
    "core.home": Case(get=SIGNED_IN),
    "core.healthz": Case(get=PUBLIC),
    # Development only (DEV_MAIL_VIEWER is off in production, where it answers 404).
    "core.dev_mail": Case(get=PUBLIC),
    "core.dev_mail_message": Case(
        values=lambda world: {"name": "no-such-message"}, get=everyone(DENY)
    ),
    "core.dev_mail_html": Case(
        values=lambda world: {"name": "no-such-message"}, get=everyone(DENY)
    ),
    "core.dev_mail_attachment": Case(
        values=lambda world: {"name": "no-such-message", "index": 0}, get=everyone(DENY)
    ),
}
