"""Meeting feedback: members see what they can answer and answer it; the meeting's
staff read the anonymous summary (the pages' rules, ``groupapp.feedback``)."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user

from groupapp.api.auth import api_blueprint
from groupapp.api.feedback_schemas import (
    MeetingFeedbackRequestSchema,
    MeetingFeedbackSchema,
    MeetingFeedbackSummarySchema,
    MeetingFeedbackWriteSchema,
)
from groupapp.api.schemas import ID, PageArgs, page_of, page_schema
from groupapp.core.access import get_or_404
from groupapp.db import db
from groupapp.feedback.services import FeedbackInput, open_meeting, open_requests, save_answer
from groupapp.feedback.summary import meeting_summary
from groupapp.meetings.models import Meeting

blp = api_blueprint("feedback", "Members' feedback after each meeting, anonymous to staff")


@blp.route("/me/feedback-requests", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(MeetingFeedbackRequestSchema))
def my_requests(args: dict[str, int]) -> Any:
    """Meetings the caller can still give feedback on (48 hours after each ends)."""
    return page_of(open_requests(current_user.id), args)


@blp.route(f"/meetings/<{ID}:meeting_id>/feedback", methods=["PUT"])
@blp.arguments(MeetingFeedbackWriteSchema)
@blp.response(200, MeetingFeedbackSchema)
def answer(body: dict[str, Any], meeting_id: int) -> Any:
    """Give (or change) one's feedback while its window is open; 404 otherwise."""
    meeting = open_meeting(current_user, meeting_id)
    if meeting is None:
        abort(404)
    row = save_answer(meeting, current_user, FeedbackInput(**body))
    db.session.commit()
    return row


@blp.route(f"/meetings/<{ID}:meeting_id>/feedback-summary", methods=["GET"])
@blp.response(200, MeetingFeedbackSummarySchema)
def summary(meeting_id: int) -> Any:
    """The meeting's anonymous feedback for the cohort's staff."""
    meeting = get_or_404(Meeting, meeting_id, "edit")  # staff of its cohort
    found = meeting_summary(meeting)
    return {**found.__dict__, "shown": found.shown, "overall": found.overall}
