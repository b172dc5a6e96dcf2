"""The privacy notice and the support lines in Spanish: an admin may add a Spanish
version; a participant reads their language's version (else the original, marked as
English) and the acceptance records the language read; over-long texts are refused
naming the field."""

from __future__ import annotations

import re

import sqlalchemy as sa

from groupapp.accounts.models import ConsentRecord, User
from groupapp.accounts.support_lines import SUPPORT_LINES_MAX, save_support_lines
from groupapp.db import db
from groupapp.privacy.forms import NOTICE_MAX
from groupapp.privacy.services import NOTICE, publish_notice
from tests.cohorts.web import logout, post

ENGLISH = "We keep your name and email to run your group."
SPANISH = "Guardamos su nombre y su correo electrónico para organizar su grupo."
LINES = "Samaritans: call 116 123 (free, any time)"
LINEAS = "Línea de ayuda: llame al 024 (gratis, a cualquier hora)"


def _notice_consent(user: User) -> ConsentRecord:
    record = db.session.scalar(
        sa.select(ConsentRecord).where(
            ConsentRecord.user_id == user.id, ConsentRecord.document == NOTICE
        )
    )
    assert record is not None
    return record


def _accept_notice(client) -> None:  # type: ignore[no-untyped-def]
    """Accept version 1 as a browser does, sending back the language the page was in."""
    page = client.get("/privacy/notice").get_data(as_text=True)
    language = re.search(r'name="language" type="hidden" value="([a-z]+)"', page)
    assert language, page
    data = {"version": "1", "language": language.group(1)}
    assert post(client, "/privacy/notice/accept", data, page="/privacy/notice").status_code == 302


def _reads(client, login, reader: User, path: str, shown: str, not_shown: str) -> None:  # type: ignore[no-untyped-def]
    """Sign ``reader`` in (whoever was signed in leaves) and check the page's words."""
    logout(client)
    login(reader)
    page = client.get(path).get_data(as_text=True)
    assert shown in page
    assert not_shown not in page


def _admin_saves(client, login, admin: User, path: str, data: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """``admin`` sends the form at ``path`` and it is accepted."""
    login(admin)
    assert post(client, path, data, page=path).status_code == 302


def test_participants_read_and_accept_the_notice_in_their_language(
    client, factories, login
) -> None:
    org = factories.org()
    admin = factories.user("admin", org=org)
    both = {"body": ENGLISH, "spanish_body": SPANISH}
    _admin_saves(client, login, admin, "/privacy/notice/edit", both)
    assert SPANISH in client.get("/privacy/notice/edit").get_data(as_text=True)

    spanish_reader = factories.user("participant", org=org, locale="es")
    _reads(client, login, spanish_reader, "/privacy/notice", SPANISH, ENGLISH)
    _accept_notice(client)
    assert _notice_consent(spanish_reader).language == "es"

    english_reader = factories.user("participant", org=org)
    _reads(client, login, english_reader, "/privacy/notice", ENGLISH, SPANISH)
    _accept_notice(client)
    assert _notice_consent(english_reader).language == "en"


def test_without_a_spanish_version_the_notice_is_shown_as_english(client, factories, login) -> None:
    org = factories.org()
    publish_notice(factories.user("admin", org=org), ENGLISH)
    db.session.commit()
    reader = factories.user("participant", org=org, locale="es")
    login(reader)
    page = client.get("/privacy/notice").get_data(as_text=True)
    assert f'<div class="notice-text" lang="en"><p>{ENGLISH}</p>' in page
    _accept_notice(client)
    assert _notice_consent(reader).language == "en"


def test_an_over_long_notice_is_refused_naming_the_field(client, factories, login) -> None:
    admin = factories.user("admin")
    login(admin)
    page = post(
        client,
        "/privacy/notice/edit",
        {"body": ENGLISH, "spanish_body": "x" * (NOTICE_MAX + 1)},
        page="/privacy/notice/edit",
    ).get_data(as_text=True)
    assert "Spanish version (optional): Field cannot be longer than 50000 characters." in page
    assert ENGLISH in page


def test_support_lines_in_the_readers_language(client, factories, login) -> None:
    org = factories.org()
    admin = factories.user("admin", org=org)
    lead = factories.user("facilitator", org=org)
    spanish_reader = factories.user("participant", org=org, locale="es")
    english_reader = factories.user("participant", org=org)
    factories.cohort(org, [lead], [spanish_reader, english_reader])
    _admin_saves(
        client, login, admin, "/organisation/support-lines", {"text": LINES, "spanish_text": LINEAS}
    )
    _reads(client, login, spanish_reader, "/messages", LINEAS, LINES)
    _reads(client, login, english_reader, "/messages", LINES, LINEAS)


def test_support_lines_without_spanish_are_marked_as_english(client, factories, login) -> None:
    org = factories.org()
    save_support_lines(org, LINES, "")
    db.session.commit()
    lead = factories.user("facilitator", org=org)
    reader = factories.user("participant", org=org, locale="es")
    factories.cohort(org, [lead], [reader])
    login(reader)
    page = client.get("/messages").get_data(as_text=True)
    assert f'<div class="support-lines" lang="en">{LINES}</div>' in page


def test_over_long_support_lines_are_refused_naming_the_field(client, factories, login) -> None:
    login(factories.user("admin"))
    page = post(
        client,
        "/organisation/support-lines",
        {"text": "y" * (SUPPORT_LINES_MAX + 1), "spanish_text": LINEAS},
        page="/organisation/support-lines",
    ).get_data(as_text=True)
    assert "Support lines: Field cannot be longer than 4000 characters." in page
    assert LINEAS in page
