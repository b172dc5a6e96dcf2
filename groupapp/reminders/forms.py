"""The own-reminder form."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
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
from groupapp.core.timezones import weekday_names
from groupapp.reminders.models import MAX_TEXT, REMINDER_KINDS


class ReminderForm(FlaskForm):
    text = StringField(
        _l("What should it say?"),
        validators=[
            InputRequired(message=_l("Write what the reminder should say.")),
            Length(max=MAX_TEXT),
        ],
        description=_l("For example: notice one moment you said yes and meant no."),
        filters=[single_line],
    )
    kind = SelectField(_l("Kind of reminder"))
    local_time = TimeField(
        _l("At (your time)"),
        validators=[InputRequired(message=_l("Give a time of day, for example 08:30."))],
        description=_l(
            "On your own clock. On a day the clocks skip this time, the reminder comes "
            "later by the change."
        ),
    )
    weekdays = SelectMultipleField(
        _l("On"),
        coerce=int,
        validators=[InputRequired(message=_l("Choose at least one weekday."))],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )
    in_calendar = BooleanField(_l("Show it in my calendar feed"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """The form with its kinds and weekdays named in the language being rendered."""
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(k, gettext(v)) for k, v in REMINDER_KINDS.items()]
        self.weekdays.choices = [
            SelectChoice(day, name) for day, name in enumerate(weekday_names())
        ]
