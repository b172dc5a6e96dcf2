"""Dates, times, numbers and lists written by Babel in the reader's language and zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from flask import Flask, render_template_string
from hypothesis import given
from hypothesis import strategies as st

from groupapp.core.i18n import SUPPORTED_LOCALES, force_locale
from groupapp.core.timezones import (
    common_zones,
    format_day,
    format_for_viewer,
    format_wall_clock,
)

MEETING = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "english", "spanish"),
    [
        (
            "America/New_York",
            "Tue 1 Dec 2026, 6:00 pm EST (America/New_York)",
            "martes, 1 de diciembre de 2026, 18:00 (America/New_York)",
        ),
        (
            "Europe/Madrid",
            "Wed 2 Dec 2026, 12:00 am CET (Europe/Madrid)",
            "miércoles, 2 de diciembre de 2026, 00:00 (Europe/Madrid)",
        ),
        (
            "Asia/Kolkata",
            "Wed 2 Dec 2026, 4:30 am IST (Asia/Kolkata)",
            "miércoles, 2 de diciembre de 2026, 04:30 (Asia/Kolkata)",
        ),
        (
            "America/Argentina/Buenos_Aires",
            "Tue 1 Dec 2026, 8:00 pm UTC-03 (America/Argentina/Buenos_Aires)",
            "martes, 1 de diciembre de 2026, 20:00 (America/Argentina/Buenos_Aires)",
        ),
    ],
)
def test_a_meeting_time_in_each_language_and_zone(zone: str, english: str, spanish: str) -> None:
    assert format_for_viewer(MEETING, zone, "en") == english
    assert format_for_viewer(MEETING, zone, "es") == spanish


def test_summer_time_is_read_in_the_zone_of_that_day() -> None:
    june = datetime(2027, 6, 15, 16, 0, tzinfo=UTC)
    assert format_for_viewer(june, "America/New_York", "es") == (
        "martes, 15 de junio de 2027, 12:00 (America/New_York)"
    )
    assert format_for_viewer(june, "Europe/Madrid", "en") == (
        "Tue 15 Jun 2027, 6:00 pm CEST (Europe/Madrid)"
    )


def test_days_and_wall_clocks() -> None:
    assert format_day(date(2027, 9, 3), "es") == "viernes, 3 de septiembre de 2027"
    assert format_day(date(2027, 9, 3), "en") == "Fri 3 Sept 2027"  # CLDR British English
    assert format_day(date(2027, 1, 5), "es", short=True) == "5 ene"
    wall = datetime.combine(date(2027, 1, 5), time(9, 5))  # on the cohort's own clock
    assert format_wall_clock(wall, "es") == "martes, 5 de enero de 2027, 09:05"
    assert format_wall_clock(wall, "en") == "Tue 5 Jan 2027, 9:05 am"


def test_the_language_being_rendered_is_the_default(app: Flask) -> None:
    with app.test_request_context():
        with force_locale("es"):
            assert format_for_viewer(MEETING, "Europe/Madrid").startswith("miércoles, 2 de dic")
        assert format_for_viewer(MEETING, "Europe/Madrid").startswith("Wed 2 Dec")


def test_template_filters_follow_the_language(app: Flask) -> None:
    template = (
        "{{ when|local_time('America/Mexico_City') }} | {{ when|local_date('Asia/Tokyo', "
        "short=True) }} | {{ names|list_of }} | {{ 12345.5|number }}"
    )
    context = {"when": MEETING, "names": ["Ana", "Luis", "Marta"]}
    with app.test_request_context():
        with force_locale("es"):
            assert render_template_string(template, **context) == (
                "martes, 1 de diciembre de 2026, 17:00 (America/Mexico_City) | 2 dic"
                " | Ana, Luis y Marta | 12.345,5"
            )
        assert render_template_string(template, **context) == (
            "Tue 1 Dec 2026, 5:00 pm CST (America/Mexico_City) | 2 Dec"
            " | Ana, Luis and Marta | 12,345.5"
        )


@given(
    st.datetimes(
        min_value=datetime.combine(date(1971, 1, 1), time()),
        max_value=datetime.combine(date(2099, 12, 31), time()),
    ),
    st.sampled_from([zone for zone, _label in common_zones()]),
    st.sampled_from(SUPPORTED_LOCALES),
)
def test_every_instant_zone_and_language_is_written(
    moment: datetime, zone: str, locale: str
) -> None:
    instant = moment.replace(tzinfo=UTC)
    text = format_for_viewer(instant, zone, locale)
    assert text.endswith(f"({zone})")
    assert str(instant.astimezone(ZoneInfo(zone)).year) in text


def test_clock_change_notices_in_spanish(app: Flask) -> None:
    from groupapp.core.timezones import NonexistentLocalTime, resolve_local, resolve_repeating

    with app.test_request_context(), force_locale("es"):
        _, gap = resolve_repeating(date(2026, 3, 8), time(2, 30), "America/New_York")
        assert gap == (
            "Las 02:30 no existen el 8 de marzo de 2026 en America/New_York (los relojes "
            "pasan de las 02:00 a las 03:00), así que esa es a las 03:30."
        )
        _, fold = resolve_repeating(date(2026, 11, 1), time(1, 30), "America/New_York")
        assert fold is not None
        assert fold.startswith("Las 01:30 ocurren dos veces el 1 de noviembre de 2026")
        assert "Se usa la primera (EDT, UTC-04:00)." in fold
        with pytest.raises(NonexistentLocalTime, match="Elija otra hora"):
            resolve_local(date(2026, 3, 8), time(2, 30), "America/New_York")
