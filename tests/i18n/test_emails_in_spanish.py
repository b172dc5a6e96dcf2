"""Email is in the recipient's language: every kind a participant can receive reads in
Spanish for a Spanish speaker (subject, text and HTML), and a cohort of mixed languages
gets each member's own, whoever sends it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from types import SimpleNamespace as Obj

import pytest
from flask import Flask

from groupapp.core.i18n import force_locale
from groupapp.core.mail import EmailContent, render_email, render_piece
from tests.support.smtp import body_text

# Words of the app's own English text; none may be left in a Spanish message.
ENGLISH = re.compile(
    r"\b(hello|your|you|the|meeting|meetings|homework|reminder|open|read|due|is|are|for|"
    r"check-in|here|and|with|this|was|has|have|new|week|facilitators?|group)\b",
    re.IGNORECASE,
)

LUCIA = Obj(display_name="Lucía")
COHORT = Obj(name="Grupo Luna", location="Sala 2", video_url="https://video.example.org/luna")
MEETING = Obj(topic="Límites sanos", cancel_reason="Feriado", starts_at=None)
WHEN = "martes, 1 de diciembre de 2026, 18:00 (America/Mexico_City)"
BAR = Obj(label="Homework handed in", percent=50, value=1, total=2)
DIGEST = Obj(
    next_meeting=MEETING,
    attended=Obj(label="Meetings you came to", percent=100, value=2, total=2),
    homework=BAR,
    progress=["Your check-ins are holding steady for now."],
    feedback=2,
)
CONTEXT = {
    "user": LUCIA,
    "person": LUCIA,
    "cohort": COHORT,
    "meeting": MEETING,
    "assignment": Obj(title="Hoja de límites"),
    "title": "Hoja de límites",
    "feedback": Obj(kind="comment"),
    "instrument": Obj(name="PHQ-9"),
    "announcement": Obj(text_in_email=False, subject="Aviso", body="Texto"),
    "invitation": Obj(
        organisation=Obj(name="Centro Río"),
        invited_by=Obj(display_name="Marta"),
        cohort=COHORT,
        expires_at=datetime(2026, 12, 8, 12, tzinfo=UTC),
    ),
    "request": Obj(status="completed", decision_reason=""),
    "digest": DIGEST,
    "due": [(Obj(assignment=Obj(title="Hoja de límites")), WHEN)],
    "when": WHEN,
    "closes": WHEN,
    "next_when": WHEN,
    "interval": "en aproximadamente 3 horas",
    "link": "https://groupapp.example.org/x",
    "hours": 24,
    "new": "lucia@example.org",
    "count": 2,
    "added": 1,
    "change": "rescheduled",
    "previous": WHEN,
    "group_when": WHEN,
    "reply_to": "marta@example.org",
    "staff": False,
    "organisation_name": "Centro Río",
}

# Every message a participant can be sent, with what varies between its forms.
PARTICIPANT_EMAILS = [
    ("notifications/meeting_reminder", {}),
    ("notifications/checkin_open", {}),
    ("notifications/checkin_closing", {"closes": None}),
    ("notifications/checkin_reminder", {}),
    ("notifications/homework_reminder", {"due": WHEN}),
    ("notifications/digest_participant", {}),
    ("homework/assigned", {"due": WHEN}),
    ("homework/due_soon", {"due": WHEN}),
    ("homework/overdue", {"due": WHEN}),
    ("homework/due_changed", {"due": WHEN}),
    ("homework/due_changed", {"due": None}),
    ("homework/cancelled", {}),
    ("homework/feedback", {}),
    ("homework/feedback", {"feedback": Obj(kind="revision_request")}),
    ("intake/reminder", {}),
    ("feedback/request", {}),
    ("meetings/meeting_changed", {}),
    ("meetings/meeting_changed", {"change": "added", "added": 3}),
    ("meetings/meeting_changed", {"change": "topic"}),
    ("meetings/meeting_cancelled", {}),
    ("meetings/place_offered", {}),
    ("messaging/announcement", {}),
    ("messaging/new_message", {}),
    ("messaging/summary", {}),
    ("messaging/summary", {"count": 1}),
    ("accounts/password_reset", {}),
    ("accounts/email_change_confirm", {}),
    ("accounts/email_changed", {}),
    ("accounts/invitation", {}),
    ("privacy/deletion_decided", {}),
    ("privacy/deletion_decided", {"request": Obj(status="declined", decision_reason="Ley")}),
]


def _words(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def _render(app: Flask, template: str, context: dict[str, object], language: str) -> EmailContent:
    with app.test_request_context(), force_locale(language):
        # A reminder includes its meeting's details, rendered on their own (in its language).
        details = render_piece("notifications/_meeting_reminder_details", **context)
        return render_email(template, **context, details=details)


@pytest.mark.parametrize(("template", "changes"), PARTICIPANT_EMAILS)
def test_every_participant_email_reads_in_spanish(
    app: Flask, template: str, changes: dict[str, object]
) -> None:
    context = {**CONTEXT, **changes}
    spanish = _render(app, template, context, "es")
    english = _render(app, template, context, "en")
    for part in ("subject", "text", "html"):
        assert getattr(spanish, part) != getattr(english, part), part
    left = ENGLISH.findall(f"{spanish.subject}\n{spanish.text}\n{_words(spanish.html)}")
    assert left == []
    assert ENGLISH.search(english.text)  # the check can see English at all
    assert 'lang="es"' in spanish.html


def _mixed_cohort(factories):  # type: ignore[no-untyped-def]
    org = factories.org()
    lead = factories.user("facilitator", org=org, locale="es")
    lucia = factories.user(org=org, name="Lucía", locale="es", email="lucia@example.com")
    sam = factories.user(org=org, name="Sam", locale="en", email="sam@example.com")
    cohort = factories.cohort(org, [lead], [lucia, sam], name="Grupo Luna")
    return cohort, lead, lucia, sam


def test_a_mixed_cohort_gets_each_members_own_language(client, factories, login, csrf, smtp_server):  # type: ignore[no-untyped-def]
    cohort, lead, lucia, sam = _mixed_cohort(factories)
    login(lead)
    response = client.post(
        f"/cohorts/{cohort.id}/announcements/new",
        data={"csrf_token": csrf("/privacy/notice"), "subject": "Aviso", "body": "Texto"},
    )
    assert response.status_code == 302
    mails = {m["To"]: m for m in smtp_server.wait_for(2)}
    spanish, english = mails[lucia.email], mails[sam.email]
    assert spanish["Subject"] == "Un anuncio nuevo en Grupo Luna"
    assert english["Subject"] == "A new announcement in Grupo Luna"  # not the sender's
    assert "Hola, Lucía:" in body_text(spanish)
    assert "Hello Sam," in body_text(english)
    assert "Dejar de recibir correos sobre: anuncios para su grupo" in body_text(spanish)
    assert "Stop emails about announcements to your cohort" in body_text(english)
