"""Forms for notification preferences and the outbox page."""

from __future__ import annotations

from datetime import time

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.validators import InputRequired, NumberRange

from groupapp.core.text import single_line
from groupapp.core.timezones import format_clock, weekday_names
from groupapp.notifications.kinds import Category

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _hour_label(hour: int) -> str:
    return f"{hour % 12 or 12}:00 {'am' if hour < 12 else 'pm'}"


class PreferencesForm(FlaskForm):
    receive = SelectMultipleField(
        _l("Emails I want"),
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
        validate_choice=True,
    )
    digest_day = SelectField(
        _l("Weekly digest day"),
        coerce=int,
        choices=[SelectChoice(i, day) for i, day in enumerate(DAYS)],
    )
    digest_hour = SelectField(
        _l("Weekly digest time (your time zone)"),
        coerce=int,
        choices=[SelectChoice(h, _hour_label(h)) for h in range(24)],
    )
    save = SubmitField("Save")

    def offer(self, categories: list[Category]) -> None:
        """Fill the choices in the language being rendered."""
        self.receive.choices = [SelectChoice(c.key, gettext(c.label)) for c in categories]
        self.digest_day.choices = [SelectChoice(i, day) for i, day in enumerate(weekday_names())]
        self.digest_hour.choices = [SelectChoice(h, format_clock(time(h))) for h in range(24)]


class FilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    status = SelectField("Status", default="")
    kind = SelectField("Kind", default="")


class CohortTimingsForm(FlaskForm):
    reminder_hours = StringField(
        "Meeting reminders, hours before",
        description="For example 24, 1. Leave empty for no reminders.",
        filters=[single_line],
    )
    overdue_days = StringField(
        "Overdue homework nudges, days after the due time",
        description="For example 1, 3. Leave empty for no nudges.",
        filters=[single_line],
    )
    escalation_minutes = IntegerField(
        "Tell the organisation's admins about an unacknowledged alert after (minutes)",
        validators=[InputRequired(), NumberRange(min=5, max=1440)],
    )
    save = SubmitField("Save")
