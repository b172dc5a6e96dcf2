"""A facilitator sees on the member's page that email to them bounces."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.cohorts.models import Membership
from groupapp.db import db
from groupapp.notifications.models import UndeliverableAddress
from tests.cohorts.builders import enrol, make_cohort


def _member_page(client, world, user):  # type: ignore[no-untyped-def]
    membership = db.session.scalar(sa.select(Membership).where(Membership.user_id == user.id))
    return client.get(f"/cohorts/{world.cohort.id}/members/{membership.id}")


def test_bounce_notice_shows_until_the_address_changes(client, factories, login):
    world = make_cohort(factories)
    (member,) = enrol(world, factories, 1)
    login(world.facilitator)
    assert "bounces" not in _member_page(client, world, member).get_data(as_text=True)

    db.session.add(
        UndeliverableAddress(email=member.email, user_id=member.id, reason="550 no such user")
    )
    db.session.commit()
    page = _member_page(client, world, member).get_data(as_text=True)
    assert f"Email to {member.email} bounces" in page
    assert "550 no such user" in page

    member.email = "corrected@example.com"
    db.session.commit()
    assert "bounces" not in _member_page(client, world, member).get_data(as_text=True)
