"""Submitting responses through the services, for tests that need scored data."""

from __future__ import annotations

from groupapp.accounts.models import User
from groupapp.assessments.answering import save_answers, submit
from groupapp.assessments.checkins import member_checkins, start_response
from groupapp.assessments.models import AssessmentResponse
from groupapp.db import db


def answer_open(user: User, values: dict[str, int], key: str | None = None) -> AssessmentResponse:
    """Answer and submit the user's first unsubmitted check-in (or the one with ``key``)."""
    checkin = next(
        c
        for c in member_checkins(user)
        if not c.submitted and (key is None or c.occurrence.key == key)
    )
    response = start_response(user, checkin)
    save_answers(response, {k: str(v) for k, v in values.items()})
    submit(response)
    db.session.commit()
    return response
