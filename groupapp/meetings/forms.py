"""Meeting forms: topic, notes, schedule changes, apologies."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField, TimeField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from groupapp.core.local_fields import LocalChoice, LocalDateField, LocalOffsetField, check_local
from groupapp.core.text import single_line


class TopicForm(FlaskForm):
    topic = StringField(
        "Topic",
        validators=[InputRequired(), Length(max=200)],
        filters=[single_line],
    )


class NotesForm(FlaskForm):
    notes = TextAreaField(
        "Private notes",
        validators=[Length(max=20000)],
        description="Only this cohort's facilitators and your organisation's admins see these.",
    )


class ScheduleForm(FlaskForm):
    """A local date and time in the cohort's zone (set ``zone`` before validating).

    After validation ``choice`` holds the resolved instant and, for a time that
    happens twice, the sentence saying which one is used.
    """

    zone = "UTC"
    choice: LocalChoice | None = None

    on = LocalDateField("Date", validators=[InputRequired()])
    at = TimeField("Local start time", validators=[InputRequired()])
    shown = LocalOffsetField()
    duration_minutes = IntegerField(
        "Length (minutes)", validators=[InputRequired(), NumberRange(min=15, max=480)]
    )

    def validate_at(self, field: TimeField) -> None:
        """Resolve the date and time by the one rule for local times."""
        self.choice = check_local(self.on, field, self.zone, self.shown)


class ExtraMeetingForm(ScheduleForm):
    topic = StringField(
        "Topic",
        validators=[InputRequired(), Length(max=200)],
        filters=[single_line],
    )


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
        _l("Message for the facilitators (optional)"), validators=[Optional(), Length(max=500)]
    )
