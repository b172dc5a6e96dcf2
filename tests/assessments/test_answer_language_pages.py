"""A participant answers in their own language where the questionnaire has it."""

from __future__ import annotations

import sqlalchemy as sa
import time_machine

from groupapp.assessments.models import AssessmentResponse
from groupapp.db import db
from tests.assessments.groups import DURING_BASELINE, logout, make_group
from tests.assessments.test_checkin_flow import ANSWER_URL, all_items, phq9_form

NOTE = "data-language-note"


def _spanish(group) -> None:  # type: ignore[no-untyped-def]
    group.member.locale = "es"
    db.session.commit()


@time_machine.travel(DURING_BASELINE, tick=False)
def test_a_spanish_reader_answers_the_phq9_in_spanish(client, factories, login, csrf):
    group = make_group(factories)
    _spanish(group)
    login(group.member)
    url = ANSWER_URL.format(group.schedule.id)
    page = client.get(url).get_data(as_text=True)
    assert "Poco interés o placer en hacer cosas" in page
    assert "Más de la mitad de los días" in page
    assert "Little interest" not in page
    assert NOTE not in page

    done = client.post(url, data=phq9_form(csrf(url), "submit", **all_items(1, q9=0)))
    assert done.status_code == 302
    response = db.session.scalar(sa.select(AssessmentResponse))
    assert (response.language, response.band) == ("es", "Mild")  # bands are stored in English
    assert "Leve" in client.get(done.location).get_data(as_text=True)
    assert "Leve" in client.get("/assessments/progress").get_data(as_text=True)

    logout(client, csrf)
    login(group.lead)
    staff = client.get(done.location).get_data(as_text=True)
    assert "Answered in" in staff
    assert "Español" in staff
    assert "Little interest or pleasure in doing things" in staff
    progress = f"/assessments/cohorts/{group.cohort.id}/members/{group.member.id}/progress"
    assert "(answered in Español)" in client.get(progress).get_data(as_text=True)


@time_machine.travel(DURING_BASELINE, tick=False)
def test_a_spanish_reader_gets_the_k10_in_english_with_a_note(client, factories, login, csrf):
    group = make_group(factories, slug="k10")
    _spanish(group)
    login(group.member)
    url = ANSWER_URL.format(group.schedule.id)
    page = client.get(url).get_data(as_text=True)
    assert NOTE in page
    assert "about how often did you feel nervous?" in page
    assert 'lang="en"' in page
    answers = {f"q{n}": "2" for n in range(1, 11)}
    done = client.post(url, data={"csrf_token": csrf(url), "action": "submit", **answers})
    assert done.status_code == 302
    assert db.session.scalar(sa.select(AssessmentResponse.language)) == "en"


@time_machine.travel(DURING_BASELINE, tick=False)
def test_an_english_reader_sees_english_and_no_note(client, factories, login, csrf):
    group = make_group(factories)
    login(group.member)
    url = ANSWER_URL.format(group.schedule.id)
    page = client.get(url).get_data(as_text=True)
    assert "Little interest or pleasure in doing things" in page
    assert NOTE not in page
    client.post(url, data=phq9_form(csrf(url), "save", q1=1))
    assert db.session.scalar(sa.select(AssessmentResponse.language)) == "en"


def test_staff_see_each_questionnaires_languages_and_sources(client, factories, login):
    group = make_group(factories)
    login(group.lead)
    instrument = group.instrument("phq9")
    page = client.get(f"/assessments/instruments/{instrument.id}").get_data(as_text=True)
    assert "English, Español" in page
    assert "Español: PHQ Screeners, Pfizer Inc., Spanish for the USA" in page


@time_machine.travel(DURING_BASELINE, tick=False)
def test_check_in_lists_and_emails_name_a_questionnaire_in_the_readers_language(
    app, client, factories, login
):
    from groupapp.assessments.views import instrument_label_filter
    from groupapp.core.i18n import force_locale

    group = make_group(factories, slug="relationship-checkin")
    _spanish(group)
    login(group.member)
    page = client.get("/assessments/check-ins").get_data(as_text=True)
    assert "Reflexión sobre relaciones" in page
    row = group.instrument("relationship-checkin")
    with app.test_request_context():
        with force_locale("es"):
            assert (
                instrument_label_filter(row, full=True)
                == "Reflexión sobre patrones en las relaciones"
            )
            assert instrument_label_filter(group.instrument("k10")) == "K10"
        assert instrument_label_filter(row) == "Relationship check-in"
