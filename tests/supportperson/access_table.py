"""Access expectations for the support person (tests/trust/README.md).

The world's owner has a support person (``support_person``) who accepted and sees the
owner's schedule. Every other table leaves that actor out, so every other page and API
call is expected to refuse them; these rows are the only ones that let them in.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from groupapp.db import db
from groupapp.support.models import SupportLink
from tests.homework.access_table import _handed_in
from tests.trust.matrix import PARTICIPANTS_ONLY, Case, allow

OWNER = allow("owner")
SUPPORTER = allow("support_person")


def owners_link(world) -> SupportLink:  # type: ignore[no-untyped-def]
    link = db.session.scalar(
        sa.select(SupportLink).where(SupportLink.participant_id == world.owner.id)
    )
    assert link is not None
    return link


def link_values(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"link_id": owners_link(world).id}


def shared_homework(world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A piece of the owner's handed-in homework, shared with their support person."""
    submission_id = _handed_in(world)["submission_id"]
    link = owners_link(world)
    link.sees_homework = True
    link.shared_submission_ids = [submission_id]
    db.session.commit()
    return {"link_id": link.id, "submission_id": submission_id}


def invite_form(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"email": "a.friend@example.org"}


def choices(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"schedule": "y"}


def choices_json(world, values) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {"schedule": True, "homework": False}


ACCESS = {
    "support.mine": Case(get=PARTICIPANTS_ONLY, post=PARTICIPANTS_ONLY, data=invite_form),
    "support.choose": Case(values=link_values, post=OWNER, data=choices),
    "support.revoke": Case(values=link_values, post=OWNER),
    "support.home": Case(get=SUPPORTER, audit={"GET": "support.view.schedule"}),
    "support.homework": Case(
        values=shared_homework, get=SUPPORTER, audit={"GET": "support.view.homework_item"}
    ),
    "api_support.get_support_person": Case(bearer=True, get=OWNER),
    "api_support.invite_support_person": Case(
        bearer=True,
        # The owner has a support person already: refused with the reason (422).
        post={**PARTICIPANTS_ONLY, "owner": "status 422"},
        data=lambda world, values: {"email": "a.friend@example.org"},
    ),
    "api_support.choose_what_they_see": Case(bearer=True, put=OWNER, data=choices_json),
    "api_support.revoke_support_person": Case(bearer=True, delete=OWNER),
    "api_support.support_views": Case(bearer=True, get=PARTICIPANTS_ONLY),
    "api_support.supporting": Case(
        bearer=True, get=SUPPORTER, audit={"GET": "support.view.schedule"}
    ),
    "api_support.supporting_homework": Case(
        bearer=True,
        values=shared_homework,
        get=SUPPORTER,
        audit={"GET": "support.view.homework_item"},
    ),
}
