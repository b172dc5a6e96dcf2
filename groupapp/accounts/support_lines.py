"""The support lines an organisation shows beside a crisis notice, in the reader's language.

The organisation writes them (``Organisation.crisis_support_text``) and may add a version
in another language (``crisis_support_translations``, ``{"es": ...}``). A reader gets
their language's version when there is one, else the original, which pages mark as
English so screen readers pronounce it right. With no text at all the pages show the
app's own translated sentence about the local emergency number.
"""

from __future__ import annotations

from dataclasses import dataclass

from groupapp.accounts.models import Organisation
from groupapp.audit import services as audit
from groupapp.core.i18n import DEFAULT_LOCALE, current_locale
from groupapp.core.text import multi_line
from groupapp.db import db

SPANISH = "es"
SUPPORT_LINES_MAX = 4000


@dataclass(frozen=True)
class SupportLines:
    """The lines one reader is shown ("" when the organisation wrote none) and their
    language."""

    text: str
    language: str


def support_lines_for_reader(organisation: Organisation, language: str) -> SupportLines:
    """The organisation's support lines in ``language`` when it has them, else as written."""
    translated = (organisation.crisis_support_translations or {}).get(language, "")
    if language != DEFAULT_LOCALE and translated:
        return SupportLines(translated, language)
    return SupportLines(organisation.crisis_support_text or "", DEFAULT_LOCALE)


def support_lines(organisation: Organisation) -> SupportLines:
    """The support lines in the language being rendered (a template global)."""
    return support_lines_for_reader(organisation, current_locale())


def save_support_lines(organisation: Organisation, english: str, spanish: str) -> None:
    """Store the organisation's support lines and their Spanish version ("" : none);
    audited, flushed, never committed."""
    organisation.crisis_support_text = multi_line(english or "").strip()
    spanish = multi_line(spanish or "").strip()
    organisation.crisis_support_translations = {SPANISH: spanish} if spanish else None
    audit.record("organisation.support_lines.changed", organisation)
    db.session.flush()
