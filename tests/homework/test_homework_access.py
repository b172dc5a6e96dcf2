"""Who may reach homework: one's own, shared read-only within a cohort, staff of the cohort."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from groupapp.audit.models import AuditEvent
from groupapp.db import db
from groupapp.homework.models import Submission
from groupapp.homework.services import Due, set_sharing, submit
from tests.homework.support import THOUGHT_RECORD, build, logout, post


@pytest.fixture
def handed_in(hw):  # type: ignore[no-untyped-def]
    """Alice's submitted thought record; Bob is in the same cohort."""
    sub = hw.submission(hw.give(due=Due()), hw.alice)
    submit(sub, MultiDict(THOUGHT_RECORD))
    db.session.commit()
    return sub


def test_a_participant_cannot_reach_another_participants_homework(hw, handed_in, client, login):  # type: ignore[no-untyped-def]
    login(hw.bob)
    for path in (f"/homework/{handed_in.id}", f"/homework/{handed_in.id}/read"):
        assert client.get(path, follow_redirects=True).status_code == 404
    assert post(client, f"/homework/{handed_in.id}/draft", {"emotion": "x"}).status_code == 404
    assert post(client, f"/homework/{handed_in.id}/share", {"share": "y"}).status_code == 404
    assert post(client, f"/homework/{handed_in.id}/comment", {"body": "x"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Submission, handed_in.id).answers["emotion"] == "anxious"


def test_shared_homework_is_readable_by_the_same_cohort_only(hw, handed_in, client, login):  # type: ignore[no-untyped-def]
    set_sharing(handed_in, True, "Al")
    db.session.commit()
    outsider_world = build(hw.factories, name="Thursday group")
    login(hw.bob)
    page = client.get(f"/homework/{handed_in.id}/read")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Shared by Al" in text
    assert "Alice Example" not in text
    assert "Feedback" not in text
    assert "If I refuse she will stop talking to me." in text
    # Read-only: the fill page sends Bob to the read view; saving is refused.
    fill = client.get(f"/homework/{handed_in.id}")
    assert fill.headers["Location"].endswith(f"/homework/{handed_in.id}/read")
    assert post(client, f"/homework/{handed_in.id}/draft", {"emotion": "x"}).status_code == 403
    shared_list = client.get(f"/homework/cohorts/{hw.cohort.id}/shared").get_data(as_text=True)
    assert "shared by Al" in shared_list

    logout(client)
    login(outsider_world.alice)
    assert client.get(f"/homework/{handed_in.id}/read").status_code == 404
    assert client.get(f"/homework/cohorts/{hw.cohort.id}/shared").status_code == 404


def test_a_draft_marked_for_sharing_stays_private_until_submitted(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give(due=Due()), hw.alice)
    set_sharing(sub, True, "Al")
    db.session.commit()
    login(hw.bob)
    assert client.get(f"/homework/{sub.id}/read").status_code == 404


def test_facilitators_reach_only_their_cohorts(hw, handed_in, client, login):  # type: ignore[no-untyped-def]
    stranger = build(hw.factories, name="Another group").facilitator
    login(stranger)
    for path in (
        f"/homework/{handed_in.id}/review",
        f"/homework/{handed_in.id}/read",
        f"/homework/cohorts/{hw.cohort.id}/grid",
        f"/homework/cohorts/{hw.cohort.id}/assign",
    ):
        assert client.get(path).status_code == 404, path
    assert post(client, f"/homework/{handed_in.id}/comment", {"body": "x"}).status_code == 404
    assert "Alice" not in client.get("/homework/review").get_data(as_text=True)


def test_admins_reach_their_organisation_only(hw, handed_in, client, login):  # type: ignore[no-untyped-def]
    admin = hw.factories.user("admin", org=hw.world.org)
    login(admin)
    assert client.get(f"/homework/{handed_in.id}/review").status_code == 200
    assert client.get(f"/homework/cohorts/{hw.cohort.id}/grid").status_code == 200
    logout(client)
    login(hw.factories.user("admin"))
    assert client.get(f"/homework/{handed_in.id}/review").status_code == 404


def test_participants_cannot_open_staff_pages(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.alice)
    for path in (
        "/homework/review",
        "/homework/templates",
        f"/homework/cohorts/{hw.cohort.id}/grid",
    ):
        assert client.get(path).status_code == 403, path


def test_every_read_and_write_of_a_submission_is_audited(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give(due=Due()), hw.alice)
    login(hw.alice)
    client.get(f"/homework/{sub.id}")
    post(client, f"/homework/{sub.id}/draft", {"emotion": "x"})
    post(client, f"/homework/{sub.id}", {**THOUGHT_RECORD, "action": "submit"})
    client.get(f"/homework/{sub.id}/read")
    events = db.session.scalars(
        db.select(AuditEvent)
        .where(AuditEvent.object_type == "Submission", AuditEvent.object_id == str(sub.id))
        .order_by(AuditEvent.id)
    ).all()
    actions = [e.action for e in events]
    assert actions[0] == "homework.submission.view"
    assert "homework.submission.draft" in actions
    assert "homework.submission.submit" in actions
    assert actions[-1] == "homework.submission.view"
    assert all(e.subject_user_id == hw.alice.id and e.actor_id == hw.alice.id for e in events)
