"""A person's data export made readable: the same facts as the JSON download, in words.

The export (``core.personal_data``) is machine-readable: ISO timestamps, snake_case keys
and statuses, scores as floats. ``readable`` turns it into what a person expects to read:
"Submitted: Tue 3 Mar 2026, 6:00 pm EST (America/New_York)", "Status: Reviewed",
"Total: 14". Free text the person typed is left exactly as it is.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import gettext

from groupapp.core.timezones import format_date, format_for_viewer
from groupapp.notifications.kinds import KIND_LABELS
from groupapp.privacy.labels import KNOWN_LABELS

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEEK = re.compile(r"^week-(\d{1,4})$")
_CODE = re.compile(r"^[a-z]+(_[a-z]+)*$")
# Keys whose values are the app's own codes ("revision_requested"), never typed text.
_CODED_KEYS = (
    "status",
    "kind",
    "role",
    "decision",
    "recovery",
    "category",
    "audience",
    "document",
    "received",
)
# Key endings that only say what sort of value follows ("submitted_at" -> "Submitted").
_SUFFIXES = ("_at", "_on")


def label_for(key: str) -> str:
    """``"meeting_starts_at"`` -> ``"Meeting starts"``; ``"risk_flags"`` -> ``"Risk flags"``;
    ``"what_i_did"`` -> ``"What I did"``."""
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    words = " ".join("I" if word == "i" else word for word in key.split("_") if word)
    return words[:1].upper() + words[1:] if words else key


def _shown(label: str) -> str:
    """``label`` in the language being rendered where it is one of the app's own words."""
    return gettext(label) if label in KNOWN_LABELS else label


def _is_coded(key: str | None) -> bool:
    return key is not None and any(key == k or key.endswith("_" + k) for k in _CODED_KEYS)


def _when(text: str, zone: str) -> str | None:
    """An ISO date or date-time string in words in ``zone``, or None if it is not one."""
    try:
        if _DATETIME.match(text):
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)  # the app stores UTC
            return format_for_viewer(moment, zone)
        if _DATE.match(text):
            day = date.fromisoformat(text)
            # A calendar day has no zone: show it as the day it names.
            return format_date(datetime(day.year, day.month, day.day, 12, tzinfo=UTC), "UTC")
    except ValueError:
        return None
    return None


def _occasion(key: str) -> str | None:
    """A check-in's occurrence key ("baseline", "week-4", "end") in words, else None.

    A meeting's key names no date here, so it stays as it is."""
    if key == "baseline":
        return gettext("Baseline")
    if key == "end":
        return gettext("End of the group")
    week = _WEEK.match(key)
    return gettext("Week %(number)s", number=int(week.group(1))) if week else None


def readable(value: Any, zone: str, key: str | None = None) -> Any:
    """``value`` (nested dicts, lists, plain values) with readable keys and values.

    Dict keys become labels; ISO dates and times become words in ``zone`` (an IANA name);
    whole-number floats lose their ".0"; codes under status-like keys become words;
    everything else (and all text a person typed) is returned unchanged.
    """
    if isinstance(value, dict):
        return {_shown(label_for(str(k))): readable(v, zone, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [readable(item, zone, key) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        when = _when(value, zone)
        if when is not None:
            return when
        if key == "occurrence" and (occasion := _occasion(value)) is not None:
            return occasion
        if key == "from" and value == "you":
            return gettext("you")  # the person's own messages, as the export marks them
        if key == "kind" and value in KIND_LABELS:
            return gettext(KIND_LABELS[value])  # the outbox's message kinds, in words
        if _is_coded(key) and _CODE.match(value):
            return _shown(label_for(value))
    return value
