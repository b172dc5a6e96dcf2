"""Assigning homework: to a cohort or chosen members, due times in the cohort's zone, emails."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from werkzeug.datastructures import MultiDict

from groupapp.core.outbox import OutboxMessage
from groupapp.db import db
from groupapp.homework.models import TO_DO, Assignment, Submission
from tests.cohorts.builders import enrol
from tests.homework.support import assign_form, logout, post

_assign = assign_form


def _outbox(kind: str) -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.kind == kind)))


def test_assign_to_the_whole_cohort_before_meeting_two(hw, client, login, smtp_server):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    page = client.get(f"/homework/cohorts/{hw.cohort.id}/assign").get_data(as_text=True)
    assert "Thought record" in page
    response = _assign(client, hw, title="Thought record, week 1")
    assert response.status_code == 302
    assignment = db.session.scalar(db.select(Assignment))
    assert assignment.title == "Thought record, week 1"
    assert assignment.due_at == hw.world.meetings()[1].starts_at
    subs = db.session.scalars(db.select(Submission)).all()
    assert sorted(s.user_id for s in subs) == sorted([hw.alice.id, hw.bob.id])
    assert {s.status for s in subs} == {TO_DO}

    assert {m.recipient_id for m in _outbox("homework_assigned")} == {hw.alice.id, hw.bob.id}
    due_soon = _outbox("homework_due_soon")
    assert {m.send_after for m in due_soon} == {assignment.due_at - timedelta(hours=24)}
    assert _outbox("homework_overdue") == []  # written later by the scanner, per cohort offsets
    # The "assigned" messages went out after the commit, to a real SMTP server.
    subjects = sorted(m["Subject"] for m in smtp_server.messages)
    assert subjects == ["New homework: Thought record, week 1"] * 2
    body = smtp_server.messages[0].get_body(("plain",)).get_content()
    assert "/homework/" in body
    assert "It is due" in body
    assert "GMT (Europe/London)" in body  # each recipient reads the time in their own zone


def test_assign_to_chosen_members_at_a_time_in_the_cohort_zone(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    response = _assign(
        client,
        hw,
        audience="members",
        members=str(hw.alice.id),
        due_kind="time",
        due_date="2026-12-20",
        due_time="20:30",
    )
    assert response.status_code == 302
    assignment = db.session.scalar(db.select(Assignment))
    # 20:30 in New York in December (EST, UTC-5) is 01:30 UTC the next day.
    assert assignment.due_at == datetime(2026, 12, 21, 1, 30, tzinfo=UTC)
    assert [s.user_id for s in assignment.submissions] == [hw.alice.id]


def test_assign_form_explains_what_is_missing(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    page = _assign(client, hw, meeting_number="").get_data(as_text=True)
    assert "Choose the meeting it is due before." in page
    page = _assign(client, hw, audience="members").get_data(as_text=True)
    assert "Choose at least one member." in page
    page = _assign(client, hw, due_kind="time").get_data(as_text=True)
    assert "Give both a date and a time" in page
    page = _assign(client, hw, meeting_number="99").get_data(as_text=True)
    assert "This cohort has no meeting 99." in page
    assert db.session.scalar(db.select(Assignment)) is None


def test_members_who_join_later_get_it_when_asked(hw, client, login):  # type: ignore[no-untyped-def]
    reaching = hw.give("saying-no-log", later=True)
    not_reaching = hw.give("thought-record", later=False)
    (newcomer,) = enrol(hw.world, hw.factories, 1)
    login(newcomer)
    page = client.get("/homework/").get_data(as_text=True)
    assert "Saying-no practice log" in page
    assert "Thought record" not in page
    given = db.session.scalars(db.select(Submission).where(Submission.user_id == newcomer.id)).all()
    assert [s.assignment_id for s in given] == [reaching.id]
    assert not_reaching.id not in {s.assignment_id for s in given}
    assert newcomer.id in {m.recipient_id for m in _outbox("homework_assigned")}


def test_a_member_who_takes_a_place_gets_it_at_once(hw):  # type: ignore[no-untyped-def]
    """No page needs opening: the reminders scanner sees the new member's homework."""
    from groupapp.cohorts.models import Membership
    from groupapp.cohorts.services import accept_place, current_agreement

    reaching = hw.give("saying-no-log", later=True)
    newcomer = hw.factories.user("participant", org=hw.cohort.organisation)
    membership = Membership(cohort=hw.cohort, user=newcomer, status="invited")
    db.session.add(membership)
    db.session.flush()
    accept_place(membership, current_agreement(hw.cohort).version)
    db.session.commit()
    given = db.session.scalars(db.select(Submission).where(Submission.user_id == newcomer.id))
    assert [s.assignment_id for s in given] == [reaching.id]


