"""The own-reminder form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TimeField,
)
from wtforms.validators import InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from groupapp.core.text import single_line
from groupapp.meetings.recurrence import WEEKDAY_NAMES
from groupapp.reminders.models import MAX_TEXT, REMINDER_KINDS


class ReminderForm(FlaskForm):
    text = StringField(
        "What should it say?",
        validators=[
            InputRequired(message="Write what the reminder should say."),
            Length(max=MAX_TEXT),
        ],
        description="For example: notice one moment you said yes and meant no.",
        filters=[single_line],
    )
    kind = SelectField(
        "Kind of reminder", choices=[SelectChoice(k, v) for k, v in REMINDER_KINDS.items()]
    )
    local_time = TimeField(
        "At (your time)",
        validators=[InputRequired(message="Give a time of day, for example 08:30.")],
        description=(
            "On your own clock. On a day the clocks skip this time, the reminder comes "
            "later by the change."
        ),
    )
    weekdays = SelectMultipleField(
        "On",
        coerce=int,
        choices=[SelectChoice(day, name) for day, name in enumerate(WEEKDAY_NAMES)],
        validators=[InputRequired(message="Choose at least one weekday.")],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )
    in_calendar = BooleanField("Show it in my calendar feed")
