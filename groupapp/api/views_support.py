"""A support person: the participant invites, chooses, revokes and reads the log; the
support person reads what they were shown (every read logged for the participant)."""

from __future__ import annotations

from typing import Any, NoReturn

import marshmallow as ma
from flask_login import current_user
from flask_smorest import abort

from groupapp.api.auth import api_blueprint
from groupapp.api.changes import commit_or_refuse
from groupapp.api.schemas import ID, Id, PageArgs, page_of, page_schema
from groupapp.core.access import get_or_404
from groupapp.db import db
from groupapp.support import services
from groupapp.support.models import SUPPORTER_ROLE, SupportLink

blp = api_blueprint("support", "A participant's support person and what they see")


class SupportLinkSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    email = ma.fields.String(required=True)
    accepted_at = ma.fields.AwareDateTime(allow_none=True)
    sees_schedule = ma.fields.Boolean(required=True)
    sees_homework = ma.fields.Boolean(required=True)
    homework_ids = ma.fields.List(
        ma.fields.Integer(), attribute="shared_submission_ids", required=True
    )


class SupportInviteSchema(ma.Schema):
    email = ma.fields.Email(required=True, validate=ma.validate.Length(max=254))


class SupportChoicesSchema(ma.Schema):
    schedule = ma.fields.Boolean(required=True)
    homework = ma.fields.Boolean(
        load_default=True,
        metadata={"description": "Optional; false shares no homework whatever homework_ids says."},
    )
    homework_ids = ma.fields.List(Id(), load_default=list, validate=ma.validate.Length(max=500))


class SupportViewSchema(ma.Schema):
    what = ma.fields.String(required=True)
    submission_id = ma.fields.Integer(allow_none=True)
    viewed_at = ma.fields.AwareDateTime(required=True)


class MeetingShownSchema(ma.Schema):
    starts_at = ma.fields.AwareDateTime(required=True)
    cohort_name = ma.fields.String(required=True)
    topic = ma.fields.String(required=True)
    cancelled = ma.fields.Boolean(required=True)


class HomeworkShownSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    answers = ma.fields.Dict(required=False)


class SupportedSchema(ma.Schema):
    link_id = ma.fields.Integer(required=True)
    participant = ma.fields.String(required=True)
    schedule = ma.fields.List(ma.fields.Nested(MeetingShownSchema), allow_none=True)
    homework = ma.fields.List(ma.fields.Nested(HomeworkShownSchema), allow_none=True)


def _refuse(status: int, message: str = "") -> NoReturn:
    abort(status, message=message or None)
    raise AssertionError("abort raises")  # pragma: no cover


def _participant() -> None:
    if current_user.role != "participant":
        abort(403, message="A support person is invited by a participant.")


def _live_link() -> SupportLink:
    _participant()
    link = services.live_link_of(current_user.id)
    if link is None:
        _refuse(404, "You have no support person; invite one first.")
    return link


@blp.route("/me/support-person", methods=["GET"])
@blp.response(200, SupportLinkSchema)
def get_support_person() -> Any:
    """One's support person and what they see (404 when there is none)."""
    return _live_link()


@blp.route("/me/support-person", methods=["POST"])
@blp.arguments(SupportInviteSchema)
@blp.response(201, SupportLinkSchema)
def invite_support_person(body: dict[str, Any]) -> Any:
    """Invite one support person by email; 422 says why not (one already, own address)."""
    _participant()
    return commit_or_refuse(lambda: services.invite_support_person(current_user, body["email"]))


@blp.route("/me/support-person/choices", methods=["PUT"])
@blp.arguments(SupportChoicesSchema)
@blp.response(200, SupportLinkSchema)
def choose_what_they_see(body: dict[str, Any]) -> Any:
    """Choose what they see: the schedule, and exactly the handed-in ``homework_ids``
    (none listed, or ``homework`` false, shares no homework)."""
    link = _live_link()
    return commit_or_refuse(
        lambda: services.choose(
            link,
            schedule=body["schedule"],
            submission_ids=body["homework_ids"] if body["homework"] else [],
        )
    )


@blp.route("/me/support-person", methods=["DELETE"])
@blp.response(204)
def revoke_support_person() -> None:
    """Revoke access now: their sessions and tokens end."""
    services.revoke(_live_link())
    db.session.commit()


@blp.route("/me/support-person/views", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(SupportViewSchema))
def support_views(args: dict[str, int]) -> Any:
    """What one's support people opened, and when, newest first."""
    _participant()
    return page_of(services.view_log(current_user.id), args)


def _supporter() -> None:
    if current_user.role != SUPPORTER_ROLE:
        abort(403, message="For support people only.")


@blp.route("/supporting", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(SupportedSchema))
def supporting(args: dict[str, int]) -> Any:
    """Each person one supports, with what they chose to show (each read is logged)."""
    _supporter()
    items = []
    for link in services.links_supported_by(current_user.id):
        item: dict[str, Any] = {"link_id": link.id, "participant": link.participant.display_name}
        if link.sees_schedule:
            item["schedule"] = services.schedule_for(link)
            services.record_view(link, "schedule")
        if link.sees_homework:
            item["homework"] = [
                {"id": s.id, "title": s.assignment.title} for s in services.shared_homework(link)
            ]
            services.record_view(link, "homework")
        items.append(item)
    db.session.commit()
    return page_of(items, args)


@blp.route(f"/supporting/<{ID}:link_id>/homework/<{ID}:submission_id>", methods=["GET"])
@blp.response(200, HomeworkShownSchema)
def supporting_homework(link_id: int, submission_id: int) -> Any:
    """One piece of homework shared with the caller, with its answers (logged)."""
    _supporter()
    link = get_or_404(SupportLink, link_id, "read_shared")
    found = services.open_shared_homework(link, submission_id)
    if found is None:
        _refuse(404)
    db.session.commit()
    return {"id": found.id, "title": found.assignment.title, "answers": found.answers}
