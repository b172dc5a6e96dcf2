"""Who sees what, and exports that hold only the requesting organisation's data."""

from __future__ import annotations

import csv
import io
import json

import sqlalchemy as sa
import time_machine
from fhir.resources.R4B.bundle import Bundle

from groupapp.assessments.catalog import import_instrument_file
from groupapp.assessments.exports import pseudonym
from groupapp.audit.models import AuditEvent
from groupapp.db import db
from tests.assessments.groups import DURING_BASELINE, logout, make_group
from tests.assessments.instrument_data import data_file
from tests.assessments.scored import answer_open
from tests.assessments.test_checkin_flow import all_items


@time_machine.travel(DURING_BASELINE, tick=False)
def test_participants_see_only_their_own_results(client, factories, login):
    group = make_group(factories)
    mine = answer_open(group.member, all_items(1))
    theirs = answer_open(group.other_member, all_items(2))
    login(group.member)
    assert client.get(f"/assessments/responses/{mine.id}").status_code == 200
    assert client.get(f"/assessments/responses/{theirs.id}").status_code == 404
    progress = client.get("/assessments/progress").get_data(as_text=True)
    assert "PHQ-9" in progress
    assert "Your first PHQ-9 score is 9." in progress
    # One point in each drawing of the chart (wide and phone), none of the other member's.
    assert progress.count('class="score-point') == progress.count('class="progress-chart') == 2
    assert client.get(f"/assessments/cohorts/{group.cohort.id}/progress").status_code == 403
    url = f"/assessments/cohorts/{group.cohort.id}/members/{group.other_member.id}/progress"
    assert client.get(url).status_code == 403


@time_machine.travel(DURING_BASELINE, tick=False)
def test_facilitators_see_only_their_cohorts(client, factories, login, csrf):
    group = make_group(factories)
    response = answer_open(group.member, all_items(1))
    other_cohort = factories.cohort(
        group.org, facilitators=[factories.user("facilitator", group.org)]
    )
    stranger = factories.user("facilitator", group.org)
    outsider = factories.user("admin", factories.org())
    cohort_urls = [
        f"/assessments/cohorts/{group.cohort.id}/progress",
        f"/assessments/cohorts/{group.cohort.id}/members/{group.member.id}/progress",
        f"/assessments/cohorts/{group.cohort.id}/export.csv",
        f"/assessments/cohorts/{group.cohort.id}/export.fhir.json",
        f"/assessments/cohorts/{group.cohort.id}/schedules",
        f"/assessments/responses/{response.id}",
    ]
    for user in (stranger, outsider):
        login(user)
        for url in cohort_urls:
            assert client.get(url).status_code == 404, (user.role, url)
        logout(client, csrf)
    login(group.lead)
    for url in cohort_urls:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/assessments/cohorts/{other_cohort.id}/progress").status_code == 404
    member_page = client.get(cohort_urls[1]).get_data(as_text=True)
    assert "Little interest or pleasure" in client.get(cohort_urls[-1]).get_data(as_text=True)
    assert "<svg" in member_page
    actions = set(
        db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.actor_id == group.lead.id))
    )
    assert actions >= {
        "assessment.progress.read", "assessment.export.csv", "assessment.export.fhir",
        "assessment.cohort_progress.read", "assessment.response.read",
    }  # fmt: skip


@time_machine.travel(DURING_BASELINE, tick=False)
def test_csv_export_is_pseudonymous_and_formula_safe(client, factories, login):
    group = make_group(factories, slug="sfcs")
    # A hostile band label in an imported file must not run as a spreadsheet formula.
    hostile = data_file("sfcs_shaped.yaml").replace(
        "  higher_is: worse",
        '  bands: [{min: 16, max: 96, label: "=HYPERLINK(\\"http://x\\")"}]\n  higher_is: worse',
    )
    import_instrument_file(group.org, hostile, source="upload")
    db.session.commit()
    answer_open(group.member, {f"q{n}": 4 for n in range(1, 17)})
    with time_machine.travel("2026-02-02 12:00Z", tick=False):
        answer_open(group.member, {f"q{n}": 5 for n in range(1, 17)})
    elsewhere = make_group(factories, slug="sfcs")
    answer_open(elsewhere.member, {f"q{n}": 1 for n in range(1, 17)})

    login(group.lead)
    reply = client.get(f"/assessments/cohorts/{group.cohort.id}/export.csv")
    assert reply.headers["Content-Disposition"].startswith("attachment;")
    text = reply.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 2  # only this cohort, only this organisation
    row, later = rows
    assert row["participant"] == pseudonym(group.org.id, group.member.id)
    assert (row["instrument"], row["instrument_version"], row["total"]) == ("sfcs", "2", "62")
    assert row["band"] == '\'=HYPERLINK("http://x")'
    assert (later["occurrence"], later["total"]) == ("week-4", "74")
    assert (later["change_since_baseline"], later["change_since_last"]) == ("12", "12")
    assert later["reliable_change"] == "no_reliable_change"  # 12 is under the 12.4 threshold
    assert group.member.email not in text
    assert "Robin" not in text


@time_machine.travel(DURING_BASELINE, tick=False)
def test_fhir_export_validates_as_an_r4_bundle(client, factories, login):
    group = make_group(factories)
    answer_open(group.member, all_items(2, q9=1))
    make_group(factories)  # another organisation's group stays out
    login(group.lead)
    reply = client.get(f"/assessments/cohorts/{group.cohort.id}/export.fhir.json")
    bundle = json.loads(reply.get_data(as_text=True))
    Bundle.model_validate(bundle)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["Questionnaire", "QuestionnaireResponse", "Observation"]
    questionnaire, response, observation = (e["resource"] for e in bundle["entry"])
    assert questionnaire["code"][0]["code"] == "44249-1"
    assert response["questionnaire"] == f"{questionnaire['url']}|{questionnaire['version']}"
    assert response["subject"]["reference"] == f"Patient/{pseudonym(group.org.id, group.member.id)}"
    assert observation["code"]["coding"][0]["code"] == "44261-6"
    assert observation["valueQuantity"]["value"] == 17
    assert observation["interpretation"] == [{"text": "Moderately severe"}]
