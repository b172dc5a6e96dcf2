"""Page helpers: a submission page (audited read, then the template), carrying out a change."""

from __future__ import annotations

from typing import Any

from flask import render_template

from groupapp.db import db
from groupapp.homework.models import Submission
from groupapp.homework.services import record_read


def submission_page(template: str, submission: Submission, status: int = 200, **extra: Any) -> Any:
    """Record the read in the audit log, commit it, and render ``template``."""
    record_read(submission)
    db.session.commit()
    page = render_template(
        template,
        submission=submission,
        assignment=submission.assignment,
        fields=submission.assignment.field_list(),
        **extra,
    )
    return page, status