def test_the_program_suggests_homework_per_topic(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    page = client.get(f"/homework/cohorts/{hw.cohort.id}/assign").get_data(as_text=True)
    assert "Week 3, What boundaries are and why they matter" in page
    assert "template=builtin:boundary-setting-worksheet" in page.replace("%3A", ":")
    prefilled = client.get(
        f"/homework/cohorts/{hw.cohort.id}/assign?template=builtin:saying-no-log&meeting=5"
    ).get_data(as_text=True)
    assert (
        'value="builtin:saying-no-log" selected' in prefilled
        or 'selected value="builtin:saying-no-log"' in prefilled
    )
    assert 'value="5"' in prefilled


def test_feedback_email_says_there_is_feedback_not_what_it_says(hw, client, login, smtp_server):  # type: ignore[no-untyped-def]
    from groupapp.homework.services import Due, submit
    from tests.homework.support import THOUGHT_RECORD

    sub = hw.submission(hw.give(due=Due()), hw.alice)
    submit(sub, MultiDict(THOUGHT_RECORD))
    db.session.commit()
    login(hw.facilitator)
    post(client, f"/homework/{sub.id}/comment", {"body": "Private words about your sister"})
    feedback = [m for m in smtp_server.messages if "feedback" in m["Subject"].lower()]
    assert len(feedback) == 1
    assert feedback[0]["To"] == hw.alice.email
    assert "Private words" not in feedback[0].as_string()
    logout(client)


def test_the_meeting_is_picked_by_date_and_topic(hw, client, login):  # type: ignore[no-untyped-def]
    from groupapp.core.timezones import format_date

    login(hw.facilitator)
    page = client.get(f"/homework/cohorts/{hw.cohort.id}/assign").get_data(as_text=True)
    second = hw.world.meetings()[1]
    label = f"{format_date(second.starts_at, hw.cohort.timezone)}: {second.topic}"
    assert f'<option value="2">{label}</option>' in page.replace("&#39;", "'")
    assert "Meeting number" not in page
    # Only the fields of the chosen option show (with a script), radio rows are a fieldset.
    assert 'data-shown-when="due_kind=meeting"' in page
    assert 'data-shown-when="due_kind=time"' in page
    assert '<fieldset class="field choice-group' in page


def test_suggestions_fit_the_cohort_length(hw, client, login):  # type: ignore[no-untyped-def]
    from groupapp.homework.template_services import suggestions_for, template_choices

    choices = template_choices(hw.cohort.organisation_id)
    everything = suggestions_for(hw.cohort.program, choices)
    assert everything, "the program suggests homework"
    last_due = max(s.due_meeting for s in everything)
    fitting = suggestions_for(hw.cohort.program, choices, last_due - 1)
    assert fitting
    assert all(s.due_meeting <= last_due - 1 for s in fitting)
    login(hw.facilitator)
    page = client.get(f"/homework/cohorts/{hw.cohort.id}/assign").get_data(as_text=True)
    assert "due before meeting" not in page  # named by date and topic instead


def test_problems_are_summed_up_first_with_links_to_each_field(hw, client, login):  # type: ignore[no-untyped-def]
    login(hw.facilitator)
    page = _assign(client, hw, meeting_number="", audience="members").get_data(as_text=True)
    summary = page[
        page.index("data-error-summary") : page.index("</div>", page.index("data-error-summary"))
    ]
    assert "Please check these 2 answers" in summary
    assert 'href="#meeting_number"' in summary
    assert 'href="#members-group"' in summary
    assert page.index("data-error-summary") < page.index('id="meeting_number"')
