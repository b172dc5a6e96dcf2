"""Carrying out one change from a view: commit and say so, or roll back and say why not."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import flash

from groupapp.db import db

T = TypeVar("T")


class Refusal(ValueError):
    """A service declines a change for a reason the person should read as it is.

    The reason is made with gettext where it is raised, so it is in the language being
    rendered: the reader's on a page, English in the JSON API, the recipient's inside
    ``force_locale`` (``tests/i18n/test_refusals_translated.py`` holds every raise to it).
    ``field`` names the input the reason is about, when there is one (an API problem
    lists it in ``errors``).
    """

    field: str | None = None

    def __init__(self, *args: object, field: str | None = None) -> None:
        super().__init__(*args)
        self.field = field


def carry_out(change: Callable[[], T], done: Callable[[T], str], category: str = "success") -> bool:
    """Run one service call; commit and flash ``done(result)``, or flash the refusal.

    Only a ``Refusal`` is turned into a message; any other error is a bug and propagates.
    """
    try:
        result = change()
    except Refusal as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return False
    db.session.commit()
    flash(done(result), category)
    return True
