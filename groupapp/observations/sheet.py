"""What the after-meeting screen (and its API) submits, checked before anything is saved.

A sheet is the group note plus, per member, an attendance status, a private note and
observation ratings. Parsing never drops what was typed: every value is kept in the
``SheetInput`` and every problem is named with the member and the field, so the page can
show the whole sheet again with the problems listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from groupapp.assessments.builtin import observation_instrument
from groupapp.assessments.instrument_model import Instrument, Number
from groupapp.assessments.scoring import AnswerError, parse_answer
from groupapp.core.text import multi_line
from groupapp.meetings.attendance_stats import STATUSES

GROUP_FIELDS = {
    "covered": "What was covered",
    "themes": "Themes",
    "follow_up": "Anything to follow up",
}
MAX_GROUP_TEXT = 5000
MAX_NOTE = 2000
# A member marked so was not there to be observed: they get no ratings.
NOT_PRESENT = ("absent", "excused")


@dataclass
class MemberInput:
    """One member's part of the sheet, as typed (ratings already checked as options)."""

    status: str = ""
    note: str = ""
    ratings: dict[str, Number] = field(default_factory=dict)
    raw_ratings: dict[str, str] = field(default_factory=dict)  # as typed, for redisplay


@dataclass
class SheetInput:
    """The whole sheet as typed; ``problems`` pairs an input name with a message."""

    group: dict[str, str] = field(default_factory=dict)
    members: dict[int, MemberInput] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)


def rating_name(user_id: int, item_id: str) -> str:
    """The form input (and problem target) of one rating."""
    return f"rate-{user_id}-{item_id}"


def read_form(
    form: Mapping[str, Any],
    members: Mapping[int, str],
    stored: Mapping[int, str] | None = None,
    instrument: Instrument | None = None,
) -> SheetInput:
    """The sheet from the screen's form: ``members`` maps each member's id to their name,
    ``stored`` to the attendance already recorded (used where none is posted, so a member
    marked absent is never rated)."""
    scale = instrument or observation_instrument()
    typed = SheetInput(group={key: str(form.get(key, "")) for key in GROUP_FIELDS})
    for user_id in members:
        if not any(key in form for key in _member_keys(user_id, scale)):
            continue  # not on the posted form (a member who joined since it was opened)
        member = MemberInput(
            status=str(form.get(f"status-{user_id}", "")) or (stored or {}).get(user_id, ""),
            note=str(form.get(f"note-{user_id}", "")),
        )
        for item in scale.items:
            raw = str(form.get(rating_name(user_id, item.id), "")).strip()
            if raw:
                member.raw_ratings[item.id] = raw
        typed.members[user_id] = member
    _check(typed, members, scale)
    return typed


def _member_keys(user_id: int, scale: Instrument) -> list[str]:
    keys = [f"status-{user_id}", f"note-{user_id}"]
    return keys + [rating_name(user_id, item.id) for item in scale.items]


def read_json(
    body: Mapping[str, Any],
    members: Mapping[int, str],
    stored: Mapping[int, str] | None = None,
    instrument: Instrument | None = None,
) -> SheetInput:
    """The sheet from the API's JSON body (already shaped by its schema): ``group_note``
    and ``members`` (``user_id``, ``attendance``, ``note``, ``ratings``); ``stored`` as
    for ``read_form``."""
    scale = instrument or observation_instrument()
    group = body.get("group_note") or {}
    typed = SheetInput(group={key: str(group.get(key) or "") for key in GROUP_FIELDS})
    for index, entry in enumerate(body.get("members") or []):
        user_id = entry["user_id"]
        if user_id not in members:
            typed.problems.append(
                (f"members.{index}.user_id", "not a member of this meeting's cohort")
            )
            continue
        typed.members[user_id] = MemberInput(
            status=entry.get("attendance") or (stored or {}).get(user_id, ""),
            note=entry.get("note") or "",
            raw_ratings={str(k): _as_text(v) for k, v in (entry.get("ratings") or {}).items()},
        )
    _check(typed, members, scale)
    return typed


def _as_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return repr(value)
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _check(typed: SheetInput, members: Mapping[int, str], scale: Instrument) -> None:
    for key, label in GROUP_FIELDS.items():
        typed.group[key] = multi_line(typed.group[key]).strip()
        if len(typed.group[key]) > MAX_GROUP_TEXT:
            typed.problems.append((key, f"{label}: at most {MAX_GROUP_TEXT} characters"))
    known = {item.id: item for item in scale.items}
    for user_id, member in typed.members.items():
        name = members[user_id]
        member.note = multi_line(member.note).strip()
        if member.status and member.status not in STATUSES:
            typed.problems.append(
                (f"status-{user_id}", f"{name}: choose present, late, absent or excused")
            )
        if len(member.note) > MAX_NOTE:
            typed.problems.append(
                (f"note-{user_id}", f"{name}: a note has at most {MAX_NOTE} characters")
            )
        for item_id, raw in member.raw_ratings.items():
            item = known.get(item_id)
            if item is None:
                typed.problems.append((rating_name(user_id, item_id), f"{name}: no such item"))
                continue
            try:
                member.ratings[item_id] = parse_answer(item, raw)
            except AnswerError:
                typed.problems.append(
                    (rating_name(user_id, item_id), f"{name}: choose one of the ratings shown")
                )
        if member.ratings and member.status in NOT_PRESENT:
            first = next(iter(member.ratings))
            typed.problems.append(
                (
                    rating_name(user_id, first),
                    f"{name} is marked {member.status}: rate only members who were there, "
                    "or change their attendance",
                )
            )
