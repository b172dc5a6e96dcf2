"""The group agreement in Spanish: a new cohort starts with both versions, a member reads
and accepts the one in their language (the consent record keeps which), the facilitator's
form says when the Spanish is behind the English, and over-long texts are refused."""

from __future__ import annotations

import sqlalchemy as sa

from groupapp.accounts.models import ConsentRecord, User
from groupapp.cohorts import copy as cohort_copy
from groupapp.cohorts import services
from groupapp.cohorts.agreement import DEFAULT_AGREEMENT_ES, SPANISH, translation
from groupapp.cohorts.forms import AGREEMENT_MAX
from groupapp.db import db
from tests.cohorts.builders import enrol, make_cohort
from tests.cohorts.web import join, logout, post

STALE = "The Spanish version was last changed before the English one."


def _consent(user: User) -> ConsentRecord:
    return db.session.scalars(
        sa.select(ConsentRecord)
        .where(ConsentRecord.user_id == user.id, ConsentRecord.document == "group_agreement")
        .order_by(ConsentRecord.version.desc())
    ).first()  # type: ignore[return-value]


def _join_page(client, login, reader: User, cohort_id: int) -> str:  # type: ignore[no-untyped-def]
    """What ``reader`` is shown on the join page (signing out whoever was signed in)."""
    logout(client)
    login(reader)
    return client.get(f"/cohorts/{cohort_id}/join").get_data(as_text=True)


def _save(client, cohort_id: int, text: str, spanish: str | None):  # type: ignore[no-untyped-def]
    data = {"text": text} if spanish is None else {"text": text, "spanish_text": spanish}
    path = f"/cohorts/{cohort_id}/agreement"
    return post(client, path, data, page=path)


def test_members_read_and_accept_the_agreement_in_their_own_language(
    client, factories, login
) -> None:
    world = make_cohort(factories)
    spanish_reader, english_reader = enrol(world, factories, 1, locale="es") + enrol(
        world, factories, 1
    )
    login(spanish_reader)
    page = client.get(f"/cohorts/{world.cohort.id}/join").get_data(as_text=True)
    assert "Confidencialidad" in page
    assert "Lo que se comparte en el grupo se queda en el grupo." in page
    assert "Confidentiality" not in page
    assert join(client, world.cohort.id).status_code == 302
    assert (_consent(spanish_reader).version, _consent(spanish_reader).language) == (1, "es")
    logout(client)

    login(english_reader)
    page = client.get(f"/cohorts/{world.cohort.id}/join").get_data(as_text=True)
    assert "Confidentiality" in page
    assert "Confidencialidad" not in page
    assert join(client, world.cohort.id).status_code == 302
    assert _consent(english_reader).language == "en"
    logout(client)

    login(world.facilitator)
    staff_page = client.get(f"/cohorts/{world.cohort.id}").get_data(as_text=True)
    assert "version 1, read in Español" in staff_page
    assert "version 1, read in English" in staff_page


def test_the_form_says_when_the_spanish_is_behind_the_english(client, factories, login) -> None:
    world = make_cohort(factories)
    (reader,) = enrol(world, factories, 1, locale="es")
    login(world.facilitator)
    form = client.get(f"/cohorts/{world.cohort.id}/agreement").get_data(as_text=True)
    assert "Spanish version (optional)" in form
    assert "Confidencialidad" in form  # the built-in Spanish, ready to edit
    assert STALE not in form

    # The English changes; the Spanish is sent back as the form showed it.
    english = "Confidentiality\nWhat is said here stays here.\n\nPhones\nPhones stay off."
    saved = _save(client, world.cohort.id, english, DEFAULT_AGREEMENT_ES)
    assert saved.status_code == 302
    form = client.get(f"/cohorts/{world.cohort.id}/agreement").get_data(as_text=True)
    assert STALE in form
    # A save that sends no Spanish input at all keeps the Spanish and its lag.
    _save(client, world.cohort.id, english + "\nBe kind.", None)
    assert STALE in client.get(f"/cohorts/{world.cohort.id}/agreement").get_data(as_text=True)

    spanish = "Confidencialidad\nLo que se dice aquí se queda aquí.\n\nTeléfonos\nApagados."
    _save(client, world.cohort.id, english, spanish)
    form = client.get(f"/cohorts/{world.cohort.id}/agreement").get_data(as_text=True)
    assert STALE not in form

    page = _join_page(client, login, reader, world.cohort.id)
    assert "Lo que se dice aquí se queda aquí." in page
    assert 'name="version" value="4"' in page
    join(client, world.cohort.id)
    assert (_consent(reader).version, _consent(reader).language) == (4, "es")


