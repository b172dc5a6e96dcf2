"""Cohorts: list, create, read, change; their members and invitations."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask_login import current_user

from groupapp.accounts import throttle
from groupapp.api.auth import api_blueprint, require_staff
from groupapp.api.changes import commit_or_refuse, refuse_unavailable
from groupapp.api.cohort_schemas import (
    CohortChangeSchema,
    CohortCreateSchema,
    CohortSchema,
    InvitationSchema,
    InviteSchema,
    MemberSchema,
)
from groupapp.api.schemas import ID, PageArgs, page_of, page_query, page_schema
from groupapp.cohorts import queries, services
from groupapp.cohorts.access import visible_cohorts_query
from groupapp.cohorts.models import Cohort
from groupapp.core.access import check
from groupapp.extensions import limiter
from groupapp.programs.models import Program

blp = api_blueprint("cohorts", "Cohorts, their members and invitations")


def load_cohort(cohort_id: int, action: str = "view") -> Cohort:
    """The cohort with its people loaded, after the same access check as the pages."""
    return check(queries.cohort_page(cohort_id), action)


@blp.route("/cohorts", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(CohortSchema))
def list_cohorts(args: dict[str, int]) -> Any:
    """Cohorts the caller manages (staff) or belongs to (participants), newest first."""
    query = visible_cohorts_query(current_user).order_by(Cohort.start_date.desc(), Cohort.id)
    return page_query(query, args)


@blp.route("/cohorts", methods=["POST"])
@blp.arguments(CohortCreateSchema)
@blp.response(201, CohortSchema)
def create_cohort(body: dict[str, Any]) -> Any:
    """Create a cohort following one of the organisation's programs; meetings are generated."""
    require_staff("Creating cohorts")
    refuse_unavailable()
    program: Program = body["program_id"]  # one the caller may use (the schema's look-up)
    settings = services.CohortSettings(
        name=body["name"],
        description=body.get("description", ""),
        capacity=body.get("capacity", 10),
        start_date=body["start_date"],
        weekdays=tuple(body["weekdays"]),
        start_time=body["local_time"],
        duration_minutes=body["duration_minutes"],
        timezone=body["timezone"],
        weeks=body.get("weeks", program.weeks),
        interval_weeks=body.get("interval_weeks", 1),
        location=body.get("location", ""),
        video_url=body.get("video_url", ""),
        status=body.get("status", "draft"),
        absence_threshold=body.get("absence_threshold", 2),
        lead_id=body.get("lead_id", current_user.id),
        co_facilitator_ids=tuple(body.get("co_facilitator_ids", ())),
    )
    return commit_or_refuse(lambda: services.create_cohort(program, settings, current_user))


@blp.route(f"/cohorts/<{ID}:cohort_id>", methods=["GET"])
@blp.response(200, CohortSchema)
def get_cohort(cohort_id: int) -> Any:
    """One cohort (its members and facilitators see it)."""
    return load_cohort(cohort_id)


@blp.route(f"/cohorts/<{ID}:cohort_id>", methods=["PATCH"])
@blp.arguments(CohortChangeSchema)
@blp.response(200, CohortSchema)
def update_cohort(body: dict[str, Any], cohort_id: int) -> Any:
    """Change a cohort's details; a larger capacity moves people up from the waitlist."""
    cohort = load_cohort(cohort_id, "edit")
    changes: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in body.items()}
    settings = dataclasses.replace(services.settings_of(cohort), **changes)
    commit_or_refuse(lambda: services.update_cohort(cohort, settings))
    return cohort


@blp.route(f"/cohorts/<{ID}:cohort_id>/members", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(MemberSchema))
def list_members(args: dict[str, int], cohort_id: int) -> Any:
    """Everyone with a membership row (invited, active, waitlisted, left...), by name."""
    cohort = load_cohort(cohort_id, "manage")
    members = sorted(cohort.memberships, key=lambda m: (m.user.display_name.lower(), m.id))
    return page_of(members, args)


@blp.route(f"/cohorts/<{ID}:cohort_id>/invitations", methods=["POST"])
@limiter.limit(throttle.PER_USER_INVITES, key_func=throttle.inviter_key)
@blp.arguments(InviteSchema)
@blp.response(201, InvitationSchema)
def invite_member(body: dict[str, Any], cohort_id: int) -> Any:
    """Invite a participant by email; someone with an account gets the cohort added."""
    cohort = load_cohort(cohort_id, "invite")
    return commit_or_refuse(
        lambda: services.invite(cohort, body["email"], current_user, locale=body["locale"])
    )
