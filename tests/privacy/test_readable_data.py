"""'My data' in words: the export's codes, timestamps and floats made readable."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from groupapp.db import db
from groupapp.privacy.readable import label_for, readable

ZONE = "America/New_York"


def test_timestamps_statuses_and_scores_read_as_words():
    export = {
        "homework": {
            "submissions": [
                {
                    "status": "revision_requested",
                    "submitted_at": "2026-03-03T23:00:00.123456+00:00",
                    "due_on": "2026-03-10",
                    "total": 14.0,
                    "answers": {"what_happened": "my_words_stay as_typed"},
                }
            ]
        }
    }
    shown = readable(export, ZONE)
    (row,) = shown["Homework"]["Submissions"]
    assert row["Status"] == "Revision requested"
    assert row["Submitted"] == "Tue 3 Mar 2026, 6:00 pm EST (America/New_York)"
    assert row["Due"] == "Tue 10 Mar 2026"
    assert row["Total"] == 14
    assert row["Answers"]["What happened"] == "my_words_stay as_typed"  # typed text untouched


def test_consent_documents_and_the_word_i_read_as_words():
    shown = readable({"consents": [{"document": "privacy_notice"}], "what_i_did": "x"}, ZONE)
    assert shown["Consents"] == [{"Document": "Privacy notice"}]
    assert shown["What I did"] == "x"


def test_labels_drop_the_type_suffix():
    assert label_for("meeting_starts_at") == "Meeting starts"
    assert label_for("risk_flags") == "Risk flags"
    assert label_for("at") == "At"


@given(st.text())
def test_any_text_survives_unless_it_is_a_date(text):
    shown = readable({"note": text}, ZONE)["Note"]
    assert isinstance(shown, str)
    if shown != text:  # only a real ISO date or time is rewritten
        datetime.fromisoformat(text.replace("Z", "+00:00"))


@given(st.datetimes(timezones=st.just(UTC)))
def test_every_iso_time_reads_in_the_viewer_zone(moment):
    shown = readable({"created_at": moment.isoformat()}, ZONE)["Created"]
    assert shown.endswith("(America/New_York)")


def test_the_page_shows_words_and_offers_the_file(client, factories, login):
    from groupapp.privacy import consent, services

    org = factories.org()
    admin = factories.user("admin", org=org)
    sam = factories.user("participant", org=org, name="Sam Rivera", timezone=ZONE)
    notice = services.publish_notice(admin, "We keep your answers private.")
    consent.accept(sam, services.NOTICE, org.id, notice.version)
    db.session.commit()
    login(sam)
    page = client.get("/privacy/my-data").get_data(as_text=True)
    assert "Everything groupapp holds about you" in page
    assert "Download it as a file (JSON)" in page
    assert "Sam Rivera" in page
    assert "(America/New_York)" in page
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", page)  # no raw ISO timestamps


def test_the_exports_own_words_read_in_spanish(app) -> None:  # type: ignore[no-untyped-def]
    from groupapp.core.i18n import force_locale

    export = {
        "announcements": [{"received": "announcement"}],
        "messages": [{"messages": [{"from": "you"}, {"from": "Maya Okafor"}]}],
        "notifications": [{"status": "queued"}],
        "consents": [{"document": "privacy_notice"}, {"document": "group_agreement"}],
        "handouts": [{"after_meeting_ending": None, "about": "Texto", "practice": "Otro"}],
        "responses": [
            {"occurrence": "baseline", "change_status": "no_reliable_change"},
            {"occurrence": "week-4", "change_status": "reliable_improvement"},
            {"occurrence": "end", "change_status": "reliable_deterioration"},
            {"occurrence": "meeting-12"},
        ],
    }
    with app.test_request_context(), force_locale("es"):
        shown = readable(export, ZONE)
    assert shown["Anuncios"] == [{"Recibido": "Anuncio"}]
    assert shown["Mensajes"] == [{"Mensajes": [{"De": "usted"}, {"De": "Maya Okafor"}]}]
    assert shown["Avisos por correo"] == [{"Estado": "En cola"}]
    assert shown["Materiales"] == [
        {"Tras la reunión que termina": None, "De qué trata": "Texto", "Práctica": "Otro"}
    ]
    documents = [c["Documento"] for c in shown["Consentimientos"]]
    assert documents == ["Aviso de privacidad", "Acuerdo del grupo"]
    assert [r["Ocasión"] for r in shown["Respuestas"]] == [
        "Línea de base",
        "Semana 4",
        "Cierre del grupo",
        "meeting-12",  # a meeting's key names no date, so it is shown as it is
    ]
    assert [r.get("Estado del cambio") for r in shown["Respuestas"]] == [
        "Sin cambio confiable",
        "Mejora confiable",
        "Empeoramiento confiable",
        None,
    ]


def test_a_built_in_topic_title_reads_in_spanish(app) -> None:  # type: ignore[no-untyped-def]
    from groupapp.core.i18n import force_locale
    from groupapp.core.personal_data import in_reader_words
    from groupapp.programs.catalog import load_builtin_programs
    from groupapp.programs.translations import builtin_topic_titles

    slug, program = next(
        (slug, program)
        for slug, program in load_builtin_programs().items()
        if builtin_topic_titles(slug, "es")
    )
    titles = builtin_topic_titles(slug, "es") or ()
    english, spanish = program.topics[0].title, titles[0]
    export = {"meetings": {"attendance": [{"topic": english}, {"topic": "Our own topic"}]}}
    with app.test_request_context(), force_locale("es"):
        shown = in_reader_words(None, export)
    assert [row["topic"] for row in shown["meetings"]["attendance"]] == [spanish, "Our own topic"]
    assert english != spanish