def test_without_a_spanish_version_a_spanish_reader_reads_the_english_marked_as_such(
    client, factories, login
) -> None:
    world = make_cohort(factories)
    (reader,) = enrol(world, factories, 1, locale="es")
    login(world.facilitator)
    _save(client, world.cohort.id, "Our own words only.", "")
    page = _join_page(client, login, reader, world.cohort.id)
    assert '<div class="agreement" lang="en">' in page
    assert "Our own words only." in page
    join(client, world.cohort.id)
    assert _consent(reader).language == "en"


def test_over_long_texts_are_refused_naming_the_field_and_keeping_what_was_typed(
    client, factories, login
) -> None:
    world = make_cohort(factories)
    login(world.facilitator)
    english = "Our agreement, kept as typed."
    response = _save(client, world.cohort.id, english, "x" * (AGREEMENT_MAX + 1))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Spanish version (optional): Field cannot be longer than 20000 characters." in page
    assert english in page
    response = _save(client, world.cohort.id, "y" * (AGREEMENT_MAX + 1), "Nuestro acuerdo.")
    page = response.get_data(as_text=True)
    assert "Group agreement: Field cannot be longer than 20000 characters." in page
    assert "Nuestro acuerdo." in page
    assert services.current_agreement(world.cohort).version == 1


def test_a_copied_cohort_keeps_the_spanish_version(factories) -> None:
    world = make_cohort(factories)
    services.update_agreement(world.cohort, "Our words.", world.facilitator, "Nuestras palabras.")
    db.session.commit()
    assert world.cohort.start_date is not None
    plan = cohort_copy.plan_copy(world.cohort, "Next term", world.cohort.start_date)
    copied = cohort_copy.copy_cohort(plan, world.facilitator)
    db.session.commit()
    first = services.current_agreement(copied)
    assert (first.text, translation(first, SPANISH)) == ("Our words.", "Nuestras palabras.")


def test_line_breaks_sent_as_crlf_leave_the_spanish_as_it_was(client, factories, login) -> None:
    """Browsers send a textarea's line breaks as CRLF: the Spanish sent back unchanged
    stays behind the changed English, and both are kept with plain line breaks."""
    world = make_cohort(factories)
    login(world.facilitator)
    english = "Confidentiality\r\nWhat is said here stays here.\r\n\r\nPhones\r\nPhones stay off."
    spanish_as_sent = DEFAULT_AGREEMENT_ES.strip().replace("\n", "\r\n")
    assert _save(client, world.cohort.id, english, spanish_as_sent).status_code == 302
    assert STALE in client.get(f"/cohorts/{world.cohort.id}/agreement").get_data(as_text=True)
    saved = services.current_agreement(world.cohort)
    assert saved.text == english.replace("\r\n", "\n")
    assert translation(saved, SPANISH) == DEFAULT_AGREEMENT_ES.strip()
    # Sending the same English again in CRLF is no change to the English either.
    _save(client, world.cohort.id, english, "Confidencialidad\r\nAquí se queda.")
    _save(client, world.cohort.id, english, "Confidencialidad\r\nAquí se queda.")
    assert STALE not in client.get(f"/cohorts/{world.cohort.id}/agreement").get_data(as_text=True)
