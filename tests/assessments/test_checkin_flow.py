"""A participant answers a scheduled check-in: drafts, submission once, server scoring."""

from __future__ import annotations

import sqlalchemy as sa
import time_machine

from groupapp.assessments.models import AssessmentResponse
from groupapp.audit.models import AuditEvent
from groupapp.db import db
from tests.assessments.groups import DURING_BASELINE, make_group

ANSWER_URL = "/assessments/check-ins/{}/baseline"


def phq9_form(token: str, action: str, **answers: int) -> dict[str, str]:
    data = {"csrf_token": token, "action": action}
    data.update({k: str(v) for k, v in answers.items()})
    return data


def all_items(value: int, **overrides: int) -> dict[str, int]:
    answers = {f"q{n}": value for n in range(1, 10)}
    answers.update(overrides)
    return answers


@time_machine.travel(DURING_BASELINE, tick=False)
def test_baseline_is_due_saved_as_draft_then_submitted_once(client, factories, login, csrf):
    group = make_group(factories)
    login(group.member)
    page = client.get("/assessments/check-ins").get_data(as_text=True)
    assert "Start PHQ-9" in page
    url = ANSWER_URL.format(group.schedule.id)

    saved = client.post(url, data=phq9_form(csrf(url), "save", q1=2, q2=1))
    assert saved.status_code == 302
    draft = db.session.scalar(sa.select(AssessmentResponse))
    assert (draft.status, draft.answers) == ("draft", {"q1": 2, "q2": 1})
    assert "Continue PHQ-9" in client.get("/assessments/check-ins").get_data(as_text=True)
    form_page = client.get(url).get_data(as_text=True)
    assert 'name="q1" value="2" checked' in form_page

    incomplete = client.post(url, data=phq9_form(csrf(url), "submit", q1=2))
    assert incomplete.status_code == 200
    assert "Some questions still need an answer" in incomplete.get_data(as_text=True)
    assert db.session.scalar(sa.select(AssessmentResponse.status)) == "draft"

    done = client.post(url, data=phq9_form(csrf(url), "submit", **all_items(1, q9=0)))
    assert done.status_code == 302
    response = db.session.scalar(sa.select(AssessmentResponse))
    assert (response.status, response.total, response.band) == ("submitted", 8, "Mild")
    assert response.instrument_version_id == group.instrument("phq9").current_version_id
    result = client.get(done.location).get_data(as_text=True)
    assert "Mild" in result
    assert "Support is available now" not in result

    again = client.get(url)
    assert again.status_code == 302
    resubmit = client.post(
        url, data=phq9_form(csrf("/assessments/check-ins"), "submit", **all_items(3))
    )
    assert resubmit.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AssessmentResponse)) == 1
    assert db.session.scalar(sa.select(AssessmentResponse.total)) == 8
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {
        "assessment.response.save",
        "assessment.response.submit",
        "assessment.response.read",
    } <= actions


@time_machine.travel(DURING_BASELINE, tick=False)
def test_tampered_answer_values_are_refused(client, factories, login, csrf):
    group = make_group(factories)
    login(group.member)
    url = ANSWER_URL.format(group.schedule.id)
    reply = client.post(url, data=phq9_form(csrf(url), "submit", **all_items(1, q4=7)))
    assert reply.status_code == 200
    assert db.session.scalar(sa.select(AssessmentResponse.status)) == "draft"


def test_closed_window_is_not_answerable(client, factories, login, csrf):
    group = make_group(factories)  # baseline window closed on 10 January 2026
    with time_machine.travel("2026-01-20 12:00Z", tick=False):
        login(group.member)
        assert "Nothing is due right now" in client.get("/assessments/check-ins").get_data(
            as_text=True
        )
        url = ANSWER_URL.format(group.schedule.id)
        reply = client.post(
            url, data=phq9_form(csrf("/assessments/check-ins"), "submit", **all_items(0))
        )
        assert reply.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AssessmentResponse)) == 0
