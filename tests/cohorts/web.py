"""Small helpers for driving cohort pages through the test client."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.conftest import csrf_token
from tests.support.smtp import SMTPServer, body_text

PASSWORD = "our group meets on tuesdays"


def post(
    client: FlaskClient, path: str, data: dict[str, object] | None = None, page: str | None = None
):  # type: ignore[no-untyped-def]
    """POST ``data`` with a CSRF token read from ``page`` (default: ``path``, else home)."""
    token = csrf_token(client, page or "/home")
    return client.post(path, data={**(data or {}), "csrf_token": token})


def logout(client: FlaskClient) -> None:
    post(client, "/logout")


def invite(client: FlaskClient, cohort_id: int, email: str, smtp: SMTPServer, seen: int = 0) -> str:
    """Invite ``email`` to the cohort as the signed-in facilitator; return the emailed link."""
    response = post(client, f"/cohorts/{cohort_id}/invite", {"email": email})
    assert response.status_code == 302, response.get_data(as_text=True)
    messages = smtp.wait_for(seen + 1)
    match = re.search(r"http://localhost(/invitations/\S+)", body_text(messages[seen]))
    assert match
    return match.group(1)


def accept_as_new(client: FlaskClient, link: str, name: str = "Robin", zone: str = "Europe/London"):  # type: ignore[no-untyped-def]
    token = csrf_token(client, link)
    return client.post(
        link,
        data={
            "display_name": name,
            "timezone": zone,
            "password": PASSWORD,
            "confirm": PASSWORD,
            "csrf_token": token,
        },
    )


def join(client: FlaskClient, cohort_id: int, decision: str = "accept"):  # type: ignore[no-untyped-def]
    page = client.get(f"/cohorts/{cohort_id}/join").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page)
    assert version, page
    # The language the agreement was shown in, as a browser sends it back.
    language = re.search(r'name="language" value="([a-z]+)"', page)
    return post(
        client,
        f"/cohorts/{cohort_id}/join",
        {
            "version": version.group(1),
            "decision": decision,
            "language": language.group(1) if language else "",
        },
        page=f"/cohorts/{cohort_id}/join",
    )
