"""Key pages served again from the page cache: never stale, never someone else's, still
audited, and validated with an ETag."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from groupapp.accounts.models import User
from groupapp.audit.models import AuditEvent
from groupapp.cohorts.models import Cohort, CohortFacilitator
from groupapp.core.page_cache import page_store
from groupapp.db import db
from groupapp.homework.models import SUBMITTED, Submission
from groupapp.meetings.models import Attendance
from groupapp.messaging.models import Message, MessageThread
from groupapp.privacy.models import PrivacyNotice
from tests.cohorts.builders import enrol, make_cohort, shift_to_past
from tests.conftest import login_as
from tests.homework.support import THOUGHT_RECORD, build, logout, post

# Repeat views must fall in the first view's minute to be hits.
pytestmark = pytest.mark.usefixtures("same_minute")


def _hit(client, path: str, count_queries) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    """The page and the statements a repeat view ran."""
    with count_queries(cached=True) as statements:
        response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True), len(statements)


def _cached(client, path: str) -> None:  # type: ignore[no-untyped-def]
    """A first view and a repeat view of ``path``, which the page cache now keeps."""
    for _ in range(2):
        assert client.get(path).status_code == 200


def _outside_the_app(statement: sa.Executable) -> None:
    """Commit ``statement`` on a connection of its own, as psql would: no session sees it,
    so the data generation stays and only what a hit asks of the database can notice."""
    with db.engine.begin() as conn:
        conn.execute(statement)


def test_a_repeat_view_is_served_from_the_cache_in_few_statements(
    client, factories, login, count_queries
):
    world = make_cohort(factories)
    login(world.facilitator)
    first = client.get("/cohorts").get_data(as_text=True)
    again, statements = _hit(client, "/cohorts", count_queries)
    assert again == first
    assert statements <= 2  # the user loader (and nothing that grows with data)


def test_a_cache_hit_runs_a_fixed_number_of_statements(client, factories, login, count_queries):
    world = make_cohort(factories, weeks=3)
    login(world.facilitator)
    path = f"/cohorts/{world.cohort.id}"
    sizes = []
    for size in (1, 6):
        enrol(world, factories, size)
        client.get(path)
        sizes.append(_hit(client, path, count_queries)[1])
    assert sizes[0] == sizes[1], sizes
    assert sizes[0] <= 3, sizes  # user, a one-statement access check, read-audit row


def test_each_kind_of_write_shows_on_the_next_view(client, factories, login):
    world = make_cohort(factories, weeks=3)
    [member] = enrol(world, factories, 1)
    shift_to_past(world, 1)
    login(world.facilitator)
    path = f"/cohorts/{world.cohort.id}"
    assert 'class="mark mark-present"' not in client.get(path).get_data(as_text=True)

    # An attendance mark (an ORM flush of a new row).
    meeting = world.meetings()[0]
    db.session.add(Attendance(meeting_id=meeting.id, user_id=member.id, status="present"))
    db.session.commit()
    assert 'class="mark mark-present"' in client.get(path).get_data(as_text=True)

    # A new member.
    [newcomer] = enrol(world, factories, 1)
    assert newcomer.display_name in client.get(path).get_data(as_text=True)

    # A Core bulk update through the session.
    db.session.execute(
        sa.update(Cohort).where(Cohort.id == world.cohort.id).values(name="Renamed by bulk")
    )
    db.session.commit()
    assert "Renamed by bulk" in client.get(path).get_data(as_text=True)
    assert "Renamed by bulk" in client.get("/cohorts").get_data(as_text=True)


def test_a_submission_shows_in_the_review_queue_at_once(client, factories, login):
    hw = build(factories)
    assignment = hw.give()
    login(hw.facilitator)
    assert hw.alice.display_name not in client.get("/homework/review").get_data(as_text=True)
    logout(client)
    login(hw.alice)
    submission = hw.submission(assignment, hw.alice)
    post(client, f"/homework/{submission.id}", {**THOUGHT_RECORD, "action": "submit"})
    assert db.session.get(Submission, submission.id).status == SUBMITTED
    logout(client)
    login(hw.facilitator)
    assert hw.alice.display_name in client.get("/homework/review").get_data(as_text=True)


def test_a_message_shows_in_the_header_count_at_once(client, factories, login):
    hw = build(factories)
    login(hw.facilitator)
    before = client.get("/cohorts").get_data(as_text=True)
    thread = MessageThread(
        cohort_id=hw.cohort.id,
        participant_id=hw.alice.id,
        opened_by_id=hw.alice.id,
        subject="A question",
    )
    db.session.add(thread)
    db.session.flush()
    message = Message(thread_id=thread.id, author_id=hw.alice.id, body="Hello")
    db.session.add(message)
    db.session.flush()
    thread.last_message_id = message.id
    thread.last_author_id = hw.alice.id
    db.session.commit()
    after = client.get("/cohorts").get_data(as_text=True)
    assert after != before


def test_two_people_never_see_each_others_page(app, factories, login):
    org = factories.org()
    one = make_cohort(factories, org=org, name="Group of the first")
    two = make_cohort(factories, org=org, name="Group of the second")
    first, second = app.test_client(), app.test_client()
    from tests.conftest import login_as

    login_as(first, one.facilitator.email)
    login_as(second, two.facilitator.email)
    for _ in range(2):  # the second round is served from the cache
        page_one = first.get("/cohorts").get_data(as_text=True)
        page_two = second.get("/cohorts").get_data(as_text=True)
        assert "Group of the first" in page_one
        assert "Group of the second" not in page_one
        assert "Group of the second" in page_two
        assert "Group of the first" not in page_two


def test_a_removed_facilitator_loses_the_page_at_once(client, factories, login):
    world = make_cohort(factories)
    co = factories.user("facilitator", org=world.org)
    db.session.add(CohortFacilitator(cohort_id=world.cohort.id, user_id=co.id, is_lead=False))
    db.session.commit()
    login(co)
    path = f"/cohorts/{world.cohort.id}"
    _cached(client, path)
    # Removed outside the ORM, so the generation stays: the access check on the hit refuses.
    _outside_the_app(
        sa.delete(CohortFacilitator).where(
            CohortFacilitator.cohort_id == world.cohort.id, CohortFacilitator.user_id == co.id
        )
    )
    assert client.get(path).status_code in (403, 404)


def test_a_flash_after_a_post_is_shown_once(client, factories, login):
    world = make_cohort(factories)
    [member] = enrol(world, factories, 1)
    login(world.facilitator)
    path = f"/cohorts/{world.cohort.id}"
    client.get(path)
    membership = world.cohort.memberships[0]
    response = post(
        client,
        f"{path}/members/{membership.id}/remove",
        {"confirmed": "yes"},
        follow_redirects=True,
    )
    assert "Removed from the cohort." in response.get_data(as_text=True)
    again = client.get(path).get_data(as_text=True)
    assert "Removed from the cohort." not in again
    assert f"{member.display_name}</td>" in again
    assert "Removed on" in again  # the page after the change, not the cached one


def test_a_new_language_and_time_zone_render_anew(client, factories, login):
    world = make_cohort(factories)
    [member] = enrol(world, factories, 1)
    login(member)
    english = client.get("/my/meetings").get_data(as_text=True)
    member.locale = "es"
    member.timezone = "Europe/Madrid"
    db.session.commit()
    spanish = client.get("/my/meetings").get_data(as_text=True)
    assert re.search(r'<html lang="es"', spanish)
    assert spanish != english


def test_a_cached_page_still_records_each_read(client, factories, login):
    world = make_cohort(factories)
    login(world.facilitator)
    path = f"/cohorts/{world.cohort.id}"
    for _ in range(3):
        assert client.get(path).status_code == 200
    reads = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "cohort.attendance.read")
    ).all()
    assert len(reads) == 3
    assert {r.actor_id for r in reads} == {world.facilitator.id}
    assert {r.object_id for r in reads} == {str(world.cohort.id)}


def test_if_none_match_gets_304_until_the_page_changes(client, factories, login):
    world = make_cohort(factories)
    login(world.facilitator)
    first = client.get("/cohorts")
    tag = first.headers["ETag"]
    assert "private" in first.headers["Cache-Control"]
    # Personal pages are never kept on disk by the browser, even with a tag to revalidate.
    assert "no-store" in first.headers["Cache-Control"]
    unchanged = client.get("/cohorts", headers={"If-None-Match": tag})
    assert unchanged.status_code == 304
    assert unchanged.get_data() == b""
    world.cohort.name = "A new name"
    db.session.commit()
    changed = client.get("/cohorts", headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert "A new name" in changed.get_data(as_text=True)


def test_reads_leave_the_generation_alone_and_writes_replace_it(client, factories, login):
    world = make_cohort(factories)
    store = page_store()
    assert store is not None
    login(world.facilitator)
    client.get(f"/cohorts/{world.cohort.id}")  # writes a read-audit row only
    token = store.generation()
    client.get(f"/cohorts/{world.cohort.id}")
    assert store.generation() == token
    world.cohort.name = "Changed"
    db.session.commit()
    assert store.generation() != token


def test_a_hits_read_row_is_complete_and_listed_in_the_log_at_its_next_view(
    app, client, factories, login
):
    world = make_cohort(factories)
    admin = factories.user("admin", org=world.org)
    admins = app.test_client()
    login_as(admins, admin.email)
    login(world.facilitator)
    path = f"/cohorts/{world.cohort.id}"
    client.get(path)
    log = admins.get("/audit").get_data(as_text=True).replace("<wbr>", "")
    assert log.count("cohort.attendance.read") == 1
    assert client.get(path).status_code == 200  # served again: its row is written again
    reads = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.action == "cohort.attendance.read")
        .order_by(AuditEvent.id)
    ).all()
    assert len(reads) == 2
    first, again = reads
    assert again.id != first.id
    assert again.occurred_at >= first.occurred_at
    assert (again.actor_id, again.ip_address) == (world.facilitator.id, "127.0.0.1")
    assert (again.object_type, again.object_id) == (first.object_type, first.object_id)
    assert again.organisation_id == world.org.id
    log = admins.get("/audit").get_data(as_text=True).replace("<wbr>", "")
    assert log.count("cohort.attendance.read") == 2


def test_a_session_ended_outside_the_app_loses_a_cached_page_at_once(client, factories, login):
    world = make_cohort(factories)
    login(world.facilitator)
    _cached(client, "/cohorts")
    # A new session token written outside the ORM leaves the generation as it is: the user
    # loader, which reads the person on every request, hits included, ends the session.
    _outside_the_app(
        sa.update(User).where(User.id == world.facilitator.id).values(session_token="ended")
    )
    response = client.get("/cohorts")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_csrf_token_of_a_page_served_again_is_accepted(client, factories, login):
    world = make_cohort(factories)
    login(world.facilitator)
    first = client.get("/cohorts").get_data(as_text=True)
    again = client.get("/cohorts").get_data(as_text=True)
    assert again == first
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', again)
    assert match
    response = client.post("/logout", data={"csrf_token": match[1]})
    assert response.status_code == 302  # accepted: a stale token would get a 400
    assert client.get("/cohorts").status_code == 302  # signed out


def test_a_cohort_moved_outside_the_app_is_refused_to_an_admin_at_once(client, factories, login):
    world = make_cohort(factories)
    admin = factories.user("admin", org=world.org)
    other = factories.org()
    db.session.commit()
    login(admin)
    path = f"/cohorts/{world.cohort.id}"
    _cached(client, path)
    # Outside the ORM, so the generation stays: the hit's access check asks the database.
    _outside_the_app(
        sa.update(Cohort).where(Cohort.id == world.cohort.id).values(organisation_id=other.id)
    )
    assert client.get(path).status_code in (403, 404)


def test_a_new_privacy_notice_stops_a_participant_at_once_on_a_cached_page(
    client, factories, login
):
    world = make_cohort(factories)
    [member] = enrol(world, factories, 1)
    login(member)
    _cached(client, "/my/meetings")
    latest = db.session.scalar(
        sa.select(sa.func.max(PrivacyNotice.version)).where(
            PrivacyNotice.organisation_id == world.org.id
        )
    )
    _outside_the_app(
        sa.insert(PrivacyNotice).values(
            organisation_id=world.org.id, version=(latest or 0) + 1, body="New terms"
        )
    )
    response = client.get("/my/meetings")
    assert response.status_code == 302
    assert "/privacy" in response.headers["Location"]
