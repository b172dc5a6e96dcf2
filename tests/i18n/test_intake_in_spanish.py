"""A Spanish reader's intake page: the built-in questions in Spanish, no English words."""

from __future__ import annotations

import pytest

from groupapp.db import db
from groupapp.intake import services
from tests.cohorts.builders import enrol, make_cohort
from tests.i18n.test_pages_in_spanish import ENGLISH, visible_text


def test_the_spanish_builtin_questions_match_the_english_ones(app) -> None:  # type: ignore[no-untyped-def]
    spanish = services.builtin_fields_in("es")
    assert spanish is not None
    assert [f.key for f in spanish] == [f.key for f in services.builtin_fields()]
    assert services.builtin_fields_in("en") is None


@pytest.fixture
def spanish_intake(factories, login):  # type: ignore[no-untyped-def]
    """A cohort whose one member reads Spanish and is signed in: ``(world, member)``."""
    world = make_cohort(factories)
    enrol(world, factories, 1)
    person = world.members[0]
    person.locale = "es"
    db.session.commit()
    login(person)
    return world, person


def test_intake_page_in_spanish(client, spanish_intake) -> None:  # type: ignore[no-untyped-def]
    world, person = spanish_intake
    page = client.get(f"/cohorts/{world.cohort.id}/intake")
    assert page.status_code == 200
    assert "¿Qué le trae a este grupo ahora?" in page.text
    assert "Prefiero no decirlo" in page.text
    text = visible_text(page.text)
    for name in (person.display_name, world.cohort.name):
        text = text.replace(name, "")
    assert ENGLISH.findall(text) == [], text
    assert "What brings you" not in page.text


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_organisations_own_questions_are_shown_as_written(app, factories, language) -> None:  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    own = services.builtin_fields()[:2]
    version = services.publish_form(world.org.id, own, world.facilitator.id)
    shown = services.fields_for_reader(version, language)
    assert [f.label for f in shown] == [f.label for f in own]


def test_a_wrong_spanish_intake_is_refused_in_spanish_and_keeps_what_was_typed(  # type: ignore[no-untyped-def]
    client, csrf, spanish_intake
) -> None:
    world, person = spanish_intake
    url = f"/cohorts/{world.cohort.id}/intake"
    typed = "Quiero dormir mejor " * 200  # 4000 characters, past the 3000 allowed
    refused = client.post(
        url,
        data={
            "csrf_token": csrf(url),
            "action": "submit",
            "what_brings_you": typed,
            "family_illness": "maybe",  # not one of the choices
            "relationships": "Mi hermana",
        },
    )
    assert refused.status_code == 422
    text = visible_text(refused.text)
    assert (
        "¿Qué le trae a este grupo ahora?: no pase de 3000 caracteres (ahora tiene 3999)" in text
    ), text
    assert "¿Qué le gustaría que fuera distinto cuando termine el grupo?: complete este campo" in (
        text
    )
    assert "crecía, ¿alguien en su casa vivía con una enfermedad de larga duración, física o " in (
        text
    )
    assert "mental?: elija una de las opciones de la lista" in text
    assert "Algunas respuestas necesitan atención." in text
    assert typed.strip() in refused.text
    assert "Mi hermana" in refused.text
    for name in (person.display_name, world.cohort.name):
        text = text.replace(name, "")
    assert ENGLISH.findall(text) == [], text
    assert "please fill this in" not in refused.text
