"""Form support for a local date and time: every such form field resolves through one rule.

A form with a date field and a time field in some zone adds a ``LocalOffsetField``
(hidden) and validates the time with ``check_local``, which applies
``groupapp.core.timezones.resolve_local``: a time the clocks skip is a field error
with the helper's message; a time that happens twice means the first one, and the
form keeps the sentence saying so for the view to show. Prefilling goes through
``fill_local`` so the form always accepts the value it showed, including the second
of two identical clock readings (the hidden field carries the offset it showed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from wtforms import DateField, HiddenField, TimeField
from wtforms.validators import ValidationError

from groupapp.core.timezones import (
    LocalTimeError,
    fold_notice,
    in_range,
    prefill,
    range_message,
    resolve_local,
    to_local,
)

__all__ = [
    "LocalChoice",
    "LocalDateField",
    "LocalOffsetField",
    "check_local",
    "choose_local",
    "fill_local",
    "shown_value",
]


class LocalDateField(DateField):
    """A date a person types, refused outside ``EARLIEST_DAY`` .. ``LATEST_DAY``.

    The message names the field by its label and says the range; what was typed stays in
    the form.
    """

    def pre_validate(self, form: object) -> None:
        """Refuse a parsed date outside the range (WTForms keeps the raw text to show)."""
        if isinstance(self.data, date) and not in_range(self.data):
            raise ValidationError(range_message(str(self.label.text)))


class LocalOffsetField(HiddenField):
    """The prefilled wall clock with its UTC offset, as ISO 8601 ("2026-11-01T01:30-05:00").

    Only when the date and time sent back are the ones prefilled does the offset pick
    which of two identical clock readings is meant; a time typed anew follows the rule.
    """

    def offset_for(self, day: date, at: time) -> timedelta | None:
        """The offset the form showed for ``day`` at ``at``, or ``None``."""
        raw = self.data.strip() if isinstance(self.data, str) else ""
        try:
            shown = datetime.fromisoformat(raw)
        except ValueError:
            return None
        if shown.tzinfo is None or shown.replace(tzinfo=None) != datetime.combine(day, at):
            return None
        return shown.utcoffset()


@dataclass(frozen=True)
class LocalChoice:
    """A resolved local date and time: the UTC instant, and a sentence when it was ambiguous."""

    instant: datetime
    notice: str | None = None


def choose_local(day: date, at: time, zone: str, offset: timedelta | None = None) -> LocalChoice:
    """Resolve ``day`` at ``at`` in ``zone`` by the one rule (``resolve_local``).

    Raises ``NonexistentLocalTime`` (a ``Refusal`` with the person's message) for a
    time the clocks skip.
    """
    instant = resolve_local(day, at, zone, offset=offset)
    return LocalChoice(instant, fold_notice(day, at, zone, instant))


def check_local(
    day_field: DateField, time_field: TimeField, zone: str, offset_field: LocalOffsetField
) -> LocalChoice | None:
    """Validate a date and time pair; ``None`` while either is missing or out of range.

    Raises ``ValidationError`` carrying the helper's message, so calling it from a
    WTForms ``validate_<field>`` method puts the message on that field.
    """
    if not (day_field.data and time_field.data) or not in_range(day_field.data):
        return None  # a missing date or time, or one the date field refuses itself
    try:
        offset = offset_field.offset_for(day_field.data, time_field.data)
        return choose_local(day_field.data, time_field.data, zone, offset)
    except LocalTimeError as exc:
        raise ValidationError(str(exc)) from exc


def fill_local(
    day_field: DateField,
    time_field: TimeField,
    offset_field: LocalOffsetField,
    instant: datetime,
    zone: str,
) -> None:
    """Prefill the three fields with ``instant`` as ``zone``'s wall clock shows it."""
    shown = prefill(instant, zone)
    day_field.data = shown.day
    time_field.data = shown.at
    offset_field.data = shown_value(instant, zone)


def shown_value(instant: datetime, zone: str) -> str:
    """What ``LocalOffsetField`` carries for ``instant``: ``"2026-11-01T01:30-05:00"``."""
    local = to_local(instant, zone)
    # A fixed offset, so the second of two identical clock readings keeps its own.
    fixed = local.replace(tzinfo=timezone(local.utcoffset() or timedelta(0)), fold=0)
    return fixed.isoformat(timespec="minutes")
