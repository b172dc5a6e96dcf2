"""A person's state in a cohort (invited, waitlisted, joined, left, erased) is one rule.

Each case runs on SQLite and PostgreSQL through the pages, as people would use them.
"""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from groupapp.accounts.models import Invitation, User
from groupapp.cohorts import calendar, services
from groupapp.cohorts import meeting_services as meetings
from groupapp.cohorts.membership_state import (
    joined_cohort_ids,
    joined_members,
    membership_state,
    person_state,
)
from groupapp.cohorts.models import Membership
from groupapp.db import db, utcnow
from groupapp.privacy import services as privacy
from tests.cohorts.builders import enrol, make_cohort, waitlist_someone
from tests.cohorts.web import accept_as_new, invite, logout, post
from tests.conftest import IsolatedClient, csrf_token, login_as
from tests.support.smtp import body_text

VIDEO = "https://video.example/boundaries-room"


def _meeting_next_week(world):  # type: ignore[no-untyped-def]
    soon = (utcnow() + timedelta(days=7)).replace(hour=18, minute=0, second=0, microsecond=0)
    meeting = meetings.add_extra(world.cohort, soon, 90, "Saying no", None)
    db.session.commit()
    return meeting


def _invited(world, factories) -> User:  # type: ignore[no-untyped-def]
    """Someone who used their invitation link but has not accepted the group agreement."""
    person = factories.user("participant", org=world.org)
    db.session.add(Membership(cohort_id=world.cohort.id, user_id=person.id, status="invited"))
    db.session.commit()
    return person


def _membership(cohort_id: int, user_id: int) -> Membership:
    return db.session.scalar(
        sa.select(Membership).where(
            Membership.cohort_id == cohort_id, Membership.user_id == user_id
        )
    )


def _new_client(app):  # type: ignore[no-untyped-def]
    """Another person's browser: its own cookies, each request in its own app context."""
    return IsolatedClient(app, app.response_class)


def test_only_joined_members_reach_meetings_files_and_apologies(app, factories) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories, video_url=VIDEO)
    (member,) = enrol(world, factories, 1)
    invited = _invited(world, factories)
    waiting = waitlist_someone(world, factories)
    db.session.commit()
    meeting = _meeting_next_week(world)
    assert world.cohort.video_url == VIDEO

    def visit(person: User) -> tuple[int, int, int, int, str]:
        client = _new_client(app)
        assert login_as(client, person.email).status_code == 302
        page = client.get(f"/meetings/{meeting.id}")
        ics = client.get(f"/meetings/{meeting.id}/meeting.ics")
        token = csrf_token(client, "/my/meetings")
        apology = client.post(
            f"/meetings/{meeting.id}/apology", data={"comment": "Away", "csrf_token": token}
        )
        join_page = client.get(f"/cohorts/{world.cohort.id}/join")
        return (
            page.status_code,
            ics.status_code,
            apology.status_code,
            join_page.status_code,
            page.get_data(as_text=True) + ics.get_data(as_text=True),
        )

    page, ics, apology, join_page, body = visit(member)
    assert (page, ics, apology, join_page) == (200, 200, 302, 200)
    assert VIDEO in body
    for outsider in (invited, waiting):
        page, ics, apology, join_page, body = visit(outsider)
        assert (page, ics, apology) == (404, 404, 404)
        assert join_page == 200  # they still reach the place they were offered
        assert VIDEO not in body
    db.session.expire_all()
    apologies = [row.user_id for row in db.session.get(type(meeting), meeting.id).attendance]
    assert apologies == [member.id]


def test_states_are_read_the_same_way_in_python_and_sql(app, factories) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (member, gone) = enrol(world, factories, 2)
    services.remove(_membership(world.cohort.id, gone.id), world.facilitator)
    db.session.commit()
    invited = _invited(world, factories)
    waiting = waitlist_someone(world, factories)
    db.session.commit()
    db.session.expire_all()
    cohort = world.cohort
    states = {
        person.id: person_state(person, cohort) for person in (member, gone, invited, waiting)
    }
    assert states == {
        member.id: "joined",
        gone.id: "left",
        invited.id: "invited",
        waiting.id: "waitlisted",
    }
    assert person_state(world.facilitator, cohort) == "staff"
    assert person_state(factories.user("participant"), cohort) is None
    in_sql = {tuple(row) for row in db.session.execute(joined_members([cohort.id]))}
    assert in_sql == {(cohort.id, member.id)}
    assert list(db.session.scalars(joined_cohort_ids(member.id))) == [cohort.id]
    assert list(db.session.scalars(joined_cohort_ids(gone.id))) == []


def test_leaving_takes_the_cohort_out_of_the_calendar_feed_at_once(
    client, factories, login
) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (member, stays) = enrol(world, factories, 2)
    meeting = _meeting_next_week(world)
    token = calendar.feed_for(member).token
    db.session.commit()
    uid = f"meeting-{meeting.id}@"
    assert uid in client.get(f"/calendar/feed/{token}.ics").get_data(as_text=True)

    login(world.facilitator)
    leaving = _membership(world.cohort.id, member.id)
    assert (
        post(
            client, f"/cohorts/{world.cohort.id}/members/{leaving.id}/remove", {"confirmed": "yes"}
        ).status_code
        == 302
    )
    feed = client.get(f"/calendar/feed/{token}.ics")
    assert feed.status_code == 200
    assert uid not in feed.get_data(as_text=True)
    # The member who stays still sees it.
    other = calendar.feed_for(stays).token
    db.session.commit()
    assert uid in client.get(f"/calendar/feed/{other}.ics").get_data(as_text=True)


