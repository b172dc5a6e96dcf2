"""The after-meeting screen: attendance, group note, notes and ratings, saved together."""

from __future__ import annotations

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from groupapp.core.personal_data import erase_user, export_user
from groupapp.db import db
from groupapp.meetings.models import Attendance
from groupapp.observations.models import MeetingRecord, MemberObservation
from groupapp.observations.services import load_sheet, member_observations, save_sheet
from groupapp.observations.sheet import read_form
from tests.observations.builders import met_cohort, ratings_form
from tests.trust.audit import assert_audited, audit_rows


def _save(meeting, fields, actor):  # type: ignore[no-untyped-def]
    sheet = load_sheet(meeting)
    typed = read_form(MultiDict(fields), sheet.names())
    assert typed.problems == []
    changed = save_sheet(sheet, typed, actor)
    db.session.commit()
    return changed


# --- services ---------------------------------------------------------------------------


def test_one_save_records_attendance_group_note_notes_and_subscales(app, factories) -> None:
    world, meeting = met_cohort(factories)
    ana, ben = world.members
    fields = {
        f"status-{ana.id}": "present",
        f"status-{ben.id}": "absent",
        "covered": "Saying no at work",
        "themes": "Guilt after a no",
        "follow_up": "Call Ben",
        f"note-{ana.id}": "Held a limit with her manager this week.",
        **ratings_form(ana.id, codependent=1, interdependent=3),
    }
    assert _save(meeting, fields, world.facilitator) == 4  # 2 marks, group note, Ana's row
    marks = dict(db.session.execute(sa.select(Attendance.user_id, Attendance.status)).all())
    assert marks == {ana.id: "present", ben.id: "absent"}
    group = db.session.scalar(sa.select(MeetingRecord))
    assert (group.covered, group.follow_up) == ("Saying no at work", "Call Ben")
    seen = db.session.scalar(sa.select(MemberObservation))
    assert (seen.user_id, seen.codependent, seen.interdependent) == (ana.id, 1.0, 3.0)
    assert seen.instrument == "meeting-observation@1"
    assert [(p.codependent, p.interdependent) for p in member_observations(ana.id)] == [(1.0, 3.0)]
    # Saving the same again changes nothing and writes no audit rows.
    before = len(audit_rows("observation.update"))
    assert _save(meeting, fields, world.facilitator) == 0
    assert len(audit_rows("observation.update")) == before


def test_a_partly_rated_member_keeps_ratings_without_a_subscale(app, factories) -> None:
    world, meeting = met_cohort(factories, members=1)
    person = world.members[0]
    _save(meeting, {f"rate-{person.id}-caretaking": "2"}, world.facilitator)
    seen = db.session.scalar(sa.select(MemberObservation))
    assert seen.answers == {"caretaking": 2}
    assert (seen.codependent, seen.interdependent) == (None, None)


def test_problems_name_the_member_and_nothing_is_saved(app, factories) -> None:
    world, meeting = met_cohort(factories, members=1)
    person = world.members[0]
    sheet = load_sheet(meeting)
    typed = read_form(
        MultiDict(
            {
                f"status-{person.id}": "absent",
                f"rate-{person.id}-caretaking": "2",
                f"rate-{person.id}-approval": "9",
                f"note-{person.id}": "x" * 2001,
            }
        ),
        sheet.names(),
    )
    messages = dict(typed.problems)
    name = person.display_name
    assert messages[f"rate-{person.id}-approval"] == f"{name}: choose one of the ratings shown"
    assert messages[f"note-{person.id}"].startswith(f"{name}: a note has at most 2000")
    assert f"{name} is marked absent" in messages[f"rate-{person.id}-caretaking"]
    assert typed.members[person.id].note == "x" * 2001  # kept to show again


FORM = st.dictionaries(
    st.sampled_from(
        [
            "covered",
            "themes",
            "status-{id}",
            "note-{id}",
            "rate-{id}-control",
            "rate-{id}-nope",
            "other",
        ]
    ),
    st.text(max_size=60),
    max_size=7,
)


def test_any_form_input_is_saved_or_answered_with_named_problems(app, factories) -> None:
    world, meeting = met_cohort(factories, members=1)
    person = world.members[0]

    @settings(max_examples=40, deadline=None)
    @given(form=FORM)
    def check(form: dict[str, str]) -> None:
        fields = {key.replace("{id}", str(person.id)): value for key, value in form.items()}
        sheet = load_sheet(meeting)
        typed = read_form(MultiDict(fields), sheet.names())
        try:
            for _target, message in typed.problems:
                assert ": " in message or " is marked " in message
            if not typed.problems:
                save_sheet(sheet, typed, world.facilitator)
        finally:
            db.session.rollback()

    check()


