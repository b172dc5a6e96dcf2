"""A Spanish reader meets a questionnaire's own words (bands, names) in Spanish wherever
they are shown: the progress chart's graphic, its accessible text and the score table."""

from __future__ import annotations

import re

import pytest
import time_machine

from tests.assessments.groups import DURING_BASELINE, make_group
from tests.assessments.scored import answer_open
from tests.i18n.test_pages_in_spanish import visible_text

WEEK_4 = "2026-02-02 12:00Z"


def _answers(slug: str, total: int) -> dict[str, int]:
    """Answers to the scored items of ``slug`` adding up to ``total``."""
    count = 9 if slug == "phq9" else 7
    answers = {}
    for n in range(1, count + 1):
        answers[f"q{n}"] = min(3, total) if not (slug == "phq9" and n == 9) else 0
        total -= answers[f"q{n}"]
    if slug == "gad7":
        answers["difficulty"] = 0
    return answers


@pytest.mark.parametrize(
    ("slug", "first", "second", "bands", "english"),
    [
        ("phq9", 18, 9, ("Moderadamente grave", "Leve"), "Moderately severe"),
        ("gad7", 16, 7, ("Grave", "Leve"), "Severe"),
    ],
)
def test_progress_chart_bands_in_spanish(  # type: ignore[no-untyped-def]
    client, login, factories, slug, first, second, bands, english
):
    group = make_group(factories, slug=slug)
    group.member.locale = "es"
    with time_machine.travel(DURING_BASELINE, tick=False):
        answer_open(group.member, _answers(slug, first))
    with time_machine.travel(WEEK_4, tick=False):
        answer_open(group.member, _answers(slug, second))
        login(group.member)
        page = client.get("/assessments/progress").text
    svgs = re.findall(r"<svg class=\"progress-chart.*?</svg>", page, re.S)
    assert len(svgs) == 2  # wide and narrow
    for svg in svgs:
        labels = re.findall(r'<text class="band-label"[^>]*>([^<]*)</text>', svg)
        assert labels[0] == "Mínima"
        assert set(bands) <= set(labels)
        points = re.findall(r"<circle[^>]*><title>([^<]*)</title>", svg)
        assert points[0].endswith(f": {first} ({bands[0]})"), points
        assert points[1].endswith(f": {second} ({bands[1]})"), points
        assert re.search(rf"\b({english}|Minimal|Mild)\b", svg) is None
    # The score table under the chart and the page as a whole: the file's Spanish words.
    text = visible_text(page)
    assert all(band in text for band in bands)
    assert re.search(r"\b(Minimal|Mild|Moderate|Severe)\b", page) is None


def test_the_change_sentence_and_table_name_the_reflection_in_spanish(  # type: ignore[no-untyped-def]
    client, login, factories
):
    group = make_group(factories, slug="relationship-checkin")
    group.member.locale = "es"
    items = ["boundaries", "self-esteem", "caretaking", "approval", "own-needs", "responsibility"]
    items += ["communication", "mutual-support", "shared-decisions", "independence"]
    items += ["steady-worth", "hearing-no"]
    with time_machine.travel(DURING_BASELINE, tick=False):
        answer_open(group.member, dict.fromkeys(items, 2))
    with time_machine.travel(WEEK_4, tick=False):
        answer_open(group.member, dict.fromkeys(items, 3))
        login(group.member)
        page = client.get("/assessments/progress").text
    text = visible_text(page)
    assert "Su puntuación de Reflexión sobre relaciones " in text
    assert "Puntuaciones de Reflexión sobre relaciones" in page
    assert "Relationship check-in" not in page


def test_my_data_names_the_questionnaire_and_band_in_spanish(client, login, factories):  # type: ignore[no-untyped-def]
    group = make_group(factories, slug="phq9")
    group.member.locale = "es"
    with time_machine.travel(DURING_BASELINE, tick=False):
        answer_open(group.member, _answers("phq9", 9))
        login(group.member)
        text = visible_text(client.get("/privacy/my-data").text)
        download = client.get("/privacy/my-data.json").json
    assert "Rango Leve" in text
    assert re.search(r"\b(Mild|Patient Health Questionnaire)\b", text) is None, text
    # The downloaded file keeps the questionnaire's own values.
    (row,) = download["assessments"]["responses"]
    assert row["band"] == "Mild"
    assert row["instrument"].startswith("Patient Health Questionnaire")
