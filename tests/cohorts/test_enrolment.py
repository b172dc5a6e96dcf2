"""Invitations into a cohort, the group agreement, capacity and the waitlist."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts.models import ConsentRecord, User
from groupapp.cohorts import services
from groupapp.cohorts.models import Membership
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db
from tests.cohorts.builders import enrol, make_cohort, waitlist_someone
from tests.cohorts.web import accept_as_new, invite, join, logout, post


def membership(cohort_id: int, email: str) -> Membership:
    return db.session.scalar(
        sa.select(Membership)
        .join(User)
        .where(Membership.cohort_id == cohort_id, User.email == email)
    )


def test_new_person_accepts_invitation_and_agreement(client, factories, login, smtp_server) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    login(world.facilitator)
    link = invite(client, world.cohort.id, "robin@example.com", smtp_server)
    assert "Tuesday boundaries group" in smtp_server.messages[0].get_body(("plain",)).get_content()
    logout(client)

    assert accept_as_new(client, link).status_code == 302
    pending = membership(world.cohort.id, "robin@example.com")
    assert pending.status == "invited"
    page = client.get("/my/meetings").get_data(as_text=True)
    assert "Read the group agreement and join" in page

    join_page = client.get(f"/cohorts/{world.cohort.id}/join").get_data(as_text=True)
    assert "Confidentiality" in join_page
    assert "version 1" in join_page
    assert join(client, world.cohort.id).status_code == 302

    joined = membership(world.cohort.id, "robin@example.com")
    assert joined.status == "active"
    assert joined.joined_on is not None
    consent = db.session.scalar(
        sa.select(ConsentRecord).where(ConsentRecord.user_id == joined.user_id)
    )
    assert (consent.document, consent.document_ref, consent.version) == (
        "group_agreement",
        world.cohort.id,
        1,
    )
    assert consent.accepted_at is not None
    # The next meeting shows in the participant's own zone (Europe/London), zone named.
    page = client.get("/my/meetings").get_data(as_text=True)
    assert "Next meeting" in page
    assert "(Europe/London)" in page


def test_existing_participant_gets_a_join_link(client, factories, login, smtp_server) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    person = factories.user("participant", org=world.org)
    login(world.facilitator)
    link = invite(client, world.cohort.id, person.email, smtp_server)
    logout(client)
    login(person)
    response = post(client, link, page=link)
    assert response.status_code == 302
    assert membership(world.cohort.id, person.email).status == "invited"
    assert join(client, world.cohort.id).status_code == 302
    assert membership(world.cohort.id, person.email).status == "active"


def test_declining_keeps_the_place_free(client, factories, login, smtp_server) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    login(world.facilitator)
    link = invite(client, world.cohort.id, "kai@example.com", smtp_server)
    logout(client)
    accept_as_new(client, link, name="Kai")
    assert join(client, world.cohort.id, decision="decline").status_code == 302
    assert membership(world.cohort.id, "kai@example.com").status == "declined"
    # Once declined the cohort is no longer visible to them.
    assert client.get(f"/cohorts/{world.cohort.id}/join").status_code == 404


def test_invitation_refuses_members_already_in_the_cohort(
    client, factories, login, smtp_server
) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (member,) = enrol(world, factories, 1)
    login(world.facilitator)
    response = post(client, f"/cohorts/{world.cohort.id}/invite", {"email": member.email})
    assert response.status_code == 200
    assert "already in this cohort" in response.get_data(as_text=True)
    assert smtp_server.messages == []


def test_full_cohort_waitlists_in_arrival_order_and_promotes(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories, capacity=2)
    seated = enrol(world, factories, 2)
    queued = []
    for _ in range(3):
        person = factories.user("participant", org=world.org)
        row = Membership(cohort_id=world.cohort.id, user_id=person.id, status="invited")
        db.session.add(row)
        db.session.commit()
        services.accept_place(row, 1)
        db.session.commit()
        queued.append(row)
    assert [row.status for row in queued] == ["waitlisted"] * 3
    assert services.seated_count(world.cohort) == 2

    login(world.facilitator)
    leaving = membership(world.cohort.id, seated[0].email)
    response = post(
        client, f"/cohorts/{world.cohort.id}/members/{leaving.id}/remove", {"confirmed": "yes"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert [m.status for m in (db.session.get(Membership, q.id) for q in queued)] == [
        "active",
        "waitlisted",
        "waitlisted",
    ]
    assert db.session.get(Membership, leaving.id).status == "removed"
    assert db.session.get(Membership, leaving.id).exited_on is not None
    offered = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "cohort_place_offered")
    ).all()
    assert [m.recipient_id for m in offered] == [queued[0].user_id]

    # Adding the removed person back while full puts them at the end of the waitlist.
    response = post(client, f"/cohorts/{world.cohort.id}/members/{leaving.id}/readd")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Membership, leaving.id).status == "waitlisted"
    order = [m.user_id for m in services.waitlist(world.cohort)]
    assert order == [queued[1].user_id, queued[2].user_id, leaving.user_id]


def test_raising_capacity_promotes_from_the_waitlist(app, factories) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories, capacity=1)
    enrol(world, factories, 1)
    waiting = factories.user("participant", org=world.org)
    row = Membership(cohort_id=world.cohort.id, user_id=waiting.id, status="invited")
    db.session.add(row)
    db.session.flush()
    services.accept_place(row, 1)
    assert row.status == "waitlisted"
    from tests.cohorts.builders import settings

    promoted = services.update_cohort(world.cohort, settings(world.facilitator, capacity=2))
    assert promoted == [row]
    assert row.status == "active"


def test_new_agreement_version_is_accepted_again(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (person,) = enrol(world, factories, 1)
    login(world.facilitator)
    response = post(
        client,
        f"/cohorts/{world.cohort.id}/agreement",
        {"text": "We keep what we hear here. We arrive on time."},
    )
    assert response.status_code == 302
    logout(client)
    login(person)
    page = client.get(f"/cohorts/{world.cohort.id}/join").get_data(as_text=True)
    assert "version 2" in page
    assert "We arrive on time." in page
    assert join(client, world.cohort.id).status_code == 302
    versions = db.session.scalars(
        sa.select(ConsentRecord.version).where(ConsentRecord.user_id == person.id)
    ).all()
    assert versions == [2]
    assert membership(world.cohort.id, person.email).status == "active"


def test_participant_leaves_and_the_next_in_line_moves_up(client, factories, login) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories, capacity=1)
    (ana,) = enrol(world, factories, 1)
    waiting = waitlist_someone(world, factories)
    db.session.commit()
    login(ana)
    assert "Your groups" in client.get("/my/meetings").get_data(as_text=True)
    assert (
        post(client, f"/cohorts/{world.cohort.id}/leave", {"confirmed": "yes"}).status_code == 302
    )
    left = membership(world.cohort.id, ana.email)
    assert left.status == "exited"
    assert left.exited_on is not None
    assert membership(world.cohort.id, waiting.email).status == "active"
