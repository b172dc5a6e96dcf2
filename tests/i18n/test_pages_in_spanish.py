"""A Spanish-reading participant's pages carry no English of the app's own text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import time_machine

from groupapp.db import db
from groupapp.meetings.models import Meeting
from tests.assessments.groups import DURING_BASELINE, make_group

# Words of the app's own English; names, zones and the questionnaire's name are data.
ENGLISH = re.compile(
    r"\b(the|your|you|and|with|meeting|meetings|homework|due|open|read|save|saved|sign|"
    r"draft|check-ins?|week|yet|here|nothing|settings|account|progress|messages|join)\b",
    re.IGNORECASE,
)
PAGES = [
    "/my/meetings",
    "/homework/",
    "/assessments/check-ins",
    "/assessments/progress",
    "/account",
    "/messages",
    "/messages/new",
    "/calendar",
    "/notifications/preferences",
    "/account/password",
    "/no-such-page",
]


class _Text(HTMLParser):
    """The text a reader sees: no scripts, styles or hidden message holders."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style") or any(name == "hidden" for name, _ in attrs):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self._skip and tag in ("script", "style", "div"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture
def spanish_member(factories):  # type: ignore[no-untyped-def]
    group = make_group(factories)
    group.member.locale = "es"
    group.member.display_name = "Lucía Ríos"
    group.cohort.name = "Grupo Luna"
    for number, meeting in enumerate(db.session.query(Meeting).all(), start=1):
        meeting.topic = f"Tema {number}"
    db.session.commit()
    return group


@pytest.mark.parametrize("path", PAGES)
@time_machine.travel(DURING_BASELINE, tick=False)
def test_participant_pages_have_no_english_words(client, login, spanish_member, path):  # type: ignore[no-untyped-def]
    login(spanish_member.member)
    response = client.get(path, headers={"Accept-Language": "en"})
    assert response.status_code == (404 if path == "/no-such-page" else 200)
    text = visible_text(response.text)
    text = text.replace(spanish_member.member.display_name, "").replace("PHQ-9", "")
    assert ENGLISH.findall(text) == [], text
    assert '<html lang="es">' in response.text


@time_machine.travel(DURING_BASELINE, tick=False)
def test_a_meeting_page_has_no_english_words(client, login, spanish_member):  # type: ignore[no-untyped-def]
    meeting = db.session.query(Meeting).order_by(Meeting.starts_at.desc()).first()
    login(spanish_member.member)
    response = client.get(f"/meetings/{meeting.id}")
    assert response.status_code == 200
    text = visible_text(response.text).replace(spanish_member.member.display_name, "")
    assert ENGLISH.findall(text) == [], text
    assert "¿No puede asistir?" in text


@time_machine.travel(DURING_BASELINE, tick=False)
def test_my_reminders_in_spanish(client, login, spanish_member):  # type: ignore[no-untyped-def]
    login(spanish_member.member)
    page = client.get("/my/reminders")
    assert "Una invitación a practicar" in page.text
    assert "miércoles" in page.text
    response = client.post(
        "/my/reminders",
        data={
            "csrf_token": csrf_of(page.text),
            "text": "Respirar",
            "kind": "checkin",
            "local_time": "08:30",
            "weekdays": ["0", "3"],
        },
        follow_redirects=True,
    )
    text = visible_text(response.text).replace(spanish_member.member.display_name, "")
    assert "Recordatorio guardado" in text, text
    assert "lunes y jueves" in text, text
    assert "próximo:" in text, text
    assert ENGLISH.findall(text) == [], text
    refused = client.post("/my/reminders", data={"csrf_token": csrf_of(page.text), "text": "x"})
    assert ENGLISH.findall(visible_text(refused.text)) == [], visible_text(refused.text)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


@time_machine.travel(DURING_BASELINE, tick=False)
def test_start_page_announcements_in_spanish(client, login, spanish_member):  # type: ignore[no-untyped-def]
    from groupapp.messaging.models import Announcement

    db.session.add(
        Announcement(
            cohort_id=spanish_member.cohort.id, subject="Aviso", body="Hola a todos", pinned=True
        )
    )
    db.session.commit()
    login(spanish_member.member)
    response = client.get("/my/meetings")
    assert response.status_code == 200
    text = visible_text(response.text).replace(spanish_member.member.display_name, "")
    assert "Anuncios" in text
    assert "Fijado" in text
    assert re.search(r"\b(Announcements|Pinned)\b", text) is None, text


def test_progress_page_with_a_change_in_spanish(client, login, spanish_member):  # type: ignore[no-untyped-def]
    from tests.assessments.test_progress import WEEK_4, two_checkins

    two_checkins(spanish_member, spanish_member.member, 18, 9)
    with time_machine.travel(WEEK_4, tick=False):
        login(spanish_member.member)
        response = client.get("/assessments/progress")
    assert response.status_code == 200
    assert "Su puntuación de PHQ-9 bajó de 18 a 9 (9 puntos)." in response.text
    assert "le van mejor" in response.text
    assert re.search(r"\d+ (ene|feb) 2026</text>", response.text)  # axis dates, by Babel
    assert "puntuaciones totales de 18 a 9 en 2 registros" in response.text
    text = visible_text(response.text).replace(spanish_member.member.display_name, "")
    text = text.replace("PHQ-9", "")
    assert ENGLISH.findall(text) == [], text
    assert re.search(r"\b(fell|rose|Meeting on|over time|Jan|Feb)\b", response.text) is None
