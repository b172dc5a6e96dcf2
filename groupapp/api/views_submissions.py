"""Homework writes: assigning it, a participant's answers, a facilitator's review."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_smorest import abort

from groupapp.api.auth import api_blueprint
from groupapp.api.changes import (
    commit_or_refuse,
    refuse_answers,
    refuse_unavailable,
    unknown_reference,
)
from groupapp.api.schemas import ID
from groupapp.api.submission_schemas import (
    NewAssignmentSchema,
    ReviewResultSchema,
    ReviewSchema,
    SubmissionWriteSchema,
    WrittenSubmissionSchema,
)
from groupapp.api.views_cohorts import load_cohort
from groupapp.api.views_homework import AssignmentSchema
from groupapp.cohorts.models import Cohort
from groupapp.core.access import get_or_404
from groupapp.homework import review
from groupapp.homework.answers import form_from_json
from groupapp.homework.models import Submission
from groupapp.homework.services import (
    Due,
    assign,
    due_at_instant,
    meeting_number,
    save_draft,
    submit,
)
from groupapp.homework.template_services import assignment_spec

blp = api_blueprint("submissions", "Assigning homework, answering it and reviewing it")


def _due(body: dict[str, Any], cohort: Cohort) -> Due:
    """The due point the request names (none when it names neither)."""
    if "before_meeting_id" in body:
        number = meeting_number(cohort.id, body["before_meeting_id"])
        if number is None:
            unknown_reference(
                "before_meeting_id", "meeting of this cohort", "Cancelled meetings do not count."
            )
        return Due(meeting_number=number)
    if "due_at" in body:
        return due_at_instant(body["due_at"], cohort.timezone)
    return Due()


@blp.route(f"/cohorts/<{ID}:cohort_id>/assignments", methods=["POST"])
@blp.arguments(NewAssignmentSchema)
@blp.response(201, AssignmentSchema)
def create_assignment(body: dict[str, Any], cohort_id: int) -> Any:
    """Give homework to the cohort or chosen members; each is told as from the assign page."""
    cohort = load_cohort(cohort_id, "manage")
    refuse_unavailable()
    choice = body.get("template") or body["template_id"]  # as offered (the schema's)
    spec = assignment_spec(
        choice,
        _due(body, cohort),
        title=body.get("title", ""),
        instructions=body.get("instructions", ""),
        member_ids=body.get("participant_ids"),
        include_later_joiners=body["include_later_joiners"],
    )
    return commit_or_refuse(lambda: assign(cohort, spec, current_user))


@blp.route(f"/submissions/<{ID}:submission_id>", methods=["PUT"])
@blp.arguments(SubmissionWriteSchema)
@blp.response(200, WrittenSubmissionSchema)
def write_submission(body: dict[str, Any], submission_id: int) -> Any:
    """Save one's own answers as a draft, or hand them in (``submit``), as the fill page does.

    Handing in checks every answer with the page's rules; on a problem the answers are
    kept as a draft and each problem is listed in ``errors``.
    """
    submission = get_or_404(Submission, submission_id)
    if submission.user_id != current_user.id:
        abort(403, message="Only the participant writes their own homework.")
    fields = submission.assignment.field_list()
    known = {item.key for item in fields}
    unknown = {
        key: "This homework has no such field." for key in body["answers"] if key not in known
    }
    if unknown:
        refuse_answers("Some answers name fields this homework does not have.", unknown)
    form = form_from_json(fields, body["answers"])
    if not body["submit"]:
        commit_or_refuse(lambda: save_draft(submission, form))
        return submission
    problems = commit_or_refuse(lambda: submit(submission, form))
    if problems:
        refuse_answers(
            "Some answers need attention. Everything sent is saved as a draft.", problems
        )
    return submission


@blp.route(f"/submissions/<{ID}:submission_id>/feedback", methods=["POST"])
@blp.arguments(ReviewSchema)
@blp.response(201, ReviewResultSchema)
def give_feedback(body: dict[str, Any], submission_id: int) -> Any:
    """Comment on handed-in homework; ``action`` also marks it reviewed or sends it back.

    The participant is told by email, as when the review page is used.
    """
    submission = get_or_404(Submission, submission_id, "review")
    note, action = body["comment"], body.get("action")

    def change() -> Any:
        if action == "reviewed":
            return review.mark_reviewed(submission, current_user, note)
        if action == "revision":
            return review.request_revision(submission, current_user, note)
        return review.comment(submission, current_user, note)

    feedback = commit_or_refuse(change)
    return {"submission_id": submission.id, "status": submission.status, "feedback": feedback}
