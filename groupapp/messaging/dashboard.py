"""The start-page panel of recent announcements, the unread count in the header, and the
filter that shows people's text with its line breaks and links."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from groupapp.accounts.models import User
from groupapp.core.dashboard import register_panel
from groupapp.core.navigation import register_nav_count
from groupapp.messaging import announcements, bp, threads

# http(s) addresses up to the next space or angle bracket; a closing punctuation mark
# at the end belongs to the sentence, not the address.
_URL = re.compile(r"https?://[^\s<>\"']+")
_TRAILING = ".,;:!?)]}"


def _link(address: str) -> Markup:
    trimmed = address.rstrip(_TRAILING)
    rest = address[len(trimmed) :]
    return Markup('<a href="{0}" rel="nofollow noopener noreferrer">{0}</a>{1}').format(
        trimmed, rest
    )


@bp.app_template_filter("linked_text")
def linked_text(value: str | None) -> Markup:
    """Escape a person's text, keep its line breaks and make web addresses links.

    Only ``http://`` and ``https://`` addresses become links, so nothing typed can
    produce a ``javascript:`` link or any markup of its own.
    """
    if not value:
        return Markup("")
    lines = []
    for line in value.splitlines():
        parts: list[Markup] = []
        position = 0
        for match in _URL.finditer(line):
            parts.append(escape(line[position : match.start()]))
            parts.append(_link(match.group()))
            position = match.end()
        parts.append(escape(line[position:]))
        lines.append(Markup("").join(parts))
    return Markup("<br>\n").join(lines)


def _recent(user: User) -> list[announcements.Announcement]:
    return announcements.recent_for_member(user) if user.role == "participant" else []


register_panel("messaging/_announcements_panel.html", _recent, order=5)
register_nav_count("messaging.inbox", threads.unread_count_expression)
register_nav_count("messaging.staff_inbox", threads.unread_count_expression)


@bp.app_template_global("message_retention_label")
def message_retention_label() -> str:
    """The retention period for a departed member's messages, for people, in the language
    being rendered: "7 years", "7 años"."""
    from flask import current_app
    from flask_babel import ngettext

    years = float(current_app.config["MESSAGE_RETENTION_YEARS"])
    if years.is_integer():
        return ngettext("%(num)d year", "%(num)d years", int(years))
    months = round(years * 12)
    return ngettext("%(num)d month", "%(num)d months", months)
