"""Answers remembered for the rest of a request are forgotten as soon as the session writes."""

from __future__ import annotations

from flask import Flask

from groupapp.core.memo import request_memo
from groupapp.db import db


def test_an_answer_is_worked_out_once_per_request_until_a_write(app: Flask, factories) -> None:  # type: ignore[no-untyped-def]
    org = factories.org()
    worked_out: list[int] = []

    def answer() -> int:
        worked_out.append(1)
        return len(worked_out)

    with app.test_request_context("/"):
        assert request_memo("question", answer) == 1
        assert request_memo("question", answer) == 1  # remembered
        assert request_memo("another", answer) == 2  # each key on its own
        org.name = "Renamed"
        db.session.flush()
        assert request_memo("question", answer) == 3  # a write forgets what was read
    with app.test_request_context("/"):
        assert request_memo("question", answer) == 4  # a new request starts afresh
    assert request_memo("question", answer) == 5  # outside a request nothing is kept
    assert request_memo("question", answer) == 6


def test_the_header_counts_follow_a_change_made_in_the_same_request(app: Flask, factories) -> None:  # type: ignore[no-untyped-def]
    from groupapp.core.navigation import header_counts, navigation_for

    member = factories.user(role="participant")
    with app.test_request_context("/"):
        entries = navigation_for("participant")
        first = header_counts(member, entries)
        assert header_counts(member, entries) is first  # one statement per request
        factories.org()  # any write in between
        db.session.flush()
        assert header_counts(member, entries) is not first
