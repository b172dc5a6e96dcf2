"""Forms of the assessments pages (CSRF on every one)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from groupapp.assessments.schedules import (
    EVERY_WEEKS_RANGE,
    WINDOW_AFTER_RANGE,
    WINDOW_BEFORE_RANGE,
)


class UploadInstrumentForm(FlaskForm):
    file = FileField(
        "Instrument file (YAML or JSON)",
        validators=[FileRequired(), FileAllowed(["yaml", "yml", "json"], "A .yaml or .json file")],
        description="The format is described in the instrument file documentation.",
    )


class ScheduleForm(FlaskForm):
    instrument_id = SelectField("Questionnaire", coerce=int)
    at_baseline = BooleanField("At baseline (when each member joins)", default=True)
    every_weeks = IntegerField(
        "Every N weeks (leave empty for none)",
        validators=[Optional(), NumberRange(*EVERY_WEEKS_RANGE)],
    )
    meeting_ids = SelectMultipleField("At these meetings", coerce=int, validators=[Optional()])
    at_end = BooleanField("At the end (the last meeting)", default=True)
    window_before_days = IntegerField(
        "Opens this many days before its date",
        default=2,
        validators=[NumberRange(*WINDOW_BEFORE_RANGE)],
    )
    window_after_days = IntegerField(
        "Stays open this many days after its date",
        default=5,
        validators=[NumberRange(*WINDOW_AFTER_RANGE)],
    )


class CheckinForm(FlaskForm):
    """Only the CSRF token and which button was pressed; answers are read per item."""

    action = HiddenField()


class AcknowledgeForm(FlaskForm):
    note = TextAreaField(
        "Note for your co-facilitators",
        validators=[DataRequired(), Length(max=2000)],
        description="For example who will contact the member, and when.",
    )


class ConfirmForm(FlaskForm):
    """A bare form for buttons that change state (CSRF only)."""