def test_export_holds_notes_and_ratings_and_erasure_removes_them(app, factories) -> None:
    world, meeting = met_cohort(factories, members=1)
    person = world.members[0]
    fields = {f"note-{person.id}": "Spoke first today.", **ratings_form(person.id, 0, 2)}
    _save(meeting, fields, world.facilitator)
    exported = export_user(person)["observations"]
    assert exported[0]["facilitator_note"] == "Spoke first today."
    assert exported[0]["interdependent_patterns"] == 2.0
    erase_user(person)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MemberObservation)) == 0
    assert export_user(person)["observations"] == []


# --- pages ------------------------------------------------------------------------------


def test_the_screen_saves_without_a_script_and_reads_are_audited(
    app, client, factories, login, csrf
) -> None:
    world, meeting = met_cohort(factories, members=2)
    ana, _ben = world.members
    login(world.facilitator)
    url = f"/meetings/{meeting.id}/after"
    assert b"After the meeting" in client.get(f"/meetings/{meeting.id}").data
    page = client.get(url)
    assert page.status_code == 200
    assert b"Stepped in to rescue" in page.data
    fields = {
        "csrf_token": csrf(url),
        f"status-{ana.id}": "present",
        "covered": "Boundaries at home",
        f"note-{ana.id}": "Quieter than usual.",
        **ratings_form(ana.id, 2, 1),
    }
    saved = client.post(url, data=fields)
    assert saved.status_code == 302
    again = client.get(url)
    assert b"Quieter than usual." in again.data
    assert b"Boundaries at home" in again.data
    seen = db.session.scalar(sa.select(MemberObservation))
    assert_audited("observation.read", actor=world.facilitator, subject=ana, object=seen)
    assert_audited("observation.update", actor=world.facilitator, subject=ana, object=seen)


def test_a_bad_entry_is_explained_and_everything_typed_is_shown_again(
    app, client, factories, login, csrf
) -> None:
    # The second member joined after the screen was opened: the post does not carry them,
    # and the screen is still shown again with them in it.
    world, meeting = met_cohort(factories, members=2)
    person, newcomer = world.members
    login(world.facilitator)
    url = f"/meetings/{meeting.id}/after"
    bad = client.post(
        url,
        data={
            "csrf_token": csrf(url),
            "covered": "Kept words",
            f"status-{person.id}": "excused",
            f"rate-{person.id}-control": "1",
        },
    )
    assert bad.status_code == 422
    assert b"Kept words" in bad.data
    assert b"is marked excused" in bad.data
    assert f'name="note-{newcomer.id}"'.encode() in bad.data
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingRecord)) == 0


def test_autosave_answers_json(app, client, factories, login, csrf) -> None:
    world, meeting = met_cohort(factories, members=1)
    person = world.members[0]
    login(world.facilitator)
    url = f"/meetings/{meeting.id}/after"
    token = csrf(url)
    ok = client.post(
        f"{url}/draft",
        data={"csrf_token": token, f"note-{person.id}": "Typed so far"},
        headers={"Accept": "application/json"},
    )
    assert ok.status_code == 200
    assert ok.json["saved"] is True
    bad = client.post(
        f"{url}/draft",
        data={"csrf_token": token, f"rate-{person.id}-control": "7"},
        headers={"Accept": "application/json"},
    )
    assert bad.status_code == 422
    assert bad.json["problems"][0]["field"] == f"rate-{person.id}-control"


def test_the_screen_runs_the_same_statements_at_two_sizes(
    app, client, factories, login, count_queries, csrf
) -> None:
    counts = []
    org = factories.org()
    for size in (2, 7):
        world, meeting = met_cohort(factories, members=size, org=org)
        fields: dict[str, str] = {"covered": "Topic"}
        for person in world.members:
            fields.update(ratings_form(person.id, 1, 2))
            fields[f"status-{person.id}"] = "present"
            fields[f"note-{person.id}"] = "A note"
        _save(meeting, fields, world.facilitator)
        login(world.facilitator)
        url = f"/meetings/{meeting.id}/after"
        client.get(url)
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        saving = {**fields, "csrf_token": csrf(url)}
        for person in world.members:
            saving[f"note-{person.id}"] = "Changed"
        with count_queries() as writes:
            assert client.post(url, data=saving).status_code == 302
        counts.append((len(statements), len(writes)))
        client.post("/logout", data={"csrf_token": csrf("/home")})
    assert counts[0] == counts[1]
