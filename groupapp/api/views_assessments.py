"""Check-ins: the caller's open questionnaire windows."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_login import current_user

from groupapp.api.auth import api_blueprint
from groupapp.api.schemas import PageArgs, page_of, page_schema
from groupapp.assessments import checkins

blp = api_blueprint("assessments", "Check-ins and questionnaire scores")


class CheckinSchema(ma.Schema):
    id = ma.fields.Method(
        "_id",
        required=True,
        metadata={"type": "string", "description": "<schedule id>.<occurrence key>"},
    )
    schedule_id = ma.fields.Integer(attribute="schedule.id", required=True)
    occurrence_key = ma.fields.String(attribute="occurrence.key", required=True)
    label = ma.fields.String(attribute="occurrence.label", required=True)
    cohort_id = ma.fields.Integer(attribute="schedule.cohort_id", required=True)
    instrument_id = ma.fields.Integer(attribute="schedule.instrument_id", required=True)
    opens_at = ma.fields.AwareDateTime(required=True)
    closes_at = ma.fields.AwareDateTime(required=True)
    started = ma.fields.Method("_started", required=True, metadata={"type": "boolean"})

    def _id(self, checkin: checkins.Checkin) -> str:
        return f"{checkin.schedule.id}.{checkin.occurrence.key}"

    def _started(self, checkin: checkins.Checkin) -> bool:
        return checkin.response is not None


@blp.route("/me/checkins", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(CheckinSchema))
def my_checkins(args: dict[str, int]) -> Any:
    """The caller's check-ins open now and not yet submitted, as on their start page."""
    return page_of(checkins.due_now(current_user), args)
