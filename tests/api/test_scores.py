"""Check-ins answered through the API, responses, a person's scores and FHIR."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given, settings
from hypothesis import strategies as st

from groupapp.api.score_schemas import numeric_answers
from groupapp.assessments.models import AssessmentResponse, RiskAlert
from groupapp.db import db, utcnow
from tests.assessments.access_table import _response, _schedule
from tests.trust.audit import assert_audited
from tests.trust.world import build_world

ZEROS = {f"q{n}": 0 for n in range(1, 10)}
OUTSIDERS = ("same_cohort_participant", "other_cohort_facilitator", "other_org_admin")


@pytest.fixture
def world(factories):  # type: ignore[no-untyped-def]
    return build_world(factories)


def _checkin(world) -> str:  # type: ignore[no-untyped-def]
    schedule = _schedule(world)
    db.session.commit()
    return f"{schedule.id}.baseline"


def _errors(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    assert response.headers["Content-Type"] == "application/problem+json"
    return {e["field"]: e["detail"] for e in response.get_json()["errors"]}


def _earlier_total(world, total: float) -> None:  # type: ignore[no-untyped-def]
    """A check-in the owner submitted a month ago on the same questionnaire."""
    earlier = _response_row(world, "week-minus-4", total, utcnow() - timedelta(days=30))
    db.session.add(earlier)
    db.session.commit()


def _response_row(world, key: str, total: float, when) -> AssessmentResponse:  # type: ignore[no-untyped-def]
    schedule = _schedule(world)
    instrument = schedule.instrument
    return AssessmentResponse(
        organisation_id=world.org.id, cohort_id=world.cohort.id, user_id=world.owner.id,
        schedule_id=schedule.id, instrument_id=instrument.id,
        instrument_version_id=instrument.current_version_id, occurrence_key=key,
        due_on=date(2026, 1, 5), status="submitted", submitted_at=when,
        answers={f"q{n}": 2 for n in range(1, 10)}, total=total, band="Moderately severe",
    )  # fmt: skip


# --- answering ---------------------------------------------------------------------------


def test_answering_a_checkin_returns_its_score(world, api_as):
    checkin_id = _checkin(world)
    response = api_as(world.owner).post(f"/checkins/{checkin_id}/response", json={"answers": ZEROS})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["total"] == 0
    assert body["band"]
    assert body["change_from_baseline"] is None
    assert body["reliable_change"] is None  # no baseline yet
    assert body["risk_flag"] is False
    assert body["support_text"] == ""
    stored = db.session.get(AssessmentResponse, body["response_id"])
    assert stored.status == "submitted"
    assert_audited("assessment.response.submit", actor=world.owner, subject=world.owner)
    again = api_as(world.owner).post(f"/checkins/{checkin_id}/response", json={"answers": ZEROS})
    assert again.status_code == 409


def test_change_from_baseline_and_reliable_improvement(world, api_as):
    _earlier_total(world, 18)
    checkin_id = _checkin(world)
    body = (
        api_as(world.owner)
        .post(f"/checkins/{checkin_id}/response", json={"answers": {**ZEROS, "q1": 1.0, "q2": "1"}})
        .get_json()
    )
    assert body["total"] == 2
    assert body["change_from_baseline"] == -16
    assert body["reliable_change"] == "improved"


def test_a_change_within_the_noise_is_none_and_shows_the_difference(world, api_as):
    _earlier_total(world, 1)
    checkin_id = _checkin(world)
    body = (
        api_as(world.owner)
        .post(f"/checkins/{checkin_id}/response", json={"answers": ZEROS})
        .get_json()
    )
    assert body["change_from_baseline"] == -1
    assert body["reliable_change"] == "none"


def test_a_risk_answer_raises_the_same_alert_as_the_page(world, api_as):
    world.org.crisis_support_text = "Call the clinic line, any hour."
    checkin_id = _checkin(world)
    body = (
        api_as(world.owner)
        .post(f"/checkins/{checkin_id}/response", json={"answers": {**ZEROS, "q9": 2}})
        .get_json()
    )
    assert body["risk_flag"] is True
    assert body["support_text"] == "Call the clinic line, any hour."
    assert body["support_text_language"] == "en"
    alert = db.session.scalar(
        sa.select(RiskAlert).where(RiskAlert.response_id == body["response_id"])
    )
    assert alert is not None
    assert alert.item_ids == ["q9"]
    assert alert.cohort_id == world.cohort.id
    assert_audited("assessment.risk_alert.raise", actor=world.owner, subject=world.owner)


def test_a_spanish_reader_gets_the_support_lines_in_spanish(world, api_as):
    world.org.crisis_support_text = "Call the clinic line, any hour."
    world.org.crisis_support_translations = {"es": "Llame a la clínica, a cualquier hora."}
    world.owner.locale = "es"
    db.session.commit()
    checkin_id = _checkin(world)
    body = (
        api_as(world.owner)
        .post(f"/checkins/{checkin_id}/response", json={"answers": {**ZEROS, "q9": 2}})
        .get_json()
    )
    assert body["support_text"] == "Llame a la clínica, a cualquier hora."
    assert body["support_text_language"] == "es"


def test_unanswered_and_invalid_items_are_listed_and_kept_as_a_draft(world, api_as):
    checkin_id = _checkin(world)
    api = api_as(world.owner)
    partial = api.post(f"/checkins/{checkin_id}/response", json={"answers": {"q1": 3, "q2": 7}})
    assert partial.status_code == 422
    assert set(_errors(partial)) == {"answers.q2"}
    missing = api.post(f"/checkins/{checkin_id}/response", json={"answers": {"q1": 3}})
    assert set(_errors(missing)) == {f"answers.q{n}" for n in range(2, 10)}
    draft = db.session.scalar(
        sa.select(AssessmentResponse).where(AssessmentResponse.user_id == world.owner.id)
    )
    assert (draft.status, draft.answers) == ("draft", {"q1": 3})


def test_unknown_items_and_non_values_are_refused_before_anything_is_saved(world, api_as):
    checkin_id = _checkin(world)
    response = api_as(world.owner).post(
        f"/checkins/{checkin_id}/response",
        json={"answers": {**ZEROS, "q99": 1, "q1": [1], "q2": True, "q3": None}},
    )
    assert response.status_code == 422
    assert set(_errors(response)) == {"answers.q99", "answers.q1", "answers.q2", "answers.q3"}
    assert db.session.query(AssessmentResponse).count() == 0


def test_only_the_member_answers_their_checkin(world, api_as):
    checkin_id = _checkin(world)
    body = {"answers": ZEROS}
    # The id names the schedule's occurrence: for another member of the cohort it is their
    # own check-in (not open for them here), so only people outside the cohort are listed.
    for actor in ("facilitator", "admin", *OUTSIDERS[1:], "other_cohort_participant"):
        response = api_as(world.users[actor]).post(f"/checkins/{checkin_id}/response", json=body)
        assert response.status_code == 404, actor
    schedule_id = checkin_id.split(".")[0]
    api = api_as(world.owner)
    for odd in ("abc", schedule_id, f"{schedule_id}.", "٣.baseline", "99999999999.baseline"):
        assert api.post(f"/checkins/{odd}/response", json=body).status_code == 404, odd
    assert api.post(f"/checkins/{schedule_id}.week-99/response", json=body).status_code == 409
    assert db.session.query(AssessmentResponse).count() == 0


# --- reading -----------------------------------------------------------------------------


def test_a_response_is_read_by_its_author_and_the_cohorts_staff_and_audited(world, api_as):
    response_id = _response(world).id
    db.session.commit()
    body = api_as(world.facilitator).get(f"/responses/{response_id}").get_json()
    assert body["user_id"] == world.owner.id
    assert body["total"] == 9
    assert body["answers"]["q1"] == 1
    assert body["status"] == "submitted"
    assert_audited("assessment.response.read", actor=world.facilitator, subject=world.owner)
    assert api_as(world.owner).get(f"/responses/{response_id}").status_code == 200
    for outsider in OUTSIDERS:
        assert api_as(world.users[outsider]).get(f"/responses/{response_id}").status_code == 404


def test_a_response_as_a_fhir_bundle(world, api_as):
    response_id = _response(world).id
    db.session.commit()
    reply = api_as(world.facilitator).get(f"/responses/{response_id}/fhir")
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "application/fhir+json"
    bundle = reply.get_json()
    Bundle.model_validate(bundle)
    resources = [entry["resource"] for entry in bundle["entry"]]
    assert [r["resourceType"] for r in resources] == ["QuestionnaireResponse", "Observation"]
    QuestionnaireResponse.model_validate(resources[0])
    observation = Observation.model_validate(resources[1])
    assert observation.valueQuantity.value == 9
    assert resources[0]["subject"]["reference"].startswith("Patient/p-")  # the pseudonym
    assert world.owner.email not in reply.get_data(as_text=True)
    assert_audited("assessment.export.fhir", actor=world.facilitator, subject=world.owner)
    for outsider in OUTSIDERS:
        assert (
            api_as(world.users[outsider]).get(f"/responses/{response_id}/fhir").status_code == 404
        )


def test_a_draft_has_no_fhir_form(world, api_as):
    checkin_id = _checkin(world)
    api = api_as(world.owner)
    api.post(f"/checkins/{checkin_id}/response", json={"answers": {"q1": 1}})
    draft = db.session.scalar(sa.select(AssessmentResponse.id))
    assert api.get(f"/responses/{draft}/fhir").status_code == 409


def test_scores_are_the_persons_own_or_their_cohort_staffs(world, api_as):
    _earlier_total(world, 18)
    db.session.add(_response_row(world, "week-4", 6, utcnow()))
    db.session.commit()
    path = f"/participants/{world.owner.id}/scores"
    own = api_as(world.owner).get(path).get_json()
    assert own["total"] == 1
    series = own["items"][0]
    assert (series["baseline"], series["latest"], series["change_from_baseline"]) == (18, 6, -12)
    assert series["reliable_change"] == "improved"
    assert [point["total"] for point in series["responses"]] == [18, 6]
    assert api_as(world.facilitator).get(path).get_json() == own
    assert_audited("assessment.progress.read", actor=world.facilitator, subject=world.owner)
    for outsider in (*OUTSIDERS, "other_cohort_participant"):
        assert api_as(world.users[outsider]).get(path).status_code == 404, outsider
    assert api_as(world.facilitator).get("/participants/2147483647/scores").status_code == 404


def test_reads_run_the_same_statements_at_two_sizes(world, api_as, count_queries):
    first = _response(world)
    db.session.commit()
    api = api_as(world.facilitator)
    paths = [
        f"/participants/{world.owner.id}/scores?per_page=100",
        f"/responses/{first.id}",
        f"/responses/{first.id}/fhir",
    ]

    def counts() -> list[int]:
        found = []
        for path in paths:
            api.get(path)
            with count_queries() as statements:
                assert api.get(path).status_code == 200, path
            found.append(len(statements))
        return found

    small = counts()
    for n in range(5):
        db.session.add(_response_row(world, f"week-{n}", n, utcnow() - timedelta(days=n)))
    db.session.commit()
    assert counts() == small
    assert len(api.get(paths[0]).get_json()["items"][0]["responses"]) == 6


def test_answering_runs_the_same_statements_whatever_came_before(world, api_as, count_queries):
    api = api_as(world.owner)
    api.get("/me")

    def answer() -> int:
        checkin_id = _checkin(world)
        with count_queries() as statements:
            assert (
                api.post(f"/checkins/{checkin_id}/response", json={"answers": ZEROS}).status_code
                == 201
            )
        return len(statements)

    first = answer()
    db.session.query(AssessmentResponse).delete()
    for n in range(5):
        db.session.add(_response_row(world, f"week-{n}", 10 + n, utcnow() - timedelta(days=40 + n)))
    db.session.commit()
    assert answer() == first


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(max_size=6),
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats()
        | st.text(max_size=8)
        | st.lists(st.integers(), max_size=2),
    )
)
def test_any_answers_are_either_typed_as_the_form_sends_them_or_named(answers):
    typed, wrong = numeric_answers(answers)
    assert set(typed) | set(wrong) == set(answers)
    assert not set(typed) & set(wrong)
    assert all(isinstance(value, str) for value in typed.values())
    for item_id, value in answers.items():
        if isinstance(value, int) and not isinstance(value, bool):
            assert typed[item_id] == str(value)
