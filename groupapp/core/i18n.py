"""Languages: which one a person reads the app in, and rendering in a given one.

The language of a page is the signed-in person's own choice (``users.locale``), else the
language of the person a signed-out page is for (a personal email link names them: see
``read_as``), else the first language of the browser's ``Accept-Language`` that the app
speaks, else English.
Email is rendered in the recipient's language, whoever caused it to be sent: the outbox
renders each message inside ``force_locale(user_locale(recipient))``.

Texts go through Flask-Babel's ``gettext`` (``_`` in templates); catalogues live in
``groupapp/translations/<code>/LC_MESSAGES/messages.po`` and are compiled to ``.mo`` by
``scripts/setup`` (``pybabel compile``).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from typing import Any, Protocol

import flask_babel
import sqlalchemy as sa
from babel import Locale
from flask import Flask, g, has_request_context, request
from flask_login import current_user
from jinja2.ext import _make_new_gettext, _make_new_ngettext

from groupapp.core.problems import is_api_path

__all__ = [
    "BABEL_LOCALES",
    "DEFAULT_LOCALE",
    "LANGUAGE_NAMES",
    "N_",
    "SUPPORTED_LOCALES",
    "babel_locale",
    "browser_locale",
    "current_locale",
    "force_locale",
    "init_i18n",
    "is_supported",
    "language_choices",
    "language_name",
    "read_as",
    "select_locale",
    "supported_or_default",
    "template_gettext",
    "user_locale",
]

DEFAULT_LOCALE = "en"
# The languages the app's own texts are translated into (codes as stored in users.locale).
SUPPORTED_LOCALES: tuple[str, ...] = ("en", "es")
# The CLDR locale that writes each language's dates, numbers and lists: the app's English
# is British (day before month, "6:00 pm", no serial comma).
BABEL_LOCALES: dict[str, str] = {"en": "en_GB", "es": "es"}
# Each language named in itself, so a person finds their own whatever the page's language.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Español"}

# core sits below accounts: it reads the one column it needs without the User model.
_users = sa.table("users", sa.column("id"), sa.column("locale"))


class Reader(Protocol):
    """Anyone with a stored language: a user, or an invitation's invitee."""

    @property
    def locale(self) -> str: ...


def N_(text: str) -> str:
    """Mark ``text`` for the catalogues where it is defined; it is translated where shown
    (a Flask-Login message, a default stored before any request)."""
    return text


def is_supported(code: str | None) -> bool:
    """True when ``code`` is exactly one of ``SUPPORTED_LOCALES``."""
    return code in SUPPORTED_LOCALES


def supported_or_default(code: str | None) -> str:
    """``code`` when the app speaks it, else ``DEFAULT_LOCALE`` (never an unknown code)."""
    return code if code is not None and is_supported(code) else DEFAULT_LOCALE


def language_name(code: str | None) -> str:
    """The language's own name ("Español"); an unknown code reads as the default's."""
    return LANGUAGE_NAMES[supported_or_default(code)]


def language_choices() -> list[tuple[str, str]]:
    """``(code, name)`` pairs for a language select, in ``SUPPORTED_LOCALES`` order."""
    return [(code, LANGUAGE_NAMES[code]) for code in SUPPORTED_LOCALES]


def user_locale(user: Reader | int | None) -> str:
    """The language ``user`` (a ``User``, anything else with a ``locale``, or a user id)
    reads the app and email in.

    An id is looked up (one query); a missing person, or a stored code the app no longer
    speaks, gives ``DEFAULT_LOCALE``.
    """
    if user is None:
        return DEFAULT_LOCALE
    if isinstance(user, int):
        from groupapp.db import db

        code = db.session.scalar(sa.select(_users.c.locale).where(_users.c.id == user))
        return supported_or_default(code)
    return supported_or_default(getattr(user, "locale", None))


