"""A topic's Spanish version (title and handout) is stored with the topic: editing the
English keeps it, staff may change or clear it, and Spanish readers fall back to English."""

from __future__ import annotations

from typing import Any

from groupapp.cohorts.handouts import meeting_handout
from groupapp.db import db
from groupapp.programs import services
from groupapp.programs.handouts import builtin_handout
from groupapp.programs.models import Program, ProgramTopic
from tests.cohorts.builders import enrol, make_cohort, shift_to_past
from tests.cohorts.web import logout, post

NOTE = "No Spanish version: Spanish readers see the English."
SLUG = "codependency-recovery"


def _first_topic(world) -> tuple[Program, ProgramTopic]:  # type: ignore[no-untyped-def]
    program = db.session.get(Program, world.cohort.program_id)
    assert program is not None
    return program, program.topics[0]


def _edit(client, program: Program, topic: ProgramTopic, **changes: Any):  # type: ignore[no-untyped-def]
    path = f"/programs/{program.id}/topics/{topic.id}/edit"
    page = client.get(path).get_data(as_text=True)
    data = {
        "title": topic.title,
        "goals": topic.goals,
        "agenda": topic.agenda,
        "handout_about": topic.handout_about,
        "handout_practice": topic.handout_practice,
        **changes,
    }
    return page, post(client, path, data)


def _world(factories):  # type: ignore[no-untyped-def]
    world = make_cohort(factories)
    (member,) = enrol(world, factories, 1)
    member.locale = "es"
    db.session.commit()
    shift_to_past(world, 1)
    return world


def test_the_edit_form_shows_the_built_in_spanish_and_editing_english_keeps_it(
    client, factories, login
) -> None:
    world = _world(factories)
    program, topic = _first_topic(world)
    spanish = builtin_handout(SLUG, 1, "es")
    assert spanish is not None
    login(world.facilitator)
    # A browser posts the Spanish inputs as the page filled them in.
    page, saved = _edit(
        client,
        program,
        topic,
        handout_practice="Our own practice for the week.",
        spanish_title="Reconocer los patrones de codependencia",
        spanish_about=spanish.about,
        spanish_practice=spanish.practice,
    )
    assert "Reconocer los patrones de codependencia" in page
    assert NOTE not in page
    assert saved.status_code == 302
    first = world.meetings()[0]
    db.session.expire_all()
    shown = meeting_handout(first, language="es")
    assert shown is not None
    assert shown.topic == "Reconocer los patrones de codependencia"
    assert (shown.about, shown.practice) == (spanish.about, spanish.practice)
    english = meeting_handout(first, language="en")
    assert english is not None
    assert english.practice == "Our own practice for the week."


def test_a_post_without_the_spanish_inputs_keeps_the_spanish(client, factories, login) -> None:
    world = _world(factories)
    program, topic = _first_topic(world)
    login(world.facilitator)
    _, saved = _edit(client, program, topic, handout_about="Our own words.")
    assert saved.status_code == 302
    db.session.expire_all()
    shown = meeting_handout(world.meetings()[0], language="es")
    assert shown is not None
    assert shown.about == builtin_handout(SLUG, 1, "es").about  # type: ignore[union-attr]
    # The service behind the API keeps it too.
    services.save_handout(topic, about="API words.", practice="API practice.")
    db.session.commit()
    shown = meeting_handout(world.meetings()[0], language="es")
    assert shown is not None
    assert shown.practice == builtin_handout(SLUG, 1, "es").practice  # type: ignore[union-attr]


def test_staff_change_or_clear_the_spanish_version(client, factories, login) -> None:
    world = _world(factories)
    program, topic = _first_topic(world)
    member = world.members[0]
    login(world.facilitator)
    _edit(
        client,
        program,
        topic,
        spanish_title="Nuestros patrones",
        spanish_about="Nuestras palabras.",
        spanish_practice="Nuestra práctica.",
    )
    first = world.meetings()[0]
    db.session.expire_all()
    shown = meeting_handout(first, language="es")
    assert shown is not None
    assert (shown.topic, shown.about, shown.practice) == (
        "Nuestros patrones",
        "Nuestras palabras.",
        "Nuestra práctica.",
    )
    # Cleared: Spanish readers see the English, and staff are told so.
    page, _ = _edit(client, program, topic, spanish_title="", spanish_about="", spanish_practice="")
    assert "Nuestras palabras." in page
    db.session.expire_all()
    shown = meeting_handout(first, language="es")
    assert shown is not None
    assert (shown.topic, shown.about) == (topic.title, topic.handout_about)
    assert NOTE in client.get(f"/programs/{program.id}/topics/{topic.id}/edit").get_data(
        as_text=True
    )
    assert NOTE in client.get(f"/programs/{program.id}").get_data(as_text=True)
    # The Spanish-speaking member reads the English handout on the meeting page.
    logout(client)
    login(member)
    assert topic.handout_about in client.get(f"/meetings/{first.id}").get_data(as_text=True)


def test_an_own_topic_gains_a_spanish_version_and_copies_keep_it(client, factories, login) -> None:
    world = _world(factories)
    program, _ = _first_topic(world)
    login(world.facilitator)
    path = f"/programs/{program.id}/topics/new"
    assert NOTE in client.get(path).get_data(as_text=True)
    saved = post(
        client,
        path,
        {
            "title": "Our own week",
            "handout_about": "About it.",
            "handout_practice": "Try it.",
            "spanish_title": "Nuestra semana",
            "spanish_about": "Sobre ella.",
            "spanish_practice": "Pruébelo.",
        },
    )
    assert saved.status_code == 302
    db.session.expire_all()
    added = program.topics[-1]
    assert added.translations == {
        "es": {"title": "Nuestra semana", "about": "Sobre ella.", "practice": "Pruébelo."}
    }
    copy = services.duplicate(program, world.facilitator)
    assert copy.topics[-1].translations == added.translations
