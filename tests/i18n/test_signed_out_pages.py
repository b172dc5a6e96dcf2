"""Signed-out pages reached from a personal email link speak the language of the person
the link names (the account's, or the one they were invited in), not the browser's; the
browser's language is used only when the link names nobody known."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from groupapp.accounts.models import Invitation
from groupapp.accounts.profile import email_change_token
from groupapp.accounts.services import password_reset_token
from groupapp.db import db
from groupapp.notifications.preferences import unsubscribe_token
from tests.api.conftest import token_for
from tests.conftest import csrf_token
from tests.i18n.test_language_choice import _selected
from tests.support.smtp import body_text

ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.9"}


@pytest.fixture
def lucia(factories):  # type: ignore[no-untyped-def]
    return factories.user(locale="es", timezone="Europe/Madrid", name="Lucía")


def test_unsubscribe_page_follows_the_accounts_language(client, lucia) -> None:  # type: ignore[no-untyped-def]
    url = f"/notifications/unsubscribe/{unsubscribe_token(lucia.id, 'meeting_reminders')}"
    page = client.get(url, headers=ENGLISH_BROWSER)
    assert page.status_code == 200
    assert '<html lang="es">' in page.text
    assert "Dejar de recibir estos correos" in page.text
    done = client.post(url, headers=ENGLISH_BROWSER)
    assert '<html lang="es">' in done.text
    assert "Stop" not in done.text
    # A link naming nobody known: the browser's language.
    unknown = client.get("/notifications/unsubscribe/nonsense", headers=ENGLISH_BROWSER)
    assert unknown.status_code == 404
    assert '<html lang="en">' in unknown.text


def test_password_reset_page_follows_the_accounts_language(client, lucia) -> None:  # type: ignore[no-untyped-def]
    url = f"/password/reset/{password_reset_token(lucia)}"
    db.session.commit()
    page = client.get(url, headers=ENGLISH_BROWSER)
    assert page.status_code == 200
    assert '<html lang="es">' in page.text
    assert "Elegir una contraseña nueva" in page.text
    refused = client.post(
        url,
        headers=ENGLISH_BROWSER,
        data={"csrf_token": csrf_token(client, url), "password": "x", "confirm": "y"},
    )
    assert '<html lang="es">' in refused.text
    assert "Choose a new password" not in refused.text


def test_email_confirmation_page_follows_the_accounts_language(client, lucia) -> None:  # type: ignore[no-untyped-def]
    lucia.pending_email = "lucia.nueva@example.com"
    db.session.commit()
    url = f"/account/email/confirm/{email_change_token(lucia)}"
    page = client.get(url, headers=ENGLISH_BROWSER)
    assert page.status_code == 200
    assert '<html lang="es">' in page.text
    assert "<strong>lucia.nueva@example.com</strong>" in page.text
    assert "Confirm your new email address" not in page.text
    done = client.post(url, headers=ENGLISH_BROWSER, data={"csrf_token": csrf_token(client, url)})
    assert '<html lang="es">' in done.text
    assert "<strong>lucia.nueva@example.com</strong>" in done.text
    assert "Your email address is changed" not in done.text


def _cohort(factories, role: str):  # type: ignore[no-untyped-def]
    """An organisation, a staff member of ``role`` and a cohort they run."""
    org = factories.org()
    staff = factories.user(role, org)
    cohort = factories.cohort(org, facilitators=[staff])
    db.session.commit()
    return org, staff, cohort


def _invitation_link(smtp_server) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The newest email's subject and the path of its accept link."""
    message = smtp_server.wait_for(1)[-1]
    match = re.search(r"http://localhost(/invitations/\S+)", body_text(message))
    assert match, body_text(message)
    return str(message["Subject"]), match.group(1)


def test_a_cohort_invitation_in_spanish_email_and_accept_page(  # type: ignore[no-untyped-def]
    client, factories, login, smtp_server
):
    org, facilitator, cohort = _cohort(factories, "facilitator")
    login(facilitator)
    url = f"/cohorts/{cohort.id}/invite"
    form = client.get(url).text
    assert _selected(form, "locale") == "en"  # no organisation default: English
    sent = client.post(
        url,
        data={"csrf_token": csrf_token(client, url), "email": "ana@example.com", "locale": "es"},
    )
    assert sent.status_code == 302
    invitation = db.session.scalar(
        sa.select(Invitation).where(Invitation.email == "ana@example.com")
    )
    assert invitation.locale == "es"
    subject, link = _invitation_link(smtp_server)
    assert subject == f"Le invitamos a {org.name} en groupapp"
    assert "Hola:" in body_text(smtp_server.wait_for(1)[-1])
    client.post("/logout", data={"csrf_token": csrf_token(client, "/home")})
    page = client.get(link, headers=ENGLISH_BROWSER).text
    assert '<html lang="es">' in page
    assert _selected(page, "locale") == "es"


@pytest.mark.parametrize("path", ["/invitations", "/cohorts/{cohort}/invitations"])
def test_the_api_invites_in_the_chosen_language(  # type: ignore[no-untyped-def]
    client, factories, smtp_server, path
):
    from tests.api.conftest import Api

    org, admin, cohort = _cohort(factories, "admin")
    api = Api(client, token_for(admin))
    target = path.format(cohort=cohort.id)
    extra = {"role": "participant"} if path == "/invitations" else {}
    refused = api.post(target, json={"email": "bo@example.com", "locale": "klingon", **extra})
    assert refused.status_code == 422
    assert "locale" in str(refused.get_json())
    answer = api.post(target, json={"email": "bo@example.com", "locale": "es", **extra})
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["locale"] == "es"
    subject, _link = _invitation_link(smtp_server)
    assert subject == f"Le invitamos a {org.name} en groupapp"
    plain = api.post(target, json={"email": "cy@example.com", **extra})
    assert plain.get_json()["locale"] == "en"


def test_the_openapi_document_describes_the_invitees_language(client) -> None:  # type: ignore[no-untyped-def]
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    invite = next(s for name, s in schemas.items() if name.startswith("Invite"))
    assert invite["properties"]["locale"]["enum"] == ["en", "es"]
    assert "language" in invite["properties"]["locale"]["description"]
