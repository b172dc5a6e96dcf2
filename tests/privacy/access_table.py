"""Access expectations for the privacy routes (format: tests/trust/README.md)."""

from __future__ import annotations

from groupapp.db import db
from groupapp.privacy.services import request_deletion
from tests.trust.matrix import ADMINS, PARTICIPANTS_ONLY, SIGNED_IN, Case, allow


def _owners_request(world):  # type: ignore[no-untyped-def]
    request = request_deletion(world.owner, "please remove my answers")
    db.session.commit()
    return {"request_id": request.id}


def _decline(world, values):  # type: ignore[no-untyped-def]
    return {"decision": "decline", "reason": "records must be kept for now"}


def _notice(world, values):  # type: ignore[no-untyped-def]
    return {"body": "We keep your answers private to your facilitators."}


ACCESS = {
    "privacy.notice": Case(get={**SIGNED_IN, **allow("support_person")}),
    "privacy.accept_notice": Case(post=SIGNED_IN),
    "privacy.my_data": Case(get=SIGNED_IN, audit={"GET": "privacy.export.viewed"}),
    "privacy.my_data_json": Case(get=SIGNED_IN, audit={"GET": "privacy.export.downloaded"}),
    "privacy.deletion": Case(
        get=PARTICIPANTS_ONLY,
        post=PARTICIPANTS_ONLY,
        audit={"POST": "privacy.deletion.requested"},
    ),
    "privacy.deletion_requests": Case(get=ADMINS),
    "privacy.edit_notice": Case(
        get=ADMINS, post=ADMINS, data=_notice, audit={"POST": "privacy.notice.published"}
    ),
    "privacy.decide_deletion": Case(
        values=_owners_request,
        get=allow("admin"),
        post=allow("admin"),
        data=_decline,
        audit={"GET": "privacy.deletion.viewed", "POST": "privacy.deletion.declined"},
    ),
}
