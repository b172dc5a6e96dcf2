"""What the cohort endpoints read and write."""

from __future__ import annotations

import marshmallow as ma

from groupapp.api.schemas import Day, Id, IdOf, LocalTime, Text, usable
from groupapp.cohorts.meeting_services import weekdays_of
from groupapp.cohorts.models import COHORT_STATUSES
from groupapp.cohorts.services import video_link_problem
from groupapp.core.i18n import DEFAULT_LOCALE, SUPPORTED_LOCALES
from groupapp.core.timezones import is_valid_zone
from groupapp.programs.models import Program

Range = ma.validate.Range


def _video_link(value: str) -> None:
    if value:
        ma.validate.URL(require_tld=False, schemes={"http", "https"})(value)
    problem = video_link_problem(value)
    if problem:
        raise ma.ValidationError(problem)


def _zone(value: str) -> None:
    if not is_valid_zone(value):
        raise ma.ValidationError("Not an IANA time zone, e.g. Europe/London.")


class WeekdayList(ma.fields.List):
    """Weekdays stored as "1,3", shown as [1, 3]."""

    def _serialize(self, value, attr, obj, **kwargs):  # type: ignore[no-untyped-def]
        return list(weekdays_of(obj))


class CohortChangeSchema(ma.Schema):
    """The settings a facilitator may change after creating a cohort (all optional)."""

    name = Text(200, 1)
    description = Text(4000, multiline=True)
    capacity = ma.fields.Integer(validate=Range(min=1, max=200))
    location = Text(300)
    video_url = ma.fields.String(validate=[ma.validate.Length(max=500), _video_link])
    status = ma.fields.String(validate=ma.validate.OneOf(COHORT_STATUSES))
    absence_threshold = ma.fields.Integer(
        validate=Range(min=0, max=20), metadata={"description": "0 turns the flag off"}
    )
    lead_id = Id(metadata={"description": "lead facilitator (default: the caller)"})
    co_facilitator_ids = ma.fields.List(Id(), validate=ma.validate.Length(max=20))


class CohortCreateSchema(CohortChangeSchema):
    """A new cohort and the recurrence its meetings are generated from."""

    program_id = IdOf(usable(Program, "use"), "program", required=True)
    name = Text(200, 1, required=True)
    start_date = Day(required=True)
    weekdays = ma.fields.List(
        ma.fields.Integer(validate=Range(min=0, max=6)),
        required=True,
        validate=ma.validate.Length(min=1, max=7),
        metadata={"description": "0 = Monday"},
    )
    local_time = LocalTime(required=True)
    duration_minutes = ma.fields.Integer(required=True, validate=Range(min=15, max=480))
    timezone = ma.fields.String(required=True, validate=[ma.validate.Length(max=64), _zone])
    weeks = ma.fields.Integer(validate=Range(min=1, max=104))
    interval_weeks = ma.fields.Integer(validate=ma.validate.OneOf((1, 2)))


class CohortSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    program_id = ma.fields.Integer(allow_none=True)
    name = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    status = ma.fields.String(required=True)
    start_date = ma.fields.Date(allow_none=True)
    weekdays = WeekdayList(
        ma.fields.Integer(), required=True, metadata={"description": "0 = Monday"}
    )
    local_time = LocalTime(attribute="start_time", required=True)
    duration_minutes = ma.fields.Integer(required=True)
    timezone = ma.fields.String(required=True)
    weeks = ma.fields.Integer(required=True)
    interval_weeks = ma.fields.Integer(required=True)
    capacity = ma.fields.Integer(required=True)
    location = ma.fields.String(required=True)
    video_url = ma.fields.String(required=True)
    absence_threshold = ma.fields.Integer(required=True)


class MemberSchema(ma.Schema):
    id = ma.fields.Integer(required=True, metadata={"description": "the membership"})
    user_id = ma.fields.Integer(required=True)
    display_name = ma.fields.String(attribute="user.display_name", required=True)
    email = ma.fields.String(attribute="user.email", required=True)
    status = ma.fields.String(required=True)
    joined_on = ma.fields.Date(allow_none=True)
    exited_on = ma.fields.Date(allow_none=True)


class InviteSchema(ma.Schema):
    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=254))
    locale = ma.fields.String(
        load_default=DEFAULT_LOCALE,
        validate=ma.validate.OneOf(SUPPORTED_LOCALES),
        metadata={
            "description": "the invitee's language: the email and the accept page are in it "
            f"({', '.join(SUPPORTED_LOCALES)}; default {DEFAULT_LOCALE})"
        },
    )


class InvitationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True)
    role = ma.fields.String(required=True)
    cohort_id = ma.fields.Integer(allow_none=True)
    locale = ma.fields.String(required=True)
    expires_at = ma.fields.AwareDateTime(required=True)
