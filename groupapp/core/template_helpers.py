"""Filters available in every template."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from itertools import groupby
from typing import Any, Literal

from babel import lists as babel_lists
from babel import numbers as babel_numbers
from flask import Flask, g, has_request_context, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from groupapp.core.i18n import babel_locale, language_name
from groupapp.core.ids import MAX_ID
from groupapp.core.timezones import format_day, format_for_viewer, is_valid_zone, to_local


def plain_text(value: str | None) -> Markup:
    """Escape user text and keep its line breaks."""
    if not value:
        return Markup("")
    return Markup("<br>\n").join(escape(line) for line in value.splitlines())


def viewer_zone(zone: str | None = None) -> str:
    """``zone`` when given, else the signed-in viewer's zone, else UTC (never a bad name)."""
    if zone is None and has_request_context():
        # A list page shows dozens of times: look the viewer's zone up once per request.
        cached: str | None = g.get("viewer_zone")
        if cached is None:
            cached = g.viewer_zone = _checked_zone(None)
        return cached
    return _checked_zone(zone)


def _checked_zone(zone: str | None) -> str:
    chosen = zone or (current_user.timezone if current_user.is_authenticated else "UTC")
    return chosen if is_valid_zone(chosen) else "UTC"


def local_time(value: datetime | None, zone: str | None = None) -> str:
    """A UTC time shown in ``zone`` (default: the viewer's), with the zone named.

    ``"Thu 17 Dec 2026, 7:00 pm HST (Pacific/Honolulu)"``; empty for ``None``.
    """
    if value is None:
        return ""
    return format_for_viewer(value, viewer_zone(zone))


def local_date(
    value: datetime | None, zone: str | None = None, short: bool = False, with_year: bool = False
) -> str:
    """A UTC time's date in ``zone`` (default: the viewer's): "Tue 3 Mar 2026" or "3 Mar"
    ("3 Mar 2026" when ``short`` and ``with_year``)."""
    if value is None:
        return ""
    local = to_local(value, viewer_zone(zone)).date()
    return format_day(local, short=short, with_year=with_year)


def spans_years(values: Iterable[datetime | None], zone: str | None = None) -> bool:
    """Whether the UTC times fall in more than one calendar year in ``zone`` (the viewer's)."""
    where = viewer_zone(zone)
    return len({to_local(v, where).year for v in values if v is not None}) > 1


def local_day(value: date | None, short: bool = False) -> str:
    """A calendar date (no time of day) in the language being rendered: "Tue 3 Mar 2026"."""
    return "" if value is None else format_day(value, short=short)


def list_of(items: Iterable[Any], style: Literal["standard", "or"] = "standard") -> str:
    """Items joined as the language being rendered joins them: "a, b and c", "a, b y c".

    ``style`` is CLDR's: "standard" (and), "or".
    """
    return babel_lists.format_list([str(item) for item in items], style, locale=babel_locale())


def number(value: float | None) -> str:
    """A number written the way the language being rendered writes it ("1,234.5", "1234,5")."""
    if value is None:
        return ""
    return babel_numbers.format_decimal(value, locale=babel_locale())


_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")


def paragraphs(value: str | None) -> Markup:
    """Escape a long text written with line breaks (a privacy notice, an agreement) and
    lay it out as paragraphs: a blank line starts a new paragraph, a line starting with
    "-", "*" or "1." is a list item, and other single line breaks are joined with a space,
    so the text flows to the width of the screen instead of breaking mid-sentence."""
    if not value:
        return Markup("")
    html: list[Markup] = []
    for block in re.split(r"\n\s*\n", value.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        # Runs of list lines become a list; runs of other lines one flowing paragraph.
        for is_item, run in groupby(lines, key=lambda line: bool(_BULLET.match(line))):
            run_lines = list(run)
            if is_item:
                items = Markup("").join(
                    Markup("<li>{}</li>").format(_BULLET.sub("", line)) for line in run_lines
                )
                html.append(Markup("<ul>{}</ul>").format(items))
            else:
                html.append(Markup("<p>{}</p>").format(" ".join(run_lines)))
    return Markup("\n").join(html)


_PLACEHOLDER = str(MAX_ID)


def link_for(endpoint: str, id_name: str, **values: Any) -> Callable[[int], str]:
    """A function from an id to ``url_for(endpoint, **values, id_name=id)``.

    For links repeated down a list (one per row or per cell): the route is built once and
    each row only fills in its id, since building a URL through the routing map costs
    about as much as rendering the row. Falls back to ``url_for`` for each id when the
    address does not hold the id exactly once as text.
    """

    def build(item_id: int) -> str:
        return url_for(endpoint, **{**values, id_name: item_id})

    before, found, after = build(MAX_ID).partition(_PLACEHOLDER)
    if not found or _PLACEHOLDER in after:
        return build
    return lambda item_id: f"{before}{int(item_id)}{after}"


def register_template_helpers(app: Flask) -> None:
    """Register the filters every template may use."""
    from groupapp.core.pagination import count_label

    app.add_template_filter(plain_text, "plain_text")
    app.add_template_filter(count_label, "count_label")
    app.add_template_filter(local_time, "local_time")
    app.add_template_filter(local_date, "local_date")
    app.add_template_filter(local_day, "local_day")
    app.add_template_filter(list_of, "list_of")
    app.add_template_filter(number, "number")
    app.add_template_filter(language_name, "language_name")
    app.add_template_filter(paragraphs, "paragraphs")
    app.add_template_global(link_for, "link_for")
    app.add_template_global(spans_years, "spans_years")
