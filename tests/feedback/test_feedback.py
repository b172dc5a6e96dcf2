"""Meeting feedback: who answers and when, anonymity from five answers, the falling
trend in the digest, the request email, export and erasure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groupapp.cohorts.models import Membership
from groupapp.core.outbox import OutboxMessage
from groupapp.core.personal_data import erase_user, export_user
from groupapp.db import db, utcnow
from groupapp.feedback import services
from groupapp.feedback.models import MeetingFeedback
from groupapp.feedback.summary import MIN_SHOWN, cohort_summaries, falling_trend_note
from groupapp.meetings.models import Attendance
from groupapp.notifications.digest_data import facilitator_digest
from groupapp.notifications.scanners.feedback import feedback_rows
from groupapp.notifications.scanning import run_scanner
from tests.cohorts.builders import enrol, make_cohort
from tests.feedback.builders import answer, ended_meeting
from tests.support.input_problems import read_or_refuse
from tests.trust.world import build_world


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


# --- reading an answer -----------------------------------------------------------------


def test_each_missing_or_wrong_answer_is_named() -> None:
    with pytest.raises(services.FeedbackProblem) as refused:
        services.read_answer({"heard": "6", "useful": "", "change": "x" * 501})
    assert set(refused.value.problems) == {"heard", "useful", "safe", "change"}
    assert refused.value.problems["heard"] == "I felt heard: choose one answer from 1 to 5."
    ok = services.read_answer({"heard": "1", "useful": 5, "safe": " 3 ", "change": " Less\nnoise "})
    assert ok == services.FeedbackInput(1, 5, 3, "Less noise")


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(["heard", "useful", "safe", "change"]),
        st.one_of(st.text(max_size=600), st.integers(), st.none(), st.booleans()),
    )
)
def test_any_sent_answer_is_read_or_refused_with_named_problems(typed) -> None:  # type: ignore[no-untyped-def]
    checked = read_or_refuse(services.read_answer, typed)
    if checked is not None:
        assert {checked.heard, checked.useful, checked.safe} <= {1, 2, 3, 4, 5}


# --- who may answer, and when ----------------------------------------------------------


def test_the_window_is_48_hours_after_the_end_and_not_for_the_absent(app, world) -> None:
    recent = ended_meeting(world, hours_ago=2)
    old = ended_meeting(world, hours_ago=49, topic="Old")
    ahead = ended_meeting(world, hours_ago=-5, topic="Ahead")
    owner, other = world.owner, world.same_cohort_participant
    assert [r.meeting_id for r in services.open_requests(owner.id)] == [recent.id]
    assert services.open_meeting(owner, old.id) is None
    assert services.open_meeting(owner, ahead.id) is None
    assert services.open_meeting(world.other_cohort_participant, recent.id) is None
    membership = db.session.scalar(
        db.select(Membership).where(
            Membership.user_id == other.id, Membership.cohort_id == world.cohort.id
        )
    )
    joined = membership.joined_on
    membership.joined_on = date.fromisoformat(recent.local_start[:10]) + timedelta(days=1)
    db.session.commit()
    assert services.open_meeting(other, recent.id) is None  # joined after the meeting
    membership.joined_on = joined
    db.session.commit()
    assert services.open_meeting(other, recent.id) is not None
    db.session.add(Attendance(meeting_id=recent.id, user_id=other.id, status="excused"))
    db.session.commit()
    assert services.open_requests(other.id) == []
    answer(recent, owner, (4, 4, 4))
    assert services.open_requests(owner.id) == []
    answer(recent, owner, (2, 2, 2), "Start on time")  # changed within the window
    rows = db.session.scalars(db.select(MeetingFeedback)).all()
    assert [(r.heard, r.change) for r in rows] == [(2, "Start on time")]


# --- what facilitators see -------------------------------------------------------------


def _group(factories, size: int = 5):  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    return world, enrol(world, factories, size)


def test_below_five_answers_only_the_count_is_given(app, factories) -> None:
    world, people = _group(factories)
    meeting = ended_meeting(world)
    for n, person in enumerate(people[:4]):
        answer(meeting, person, (5, 4, 3), f"Change {n}")
    (summary,) = cohort_summaries(world.cohort.id)
    assert summary.answers == 4
    assert not summary.shown
    assert (summary.heard, summary.overall, summary.changes) == (None, None, [])
    answer(meeting, people[4], (3, 4, 5), "A change")
    (summary,) = cohort_summaries(world.cohort.id)
    assert summary.shown
    assert (summary.heard, summary.useful, summary.safe) == (4.6, 4.0, 3.4)
    assert summary.changes == ["A change", "Change 0", "Change 1", "Change 2", "Change 3"]


def test_a_fall_over_two_meetings_is_a_digest_line(app, factories) -> None:
    world, people = _group(factories)
    for hours_ago, rating in ((30, 5), (20, 4), (10, 3)):
        meeting = ended_meeting(world, hours_ago=hours_ago, topic=f"{hours_ago}")
        meeting.ends_at = utcnow() - timedelta(hours=1)  # answerable for the test's sake
        db.session.commit()
        for person in people:
            answer(meeting, person, (rating, rating, rating))
    note = falling_trend_note(world.cohort.id, utcnow())
    assert note is not None
    assert "5.0, then 4.0, then 3.0" in note
    assert facilitator_digest(world.cohort, utcnow()).feedback_falling == note
    assert falling_trend_note(world.cohort.id, utcnow() + timedelta(days=9)) is None


def test_a_rise_or_too_few_answers_is_not_a_falling_trend(app, factories) -> None:
    world, people = _group(factories)
    for hours_ago, rating in ((30, 3), (20, 5), (10, 2)):
        meeting = ended_meeting(world, hours_ago=hours_ago, topic=f"{hours_ago}")
        meeting.ends_at = utcnow() - timedelta(hours=1)
        db.session.commit()
        for person in people[: 4 if hours_ago == 10 else 5]:
            answer(meeting, person, (rating, rating, rating))
    assert falling_trend_note(world.cohort.id, utcnow()) is None
    assert [s.answers for s in cohort_summaries(world.cohort.id)] == [5, 5, 4]
    assert MIN_SHOWN == 5


# --- the request email, export and erasure ----------------------------------------------


def test_the_scanner_asks_each_member_once_and_the_email_goes_quiet_once_answered(
    app, world, smtp_server
) -> None:
    meeting = ended_meeting(world)
    db.session.query(OutboxMessage).delete()
    db.session.commit()
    rows = feedback_rows(utcnow())
    assert sorted(r["recipient_id"] for r in rows) == sorted(
        [world.owner.id, world.same_cohort_participant.id]
    )
    answer(meeting, world.same_cohort_participant, (4, 4, 4))
    assert run_scanner("scan_feedback", hand_over=True) == 1
    assert run_scanner("scan_feedback", hand_over=True) == 0  # asked already: left out
    sent = [m for m in smtp_server.messages if "How was today" in str(m["Subject"])]
    assert [str(m["To"]) for m in sent] == [world.owner.email]
    assert "List-Unsubscribe" in sent[0]


def test_answers_are_exported_and_erased_with_the_member(app, world) -> None:
    meeting = ended_meeting(world)
    answer(meeting, world.owner, (3, 4, 5), "Shorter check-in round")
    exported = export_user(world.owner)["meeting_feedback"]
    assert exported[0]["felt_safe"] == 5
    assert exported[0]["one_thing_to_change"] == "Shorter check-in round"
    erase_user(world.owner)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(MeetingFeedback.id))) == 0


# --- pages -----------------------------------------------------------------------------


def test_a_member_answers_on_the_page_and_nothing_chosen_is_lost(
    app, client, world, login, csrf
) -> None:
    meeting = ended_meeting(world)
    login(world.owner)
    assert "How was the meeting?" in client.get("/my/meetings").get_data(as_text=True)
    page = f"/meetings/{meeting.id}/feedback"
    refused = client.post(page, data={"csrf_token": csrf(page), "heard": "4", "change": "Tea"})
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert "The meeting was useful to me: choose one answer from 1 to 5." in body
    assert 'id="heard-4" name="heard" value="4" checked' in body
    assert 'value="Tea"' in body
    sent = client.post(
        page, data={"csrf_token": csrf(page), "heard": "4", "useful": "5", "safe": "3"}
    )
    assert sent.status_code == 302
    assert "How was the meeting?" not in client.get("/my/meetings").get_data(as_text=True)
    assert client.get(page).status_code == 200  # may still change it within the window


def test_staff_see_counts_then_anonymous_means(app, client, factories, login) -> None:
    world, people = _group(factories)
    meeting = ended_meeting(world)
    for person in people[:3]:
        answer(meeting, person, (4, 4, 4), "Open the window")
    login(world.facilitator)
    page = client.get(f"/cohorts/{world.cohort.id}/feedback").get_data(as_text=True)
    assert "3 answers; shown when 5 or more answer" in page
    assert "Open the window" not in page
    for person in people[3:]:
        answer(meeting, person, (2, 2, 2))
    page = client.get(f"/cohorts/{world.cohort.id}/feedback").get_data(as_text=True)
    assert "3.2" in page
    assert "Open the window" in page
    for person in people:
        assert person.display_name not in page


# --- statement counts ------------------------------------------------------------------


@pytest.mark.parametrize("viewer", ["member", "facilitator"])
def test_feedback_pages_run_a_fixed_number_of_statements(
    app, client, factories, login, csrf, count_queries, viewer
) -> None:
    counts = []
    for size in (6, 12):
        world, people = _group(factories, size)
        meetings = [
            ended_meeting(world, hours_ago=h, topic=str(h)) for h in range(1, size // 2 + 1)
        ]
        for meeting in meetings[1:]:
            for person in people[1:]:
                answer(meeting, person, (3, 4, 5), f"Idea {person.id}")
        viewer_user = people[0] if viewer == "member" else world.facilitator
        login(viewer_user)
        paths = (
            [f"/meetings/{meetings[0].id}/feedback", "/my/meetings"]
            if viewer == "member"
            else [f"/cohorts/{world.cohort.id}/feedback"]
        )
        found = []
        for path in paths:
            client.get(path)
            with count_queries() as statements:
                assert client.get(path).status_code == 200
            found.append(len(statements))
        counts.append(found)
        client.post("/logout", data={"csrf_token": csrf("/home")})
    assert counts[0] == counts[1], counts