def browser_locale(header: str | None = None) -> str:
    """The first language of an ``Accept-Language`` header (highest quality first) the app
    speaks, matching on the primary subtag ("es-MX" is "es"); ``DEFAULT_LOCALE`` when none
    is. ``header`` defaults to the current request's."""
    if header is None:
        if not has_request_context():
            return DEFAULT_LOCALE
        accepted = request.accept_languages
    else:
        from werkzeug.datastructures import LanguageAccept
        from werkzeug.http import parse_accept_header

        accepted = parse_accept_header(header, LanguageAccept)
    # werkzeug keeps the values sorted by quality, highest first, ties in header order.
    for value, quality in accepted:
        if quality <= 0:
            continue
        primary = value.replace("_", "-").split("-", 1)[0].strip().lower()
        if primary in SUPPORTED_LOCALES:
            return primary
    return DEFAULT_LOCALE


def select_locale() -> str:
    """Flask-Babel's locale selector: the signed-in person's choice, else that of the person
    the page is for (``read_as``), else the browser's.

    The JSON API always answers in English, whoever holds the token: its problem details
    are for the program calling it (which shows its own words, keyed by status and field),
    and one language keeps the services' sentences and the API's own checks alike. Email
    a call causes is still rendered in each recipient's language (``force_locale``).
    """
    if has_request_context() and is_api_path(request.path):
        return DEFAULT_LOCALE
    if has_request_context() and current_user and current_user.is_authenticated:
        return supported_or_default(getattr(current_user, "locale", None))
    if has_request_context() and g.get("page_locale"):
        return str(g.page_locale)
    return browser_locale()


def read_as(code: str | None) -> None:
    """Render the rest of this request in ``code``, the language of the person a signed-out
    page is for (the account or invitation its emailed link's token names), unless someone
    is signed in. ``None`` (nobody known) leaves the browser's language."""
    g.page_locale = supported_or_default(code) if code else None
    flask_babel.refresh()


def current_locale() -> str:
    """The language being rendered now (a ``SUPPORTED_LOCALES`` code); English outside an
    app context."""
    locale = flask_babel.get_locale()
    return supported_or_default(locale.language if locale is not None else None)


def babel_locale(code: str | None = None) -> str:
    """The CLDR locale for Babel's formatting of ``code`` (default: the language being
    rendered), e.g. "en_GB" for "en"."""
    return BABEL_LOCALES[supported_or_default(code or current_locale())]


@contextlib.contextmanager
def force_locale(code: str | None) -> Iterator[str]:
    """Render in language ``code`` while inside (an unknown code renders in the default).

    For anything that renders for someone other than the person making the request: the
    worker's emails, a message to each member of a cohort. Yields the code used.
    """
    chosen = supported_or_default(code)
    with flask_babel.force_locale(_parsed_locale(chosen)):
        yield chosen


@functools.lru_cache(maxsize=8)  # one entry per supported language
def _parsed_locale(code: str) -> Locale:
    """Babel's ``Locale`` for ``code``, parsed once: Flask-Babel takes a ``Locale`` as it
    is, where it would parse the code again each time (every email the worker renders)."""
    return Locale.parse(code)


def init_i18n(app: Flask) -> None:
    """Bind Flask-Babel to ``app`` with the app's locale selector."""
    from groupapp.extensions import babel

    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals["current_locale"] = current_locale

    @app.context_processor
    def translating() -> dict[str, Any]:
        """The page's ``_`` and ``ngettext`` bound to its language's catalogue once."""
        return template_gettext(flask_babel.get_translations())


_BOUND: dict[int, tuple[Any, dict[str, Any]]] = {}


def template_gettext(translations: Any) -> dict[str, Any]:
    """A template's ``gettext`` and ``ngettext`` (``_``) bound to ``translations``, for
    its context.

    Flask-Babel's own look up the current language's catalogue at each call, a hundred
    or so on a page; a page or an email is rendered in one language, looked up once
    here. They behave as the i18n extension's (``%`` formatting, markup kept safe when
    escaping).
    """
    found = _BOUND.get(id(translations))
    if found is None or found[0] is not translations:
        if len(_BOUND) >= 16:  # catalogues reloaded (tests): forget the old ones
            _BOUND.clear()
        bound = {
            "gettext": _make_new_gettext(translations.ugettext),
            "ngettext": _make_new_ngettext(translations.ungettext),
        }
        found = _BOUND[id(translations)] = (translations, bound)
    return found[1]
