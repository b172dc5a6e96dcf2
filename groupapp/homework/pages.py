"""Page helpers: a submission page (audited read, then the template), carrying out a change."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_login import current_user

from groupapp.core.i18n import user_locale
from groupapp.db import db
from groupapp.homework.models import Assignment, Submission
from groupapp.homework.services import record_read
from groupapp.homework.translations import ShownHomework, assignment_in_language, shown_title


def _reader_language() -> str:
    """A participant reads built-in homework in their own language; staff as assigned."""
    return "en" if current_user.is_staff else user_locale(current_user)


def reader_title(assignment: Assignment) -> str:
    """The assignment's title for the signed-in person (see ``shown_to_reader``)."""
    return shown_title(
        assignment.title, assignment.source_slug, _reader_language(), assignment.translations
    )


def shown_to_reader(assignment: Assignment) -> ShownHomework:
    """The assignment's words for the signed-in person: a participant reads the built-in
    text in their own language where it has one; staff read it as assigned."""
    return assignment_in_language(assignment, _reader_language())


def submission_page(template: str, submission: Submission, status: int = 200, **extra: Any) -> Any:
    """Record the read in the audit log, commit it, and render ``template``."""
    record_read(submission)
    db.session.commit()
    shown = shown_to_reader(submission.assignment)
    page = render_template(
        template,
        submission=submission,
        assignment=submission.assignment,
        shown=shown,
        fields=shown.fields,
        **extra,
    )
    return page, status
