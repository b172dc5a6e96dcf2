"""Filling homework in: drafts that are never lost, submission, validation, late status."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine

from groupapp.core.timezones import to_local
from groupapp.db import db
from groupapp.homework.models import DRAFT, LATE, REVIEWED, SUBMITTED, TO_DO, Submission
from groupapp.homework.review import mark_reviewed
from groupapp.homework.services import Due
from tests.homework.support import THOUGHT_RECORD, logout, post


def _reload(sub: Submission) -> Submission:
    db.session.expire_all()
    found = db.session.get(Submission, sub.id)
    assert found is not None
    return found


def test_participant_sees_homework_by_status(hw, client, login):  # type: ignore[no-untyped-def]
    todo = hw.submission(hw.give("thought-record"), hw.alice)
    drafted = hw.submission(hw.give("saying-no-log"), hw.alice)
    login(hw.alice)
    post(client, f"/homework/{drafted.id}/draft", {"times-0-request": "Extra shift"})
    page = client.get("/homework/").get_data(as_text=True)
    assert page.index("To do") < page.index("Thought record") < page.index("Draft")
    assert page.index("Draft") < page.index("Saying-no practice log")
    assert _reload(todo).status == TO_DO


def test_autosave_keeps_whatever_was_typed_even_when_invalid(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give(), hw.alice)
    login(hw.alice)
    typed = {
        "situation": "Line one\r\nline two <b>",
        "intensity": "eleven",
        "evidence_for": "x" * 5000,
    }
    response = post(client, f"/homework/{sub.id}/draft", typed)
    assert response.status_code == 200
    assert response.json["saved"] is True
    assert response.json["label"].startswith("Draft saved at ")
    sub = _reload(sub)
    assert sub.status == DRAFT
    assert sub.draft["situation"] == "Line one\nline two <b>"
    assert sub.draft["intensity"] == "eleven"
    assert len(sub.draft["evidence_for"]) == 5000
    page = client.get(f"/homework/{sub.id}").get_data(as_text=True)
    assert "Line one\nline two &lt;b&gt;</textarea>" in page


def test_autosave_without_the_csrf_token_is_refused(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give(), hw.alice)
    login(hw.alice)
    response = client.post(f"/homework/{sub.id}/draft", data={"situation": "x"})
    assert response.status_code == 400
    assert _reload(sub).draft is None


def test_failed_submit_shows_each_problem_and_keeps_the_text(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give(), hw.alice)
    login(hw.alice)
    answers = {**THOUGHT_RECORD, "intensity": "12", "evidence_against": "", "action": "submit"}
    answers["situation"] = "At the family dinner\nmy brother asked again."
    response = post(client, f"/homework/{sub.id}", answers)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Emotion intensity: choose a number from 0 to 10" in page
    assert "Evidence against the thought: please fill this in" in page
    assert "At the family dinner\nmy brother asked again.</textarea>" in page
    assert 'href="#hw-intensity"' in page
    sub = _reload(sub)
    assert sub.status == DRAFT
    assert sub.draft["situation"] == "At the family dinner\nmy brother asked again."
    assert sub.answers == {}


def test_submit_then_edit_until_reviewed(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give(due=Due()), hw.alice)
    login(hw.alice)
    response = post(client, f"/homework/{sub.id}", {**THOUGHT_RECORD, "action": "submit"})
    assert response.status_code == 302
    sub = _reload(sub)
    assert sub.status == SUBMITTED
    assert sub.answers["intensity"] == 8
    assert sub.draft is None
    first_submitted = sub.submitted_at

    # A working copy typed after submitting is not what the facilitator sees...
    post(client, f"/homework/{sub.id}/draft", {**THOUGHT_RECORD, "emotion": "half-typed"})
    sub = _reload(sub)
    assert sub.status == SUBMITTED
    assert sub.answers["emotion"] == "anxious"
    assert sub.draft["emotion"] == "half-typed"
    page = client.get(f"/homework/{sub.id}").get_data(as_text=True)
    assert "changes saved as a draft that are not submitted yet" in page
    # ...until it is submitted again.
    post(client, f"/homework/{sub.id}", {**THOUGHT_RECORD, "emotion": "guilty", "action": "submit"})
    sub = _reload(sub)
    assert (sub.status, sub.answers["emotion"], sub.submitted_at) == (
        SUBMITTED,
        "guilty",
        first_submitted,
    )

    mark_reviewed(sub, hw.facilitator)
    db.session.commit()
    response = post(
        client, f"/homework/{sub.id}", {**THOUGHT_RECORD, "emotion": "x", "action": "submit"}
    )
    assert response.status_code == 302
    assert f"/homework/{sub.id}/read" in response.headers["Location"]
    assert post(client, f"/homework/{sub.id}/draft", {"emotion": "x"}).status_code == 403
    sub = _reload(sub)
    assert (sub.status, sub.answers["emotion"]) == (REVIEWED, "guilty")


def test_expired_session_loses_nothing_already_saved(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give(), hw.alice)
    login(hw.alice)
    post(client, f"/homework/{sub.id}/draft", {"situation": "Typed before the session ended"})
    logout(client)
    response = client.post(f"/homework/{sub.id}/draft", data={"situation": "lost?"})
    assert response.status_code in (302, 400, 401)
    assert _reload(sub).draft["situation"] == "Typed before the session ended"
    login(hw.alice)
    page = client.get(f"/homework/{sub.id}").get_data(as_text=True)
    assert "Typed before the session ended</textarea>" in page


def test_repeating_group_entries_are_saved_and_checked(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give("saying-no-log"), hw.alice)
    login(hw.alice)
    form = [
        ("times-0-when", "2026-03-04"),
        ("times-0-request", "Cover a colleague's shift"),
        ("times-0-outcome", "said_no"),
        ("times-1-when", "yesterday"),
        ("times-1-request", "Lend my car"),
        ("times-1-outcome", "said_yes"),
        ("action", "submit"),
    ]
    response = post(client, f"/homework/{sub.id}", form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Times I said no this week, moment 2, When: enter a real date as YYYY-MM-DD" in page
    assert 'value="Lend my car"' in page
    form[3] = ("times-1-when", "2026-03-05")
    assert post(client, f"/homework/{sub.id}", form).status_code == 302
    entries = _reload(sub).answers["times"]
    assert [e["request"] for e in entries] == ["Cover a colleague's shift", "Lend my car"]


def test_late_status_follows_the_cohort_time_zone(hw, client, login):  # type: ignore[no-untyped-def]
    # 21:00 on 9 March in New York (EDT, UTC-4) is 01:00 UTC on 10 March.
    assignment = hw.give(due=Due(local=datetime(2026, 3, 9, 21, 0)))  # noqa: DTZ001 - wall clock
    assert assignment.due_at == datetime(2026, 3, 10, 1, 0, tzinfo=UTC)
    on_time, late = hw.submission(assignment, hw.alice), hw.submission(assignment, hw.bob)
    with time_machine.travel(datetime(2026, 3, 10, 0, 59, tzinfo=UTC), tick=False):
        login(hw.alice)
        post(client, f"/homework/{on_time.id}", {**THOUGHT_RECORD, "action": "submit"})
    with time_machine.travel(datetime(2026, 3, 10, 1, 1, tzinfo=UTC), tick=False):
        logout(client)
        login(hw.bob)
        assert _reload(late).is_overdue()
        page = client.get(f"/homework/{late.id}").get_data(as_text=True)
        # Bob lives in London: the due time is shown in his zone, named.
        assert "1:00 am GMT" in page
        assert "Overdue" in page
        post(client, f"/homework/{late.id}", {**THOUGHT_RECORD, "action": "submit"})
    assert (_reload(on_time).status, _reload(late).status) == (SUBMITTED, LATE)


def test_due_before_meeting_n_follows_the_meeting(hw):  # type: ignore[no-untyped-def]
    assignment = hw.give(due=Due(meeting_number=2))
    second = hw.world.meetings()[1]
    assert assignment.due_meeting_id == second.id
    assert assignment.due_at == second.starts_at
    assert to_local(assignment.due_at, "America/New_York").strftime("%H:%M") == "18:00"


def test_cancelled_meetings_are_not_counted(hw):  # type: ignore[no-untyped-def]
    meetings = hw.world.meetings()
    meetings[1].status = "cancelled"
    db.session.commit()
    assignment = hw.give(due=Due(meeting_number=2))
    assert assignment.due_meeting_id == meetings[2].id


def test_an_empty_submit_is_refused_without_saving_a_draft(hw, client, login):  # type: ignore[no-untyped-def]
    sub = hw.submission(hw.give("thought-record"), hw.alice)
    login(hw.alice)
    response = post(client, f"/homework/{sub.id}", {"action": "submit"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was handed in" in page
    assert "Nothing you typed was lost" not in page
    assert 'href="#hw-situation"' in page  # the required answers are named and linked
    found = _reload(sub)
    assert (found.status, found.draft, found.draft_saved_at) == (TO_DO, None, None)
