"""Announcements with a Spanish version: each member reads their language's version on the
start page, the cohort's list and in the email; without one, the English is marked as
English; both parts or neither; over-long texts are refused naming the field."""

from __future__ import annotations

from groupapp.messaging.models import BODY_MAX, SUBJECT_MAX
from tests.messaging.support import announce, sign_out
from tests.support.smtp import body_text

SPANISH = {"spanish_subject": "Cambio de sala", "spanish_body": "Nos vemos en la sala 4."}


def _people(factories):  # type: ignore[no-untyped-def]
    org = factories.org()
    lead = factories.user("facilitator", org=org)
    spanish_reader = factories.user("participant", org=org, locale="es")
    english_reader = factories.user("participant", org=org)
    cohort = factories.cohort(org, [lead], [spanish_reader, english_reader], name="Grupo")
    return cohort, lead, spanish_reader, english_reader


def _post(client, csrf, cohort_id: int, **fields: str):  # type: ignore[no-untyped-def]
    data = {"subject": "Room change", "body": "We meet in Room 4.", **fields}
    return client.post(
        f"/cohorts/{cohort_id}/announcements/new",
        data={"csrf_token": csrf("/privacy/notice"), **data},
    )


def test_each_member_reads_their_own_language_in_the_email_and_on_pages(
    client, factories, login, csrf, smtp_server
) -> None:
    cohort, lead, spanish_reader, english_reader = _people(factories)
    login(lead)
    assert _post(client, csrf, cohort.id, text_in_email="y", **SPANISH).status_code == 302
    mails = {mail["To"]: mail for mail in smtp_server.wait_for(2)}
    spanish_mail = mails[spanish_reader.email]
    assert spanish_mail["Subject"] == "Grupo: Cambio de sala"
    assert "Nos vemos en la sala 4." in body_text(spanish_mail)
    assert "Room 4" not in body_text(spanish_mail)
    english_mail = mails[english_reader.email]
    assert english_mail["Subject"] == "Grupo: Room change"
    assert "We meet in Room 4." in body_text(english_mail)
    assert "sala" not in body_text(english_mail)
    sign_out(client, csrf)

    login(spanish_reader)
    for path in ("/my/meetings", f"/cohorts/{cohort.id}/announcements"):
        page = client.get(path).get_data(as_text=True)
        assert "Cambio de sala" in page, path
        assert "Nos vemos en la sala 4." in page, path
        assert "Room change" not in page, path
    sign_out(client, csrf)
    login(english_reader)
    page = client.get("/my/meetings").get_data(as_text=True)
    assert "Room change" in page
    assert "Cambio de sala" not in page


def test_without_a_spanish_version_the_english_is_marked_as_english(
    client, factories, login
) -> None:
    cohort, lead, spanish_reader, _english_reader = _people(factories)
    announce(cohort, lead, "Room change")
    login(spanish_reader)
    page = client.get(f"/cohorts/{cohort.id}/announcements").get_data(as_text=True)
    assert '<span lang="en">Room change</span>' in page
    assert '<div class="message-text" lang="en">' in page


def test_the_spanish_version_needs_both_parts_and_fits_the_limits(
    client, factories, login, csrf
) -> None:
    cohort, lead, _spanish_reader, _english_reader = _people(factories)
    login(lead)
    half = _post(client, csrf, cohort.id, spanish_subject="Cambio de sala")
    page = half.get_data(as_text=True)
    assert "Give the Spanish version both a subject and a text" in page
    assert 'value="Cambio de sala"' in page  # nothing typed is lost
    long_subject = _post(
        client, csrf, cohort.id, spanish_subject="s" * (SUBJECT_MAX + 1), spanish_body="Texto."
    ).get_data(as_text=True)
    assert "Spanish version: subject (optional): Field cannot be longer than 200" in long_subject
    long_body = _post(
        client, csrf, cohort.id, spanish_subject="Asunto", spanish_body="b" * (BODY_MAX + 1)
    ).get_data(as_text=True)
    assert "Spanish version: text (optional): Field cannot be longer than 10000" in long_body
    assert "We meet in Room 4." in long_body


def test_editing_changes_or_removes_the_spanish_version(client, factories, login, csrf) -> None:
    cohort, lead, spanish_reader, _english_reader = _people(factories)
    item = announce(cohort, lead, "Room change", spanish_subject="Sala", spanish_body="Sala 4.")
    login(lead)
    path = f"/announcements/{item.id}/edit"
    listing = client.get(f"/cohorts/{cohort.id}/announcements").get_data(as_text=True)
    assert "With a Spanish version" in listing
    form = client.get(path).get_data(as_text=True)
    assert 'value="Sala"' in form
    assert "Sala 4." in form
    data = {"subject": "Room change", "body": "Room 5.", "spanish_subject": "", "spanish_body": ""}
    assert client.post(path, data={"csrf_token": csrf(path), **data}).status_code == 302
    sign_out(client, csrf)
    login(spanish_reader)
    page = client.get(f"/cohorts/{cohort.id}/announcements").get_data(as_text=True)
    assert "Room 5." in page
    assert "Sala" not in page
