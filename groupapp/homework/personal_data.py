"""The homework part of a person's data export and erasure."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from groupapp.accounts.models import User
from groupapp.core.i18n import current_locale
from groupapp.core.personal_data import register_section, register_wording
from groupapp.db import db
from groupapp.homework.models import Assignment, Feedback, HomeworkTemplate, Submission
from groupapp.homework.translations import ShownHomework, assignment_in_language


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_homework(user: User) -> list[dict[str, Any]]:
    """Every submission of ``user`` with its answers, unsent draft and feedback."""
    rows = db.session.scalars(
        sa.select(Submission)
        .where(Submission.user_id == user.id)
        .options(
            joinedload(Submission.assignment).joinedload(Assignment.cohort),
            joinedload(Submission.assignment).joinedload(Assignment.due_meeting),
            selectinload(Submission.feedback).joinedload(Feedback.author),
        )
        .order_by(Submission.id)
    ).all()
    return [
        {
            "assignment": row.assignment.title,
            "cohort": row.assignment.cohort.name,
            "due_at": _iso(row.assignment.due_at),
            "status": row.status,
            "answers": row.answers,
            "draft": row.draft,
            "draft_saved_at": _iso(row.draft_saved_at),
            "submitted_at": _iso(row.submitted_at),
            "reviewed_at": _iso(row.reviewed_at),
            "shared_with_group": row.share_with_group,
            "shared_name": row.shared_name,
            "feedback": [
                {
                    "kind": item.kind,
                    "from": item.author.display_name if item.author else None,
                    "text": item.body,
                    "at": _iso(item.created_at),
                }
                for item in row.feedback
            ],
        }
        for row in rows
    ]


def erase_homework(user: User) -> None:
    """Remove everything the person wrote and the feedback on it; unlink what they authored.

    Each submission row stays with its status and dates but no words, so a cohort's
    completion counts do not change.
    """
    own = sa.select(Submission.id).where(Submission.user_id == user.id)
    db.session.execute(sa.delete(Feedback).where(Feedback.submission_id.in_(own)))
    db.session.execute(
        sa.update(Submission)
        .where(Submission.user_id == user.id)
        .values(answers={}, draft=None, share_with_group=False, shared_name="")
    )
    db.session.execute(
        sa.update(Feedback).where(Feedback.author_id == user.id).values(author_id=None)
    )
    db.session.execute(
        sa.update(Submission)
        .where(Submission.reviewed_by_id == user.id)
        .values(reviewed_by_id=None)
    )
    for model in (Assignment, HomeworkTemplate):
        db.session.execute(
            sa.update(model).where(model.created_by_id == user.id).values(created_by_id=None)
        )
    db.session.flush()


register_section("homework", export_homework, erase_homework)


def word_homework(user: User, data: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The submissions with each assignment's title and question labels in the reader's
    language (its own translation, or a built-in's while it keeps the built-in words);
    one statement, in the export's order."""
    assignments = db.session.scalars(
        sa.select(Assignment)
        .join(Submission, Submission.assignment_id == Assignment.id)
        .where(Submission.user_id == user.id)
        .order_by(Submission.id)
    ).all()
    if len(assignments) != len(data):  # changed between the two reads: keep the stored words
        return data
    language = current_locale()
    return [
        _worded(row, assignment_in_language(assignment, language))
        for row, assignment in zip(data, assignments, strict=True)
    ]


def _worded(row: dict[str, Any], shown: ShownHomework) -> dict[str, Any]:
    labels = {field.key: field.label for field in shown.fields}

    def by_label(answers: Any) -> Any:
        if not isinstance(answers, dict):
            return answers
        return {labels.get(key, key): value for key, value in answers.items()}

    return {
        **row,
        "assignment": shown.title,
        "answers": by_label(row.get("answers")),
        "draft": by_label(row.get("draft")),
    }


register_wording("homework", word_homework)
