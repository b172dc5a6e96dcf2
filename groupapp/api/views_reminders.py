"""A participant's own reminders: list, add, read, change, remove (their own only)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_login import current_user
from flask_smorest import abort

from groupapp.api.auth import api_blueprint
from groupapp.api.changes import commit_or_refuse
from groupapp.api.schemas import ID, LocalTime, PageArgs, Text, page_of, page_schema
from groupapp.core.access import get_or_404
from groupapp.db import db
from groupapp.reminders import services
from groupapp.reminders.access import REMINDER_ROLES
from groupapp.reminders.models import MAX_TEXT, REMINDER_KINDS, OwnReminder

blp = api_blueprint("reminders", "Reminders participants set for themselves")

Range = ma.validate.Range


def _reminder_fields(required: bool) -> dict[str, ma.fields.Field]:
    """The fields a reminder is written with; all required to add, none to change."""
    return {
        "text": Text(MAX_TEXT, 1, required=required),
        "kind": ma.fields.String(
            required=required, validate=ma.validate.OneOf(list(REMINDER_KINDS))
        ),
        "local_time": LocalTime(
            required=required, metadata={"description": "on the caller's own clock"}
        ),
        "weekdays": ma.fields.List(
            ma.fields.Integer(validate=Range(min=0, max=6)),
            required=required,
            validate=ma.validate.Length(min=1, max=7),
            metadata={"description": "0 = Monday"},
        ),
        # Left out when changing, so a change without it keeps the choice.
        "in_calendar": ma.fields.Boolean(load_default=False) if required else ma.fields.Boolean(),
    }


ReminderSchema = ma.Schema.from_dict(
    {
        "id": ma.fields.Integer(required=True, dump_only=True),
        **_reminder_fields(required=True),
        "next_due_at": ma.fields.AwareDateTime(dump_only=True, allow_none=True),
    },
    name="ReminderSchema",
)
# What is left out of a change stays as it is.
ReminderChangeSchema = ma.Schema.from_dict(
    _reminder_fields(required=False), name="ReminderChangeSchema"
)


def _shown(reminder: OwnReminder) -> dict[str, Any]:
    return {
        "id": reminder.id,
        "text": reminder.text,
        "kind": reminder.kind,
        "local_time": reminder.local_time,
        "weekdays": list(reminder.weekday_numbers),
        "in_calendar": reminder.in_calendar,
        "next_due_at": reminder.next_due_at,
    }


def _require_participant() -> None:
    if current_user.role not in REMINDER_ROLES:
        abort(403, message="Own reminders are for participants.")


def _fields(body: dict[str, Any], current: OwnReminder | None = None) -> services.ReminderFields:
    def pick(name: str, default: Any) -> Any:
        return body.get(name, default)

    return services.ReminderFields(
        text=pick("text", current.text if current else ""),
        kind=pick("kind", current.kind if current else "practice"),
        local_time=pick("local_time", current.local_time if current else None),
        weekdays=tuple(pick("weekdays", current.weekday_numbers if current else ())),
        in_calendar=pick("in_calendar", current.in_calendar if current else False),
    )


def _own(reminder_id: int, action: str) -> OwnReminder:
    _require_participant()
    return get_or_404(OwnReminder, reminder_id, action)


@blp.route("/me/reminders", methods=["GET"])
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(ReminderSchema))
def list_reminders(args: dict[str, int]) -> Any:
    """The caller's own reminders, earliest time of day first."""
    _require_participant()
    return page_of([_shown(r) for r in services.reminders_of(current_user.id)], args)


@blp.route("/me/reminders", methods=["POST"])
@blp.arguments(ReminderSchema)
@blp.response(201, ReminderSchema)
def add_reminder(body: dict[str, Any]) -> Any:
    """Add a reminder at a local time on chosen weekdays (422 names the problem)."""
    _require_participant()
    reminder = commit_or_refuse(lambda: services.add_reminder(current_user, _fields(body)))
    return _shown(reminder)


@blp.route(f"/me/reminders/<{ID}:reminder_id>", methods=["GET"])
@blp.response(200, ReminderSchema)
def get_reminder(reminder_id: int) -> Any:
    """One of the caller's reminders."""
    return _shown(_own(reminder_id, "view"))


@blp.route(f"/me/reminders/<{ID}:reminder_id>", methods=["PATCH"])
@blp.arguments(ReminderChangeSchema)
@blp.response(200, ReminderSchema)
def change_reminder(body: dict[str, Any], reminder_id: int) -> Any:
    """Change some of a reminder's settings; its next time is worked out again."""
    reminder = _own(reminder_id, "edit")
    commit_or_refuse(lambda: services.change_reminder(reminder, _fields(body, reminder)))
    return _shown(reminder)


@blp.route(f"/me/reminders/<{ID}:reminder_id>", methods=["DELETE"])
@blp.response(204)
def delete_reminder(reminder_id: int) -> None:
    """Remove a reminder; nothing more is sent for it."""
    services.remove_reminder(_own(reminder_id, "delete"))
    db.session.commit()
