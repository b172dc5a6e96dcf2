"""Meeting forms: topic, notes, schedule changes, apologies."""

from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from groupapp.core.timezones import is_nonexistent


class TopicForm(FlaskForm):
    topic = StringField("Topic", validators=[InputRequired(), Length(max=200)])


class NotesForm(FlaskForm):
    notes = TextAreaField(
        "Private notes",
        validators=[Length(max=20000)],
        description="Only this cohort's facilitators and your organisation's admins see these.",
    )


class ScheduleForm(FlaskForm):
    """A local date and time in the cohort's zone (set ``zone`` before validating)."""

    zone = "UTC"

    on = DateField("Date", validators=[InputRequired()])
    at = TimeField("Local start time", validators=[InputRequired()])
    duration_minutes = IntegerField(
        "Length (minutes)", validators=[InputRequired(), NumberRange(min=15, max=480)]
    )

    def validate_at(self, field: TimeField) -> None:
        """Refuse a wall-clock time the clocks skip that day, rather than shift it silently."""
        if not (self.on.data and field.data):
            return
        if is_nonexistent(datetime.combine(self.on.data, field.data), self.zone):
            raise ValidationError(
                f"Clocks go forward over this time on that day in {self.zone}; "
                "choose a time an hour later or earlier."
            )


class ExtraMeetingForm(ScheduleForm):
    topic = StringField("Topic", validators=[InputRequired(), Length(max=200)])


class CancelForm(FlaskForm):
    reason = TextAreaField(
        "Reason members will read", validators=[InputRequired(), Length(max=1000)]
    )


class ExtendForm(FlaskForm):
    weeks = IntegerField(
        "Add this many meeting weeks",
        default=1,
        validators=[InputRequired(), NumberRange(min=1, max=52)],
    )


class ApologyForm(FlaskForm):
    comment = TextAreaField(
        "Message for the facilitators (optional)", validators=[Optional(), Length(max=500)]
    )