def _erase(factories, world, person: User) -> User:  # type: ignore[no-untyped-def]
    admin = factories.user("admin", org=world.org)
    request = privacy.request_deletion(person, "Please forget me")
    privacy.complete_deletion(request, admin, "Asked in person")
    db.session.commit()
    return admin


def test_an_erased_person_is_never_brought_back(client, factories, login, smtp_server) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (sam,) = enrol(world, factories, 1, email="sam@old.example")
    admin = _erase(factories, world, sam)
    row = _membership(world.cohort.id, sam.id)
    assert membership_state(row) == "erased"

    login(world.facilitator)
    page = client.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)
    assert "Former member" in page
    assert "Data erased on request" in page
    assert f"/members/{row.id}/readd" not in page
    refused = post(client, f"/cohorts/{world.cohort.id}/members/{row.id}/readd")
    assert refused.status_code == 302
    shown = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "erased at their request" in shown
    db.session.expire_all()
    assert _membership(world.cohort.id, sam.id).status == "exited"
    logout(client)

    login(admin)
    people = client.get("/people").get_data(as_text=True)
    assert "data erased" in people
    assert f"/people/{sam.id}/reactivate" not in people
    refused = post(client, f"/people/{sam.id}/reactivate", page="/people")
    assert "cannot be reactivated" in client.get(refused.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert not db.session.get(User, sam.id).active
    logout(client)

    # A new invitation to the old address brings a new person, never the anonymised row.
    login(world.facilitator)
    link = invite(client, world.cohort.id, "sam@old.example", smtp_server)
    logout(client)
    assert accept_as_new(client, link, name="Sam Again").status_code == 302
    newcomer = db.session.scalar(sa.select(User).where(User.email == "sam@old.example"))
    assert newcomer is not None
    assert newcomer.id != sam.id
    assert db.session.get(User, sam.id).display_name == "Former member"
    assert _membership(world.cohort.id, newcomer.id).status == "invited"
    assert _membership(world.cohort.id, sam.id).status == "exited"


def test_readding_someone_who_never_accepted_offers_the_place_again(
    client, factories, login
) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    invited = _invited(world, factories)
    row = _membership(world.cohort.id, invited.id)
    services.remove(row, world.facilitator)
    db.session.commit()
    login(world.facilitator)
    response = post(client, f"/cohorts/{world.cohort.id}/members/{row.id}/readd")
    assert "invited again" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert _membership(world.cohort.id, invited.id).status == "invited"


def test_accepting_checks_the_organisation_like_inviting(app, factories, smtp_server) -> None:  # type: ignore[no-untyped-def]
    """B invites X; A invites X; X signs up from A's link and, still signed in, opens B's."""
    world_a = make_cohort(factories)
    world_b = make_cohort(factories)
    address = "x.person@example.com"
    staff_b = _new_client(app)
    staff_a = _new_client(app)
    assert login_as(staff_b, world_b.facilitator.email).status_code == 302
    link_b = invite(staff_b, world_b.cohort.id, address, smtp_server)
    assert login_as(staff_a, world_a.facilitator.email).status_code == 302
    link_a = invite(staff_a, world_a.cohort.id, address, smtp_server, seen=1)

    person = _new_client(app)
    assert accept_as_new(person, link_a, name="Xan").status_code == 302
    x = db.session.scalar(sa.select(User).where(User.email == address))
    assert x.organisation_id == world_a.org.id
    response = post(person, link_b, page=link_b)
    assert response.status_code == 302
    shown = person.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "another organisation" in shown
    assert _membership(world_b.cohort.id, x.id) is None
    unused = db.session.scalar(
        sa.select(Invitation).where(Invitation.cohort_id == world_b.cohort.id)
    )
    assert unused.accepted_at is None
    roster = staff_b.get(f"/cohorts/{world_b.cohort.id}").get_data(as_text=True)
    assert "Xan" not in roster


def test_inviting_an_address_of_another_organisation_looks_like_any_invitation(
    client, factories, login, smtp_server
) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    elsewhere = factories.user("participant", email="taken@example.com")  # another organisation
    login(world.facilitator)
    answers = []
    for n, email in enumerate(("taken@example.com", "nobody@example.com")):
        response = post(client, f"/cohorts/{world.cohort.id}/invite", {"email": email})
        shown = client.get(response.headers["Location"]).get_data(as_text=True)
        answers.append((response.status_code, shown))
        smtp_server.wait_for(n + 1)
    assert answers[0][0] == answers[1][0] == 302
    assert "Invitation sent to taken@example.com" in answers[0][1]
    assert "Invitation sent to nobody@example.com" in answers[1][1]
    # The cohort page lists both as pending invitations; nothing tells them apart.
    page = re.sub(r"\s+", " ", answers[1][1])
    assert "taken@example.com" in page
    assert "nobody@example.com" in page
    assert "another organisation" not in answers[0][1] + answers[1][1]

    (notice,) = smtp_server.to("taken@example.com")
    text = body_text(notice)
    assert "another organisation" in text
    assert "/invitations/" not in text  # no link that could attach them here
    (normal,) = smtp_server.to("nobody@example.com")
    assert "/invitations/" in body_text(normal)
    assert elsewhere.organisation_id != world.org.id
