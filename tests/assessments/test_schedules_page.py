"""Facilitators schedule questionnaires for their cohort from the schedules page."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.assessments.models import AssessmentSchedule
from groupapp.db import db
from tests.assessments.groups import make_group


def test_facilitator_schedules_changes_and_stops_a_questionnaire(client, factories, login, csrf):
    group = make_group(factories)
    login(group.lead)
    assert group.cohort.name in client.get("/assessments/groups").get_data(as_text=True)
    url = f"/assessments/cohorts/{group.cohort.id}/schedules"
    page = client.get(url).get_data(as_text=True)
    assert (
        "PHQ-9</strong>:\n      on joining, every 4 weeks, at the end; open from 2 days before"
        in page
    )
    gad7 = group.instrument("gad7")
    meeting_id = db.session.scalar(sa.select(sa.text("min(id)")).select_from(sa.text("meetings")))
    reply = client.post(url, data={
        "csrf_token": csrf(url), "instrument_id": str(gad7.id), "every_weeks": "",
        "meeting_ids": [str(meeting_id)], "at_end": "y", "window_before_days": "1",
        "window_after_days": "3",
    })  # fmt: skip
    assert reply.status_code == 302
    schedule = db.session.scalar(
        sa.select(AssessmentSchedule).where(AssessmentSchedule.instrument_id == gad7.id)
    )
    assert (schedule.at_baseline, schedule.every_weeks, schedule.meeting_ids) == (
        False,
        None,
        [meeting_id],
    )
    assert (schedule.window_before_days, schedule.window_after_days) == (1, 3)
    page = client.get(url).get_data(as_text=True)
    assert "meeting of 2026-01-05, at the end; open from 1 day before to 3 days after" in page

    bad = client.post(url, data={"csrf_token": csrf(url), "instrument_id": str(gad7.id),
                                 "window_before_days": "99", "window_after_days": "3"})  # fmt: skip
    assert bad.status_code == 200
    assert "Number must be between 0 and 14" in bad.get_data(as_text=True)

    schedule_id = schedule.id
    delete = f"/assessments/schedules/{schedule_id}/delete"
    assert (
        client.post(delete, data={"csrf_token": csrf(url), "confirmed": "yes"}).status_code == 302
    )
    db.session.expunge_all()
    assert db.session.get(AssessmentSchedule, schedule_id) is None


def test_instruments_of_another_organisation_cannot_be_scheduled(client, factories, login, csrf):
    group = make_group(factories)
    elsewhere = make_group(factories)
    login(group.lead)
    url = f"/assessments/cohorts/{group.cohort.id}/schedules"
    foreign = elsewhere.instrument("gad7")
    data = {"csrf_token": csrf(url), "instrument_id": str(foreign.id),
            "window_before_days": "2", "window_after_days": "5"}  # fmt: skip
    reply = client.post(url, data=data)
    assert reply.status_code == 200  # not one of the choices
    count = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AssessmentSchedule)
        .where(AssessmentSchedule.cohort_id == group.cohort.id)
    )
    assert count == 1
