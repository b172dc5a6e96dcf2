"""Filters available in every template."""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_login import current_user
from markupsafe import Markup, escape


def plain_text(value: str | None) -> Markup:
    """Escape user text and keep its line breaks."""
    if not value:
        return Markup("")
    return Markup("<br>\n").join(escape(line) for line in value.splitlines())


def register_template_helpers(app: Flask) -> None:
    app.add_template_filter(plain_text, "plain_text")

    @app.template_filter("local_time")
    def local_time(value: datetime | None, zone: str | None = None) -> str:
        """A UTC time shown in ``zone`` (default: the viewer's), with the zone named."""
        if value is None:
            return ""
        from groupapp.core.timezones import format_for_viewer

        viewer_zone = zone or (current_user.timezone if current_user.is_authenticated else "UTC")
        return format_for_viewer(value, viewer_zone)
