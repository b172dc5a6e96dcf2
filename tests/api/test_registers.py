"""API: nudges, the register CSV, the roster and copying a cohort, as the pages do them."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa
import time_machine
from pypdf import PdfReader

from groupapp.cohorts.models import Cohort
from groupapp.core.outbox import OutboxMessage
from groupapp.db import db
from groupapp.notifications.nudges import CHECKIN_KIND, HOMEWORK_KIND
from tests.assessments.groups import DURING_BASELINE, make_group
from tests.cohorts.test_copy import members_of
from tests.homework.support import build
from tests.trust.audit import assert_audited


def test_a_homework_nudge_answers_how_many_and_refuses_a_second(factories, api_as) -> None:  # type: ignore[no-untyped-def]
    hw = build(factories)
    assignment = hw.give()
    api = api_as(hw.facilitator)
    first = api.post(f"/assignments/{assignment.id}/nudges")
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["reminded"] == 2
    second = api.post(f"/assignments/{assignment.id}/nudges")
    assert second.status_code == 409
    assert "A reminder for this went out" in second.get_json()["detail"]
    count = sa.select(sa.func.count()).where(OutboxMessage.kind == HOMEWORK_KIND)
    assert db.session.scalar(count) == 2
    assert api_as(hw.alice).post(f"/assignments/{assignment.id}/nudges").status_code == 403


@time_machine.travel(DURING_BASELINE, tick=False)
def test_a_checkin_nudge_by_its_id(factories, api_as) -> None:  # type: ignore[no-untyped-def]
    group = make_group(factories)
    api = api_as(group.lead)
    response = api.post(f"/checkins/{group.schedule.id}.baseline/nudges")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["reminded"] == 2
    assert (
        db.session.scalar(sa.select(sa.func.count()).where(OutboxMessage.kind == CHECKIN_KIND)) == 2
    )
    assert api.post(f"/checkins/{group.schedule.id}.week-4/nudges").status_code == 409
    assert api.post("/checkins/nonsense/nudges").status_code == 404


def test_register_csv_and_roster(factories, api_as) -> None:  # type: ignore[no-untyped-def]
    hw = build(factories)
    api = api_as(hw.facilitator)
    response = api.get(f"/cohorts/{hw.cohort.id}/register.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert {row[0] for row in rows[1:]} >= {"Alice Example", "Bob Example"}
    assert_audited("cohort.register.export", actor=hw.facilitator, object=hw.cohort)
    roster = api.get(f"/cohorts/{hw.cohort.id}/roster").get_json()
    assert roster["total"] == 2
    assert roster["items"][0] == {
        "name": "Alice Example",
        "status": "Member",
        "joined_on": "2026-03-01",
        "preferred_contact": f"Email: {hw.alice.email}",
    }
    assert api_as(hw.alice).get(f"/cohorts/{hw.cohort.id}/roster").status_code == 403
    pdf = api.get(f"/cohorts/{hw.cohort.id}/roster.pdf?paper=letter")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    text = reader.pages[0].extract_text()
    assert "Alice Example" in text
    assert "Bob Example" in text
    assert f"Email: {hw.alice.email}" in text
    assert round(float(reader.pages[0].mediabox.height)) == 792
    assert_audited("cohort.roster.export", actor=hw.facilitator, object=hw.cohort)
    refused = api.get(f"/cohorts/{hw.cohort.id}/roster.pdf?paper=a3")
    assert refused.status_code == 422
    assert "paper" in refused.get_data(as_text=True)
    assert api_as(hw.alice).get(f"/cohorts/{hw.cohort.id}/roster.pdf").status_code == 403


def test_copy_makes_a_cohort_without_members(factories, api_as) -> None:  # type: ignore[no-untyped-def]
    hw = build(factories)
    hw.give()
    api = api_as(hw.facilitator)
    bad = api.post(f"/cohorts/{hw.cohort.id}/copies", json={"name": "x", "start_date": "soon"})
    assert bad.status_code == 422
    preview = api.post(
        f"/cohorts/{hw.cohort.id}/copies/preview",
        json={"name": "Next term", "start_date": "2031-01-06"},
    ).get_json()
    assert preview["meetings"][0] == "2031-01-07T18:00"  # the first Tuesday
    assert len(preview["meetings"]) == 12
    homework = next(part for part in preview["parts"] if part["name"] == "Homework")
    assert homework["lines"] == ["Thought record: due at meeting 2 (Tue 14 Jan 2031, 6:00 pm)"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cohort)) == 1
    made = api.post(
        f"/cohorts/{hw.cohort.id}/copies", json={"name": "Next term", "start_date": "2031-01-06"}
    )
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["name"] == "Next term"
    copy = db.session.get(Cohort, body["id"])
    assert copy.program_id == hw.cohort.program_id
    assert members_of(copy.id) == 0
    assert_audited("cohort.copy", actor=hw.facilitator, object=copy)


def test_register_and_roster_calls_do_not_grow_with_the_data(  # type: ignore[no-untyped-def]
    factories, api_as, count_queries
) -> None:
    from tests.cohorts.builders import enrol, shift_to_past
    from tests.cohorts.test_registers import marked_world

    counts = []
    for members, weeks in ((2, 3), (10, 14)):
        world = marked_world(factories, members=members, weeks=weeks, marked=2)
        shift_to_past(world, 2)
        enrol(world, factories, 1)
        api = api_as(world.facilitator)
        found = []
        for path in (
            f"/cohorts/{world.cohort.id}/register.csv",
            f"/cohorts/{world.cohort.id}/roster?per_page=100",
            f"/cohorts/{world.cohort.id}/roster.pdf",
        ):
            api.get(path)
            with count_queries() as statements:
                assert api.get(path).status_code == 200
            found.append(len(statements))
        counts.append(found)
    assert counts[0] == counts[1]
