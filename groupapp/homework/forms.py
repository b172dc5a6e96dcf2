"""Forms for the facilitator's homework pages and the participant's sharing choice.

The homework answers themselves are not a WTForms form: their fields come from the
template, so ``answers.parse_form`` reads them (CSRF is still checked on every POST).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from groupapp.core.local_fields import LocalDateField, LocalOffsetField, check_local
from groupapp.core.text import single_line
from groupapp.core.timezones import format_date
from groupapp.db import utcnow
from groupapp.homework.services import Due


def _meeting_number(value: Any) -> int | None:
    """The picker's value: a meeting number, or None for "no meeting chosen"."""
    text = str(value).strip() if value is not None else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 6 else None


class MeetingField(SelectField):
    """A picker of the cohort's meetings whose value is the meeting's number."""

    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(label, coerce=_meeting_number, validators=[Optional()], **kwargs)

    def pre_validate(self, form: Any) -> None:
        offered = {choice.value for choice in self.choices or []}
        if self.data is not None and self.data not in offered:
            raise ValidationError(
                gettext("This cohort has no meeting %(number)s.", number=self.data)
            )


class DueForm(FlaskForm):
    """When homework is due: before meeting N, at a date and time, or never.

    The date and time are in the cohort's zone: set ``zone`` before validating.
    """

    zone = "UTC"
    #: After validation: the sentence saying which of two identical due times is meant.
    due_notice: str | None = None

    due_kind = RadioField(
        "Due",
        choices=[
            SelectChoice("meeting", "Before a meeting"),
            SelectChoice("time", "At a date and time"),
            SelectChoice("none", "No due date"),
        ],
        default="meeting",
    )
    # The cohort's meetings by date and topic (``offer_meetings``); the value is the
    # meeting's number, counting held and planned meetings but not cancelled ones.
    meeting_number = MeetingField("Meeting")
    due_date = LocalDateField("Due date", validators=[Optional()])
    due_time = TimeField("Due time", validators=[Optional()])
    due_shown = LocalOffsetField()

    def offer_meetings(self, meetings: list[Any], zone: str) -> None:
        """List ``meetings`` (not cancelled, in order) in the picker, dated in ``zone``."""
        now = utcnow()
        choices = [SelectChoice("", "Choose a meeting")]
        for number, meeting in enumerate(meetings, start=1):
            held = " (held)" if meeting.starts_at < now else ""
            label = f"{format_date(meeting.starts_at, zone)}: {meeting.topic}{held}"
            choices.append(SelectChoice(number, label))
        self.meeting_number.choices = choices

    def validate_due_time(self, field: TimeField) -> None:
        """A due time the clocks skip is refused with the one rule's message."""
        if self.due_kind.data == "time":
            choice = check_local(self.due_date, field, self.zone, self.due_shown)
            self.due_notice = choice.notice if choice else None

    def dependent_problems(self) -> dict[Any, bool]:
        """Fields whose value is missing given another field's choice."""
        return {
            self.meeting_number: self.due_kind.data == "meeting" and not self.meeting_number.data,
            self.due_date: self.due_kind.data == "time"
            and not (self.due_date.data and self.due_time.data),
        }

    def validate(self, extra_validators: Any = None) -> bool:
        """Check the choices that depend on each other."""
        valid = super().validate(extra_validators)
        for field, missing in self.dependent_problems().items():
            if missing:
                field.errors = [*field.errors, DEPENDENT_MESSAGES[field.name]]
                valid = False
        return valid

    def due(self) -> Due:
        """The chosen due point (a wall-clock time is in the cohort's zone)."""
        if self.due_kind.data == "meeting":
            return Due(meeting_number=self.meeting_number.data)
        if self.due_kind.data == "time":
            day, at = self.due_date.data, self.due_time.data
            offset = self.due_shown.offset_for(day, at)
            return Due(local=datetime.combine(day, at), offset=offset)
        return Due()


class AssignForm(DueForm):
    template = SelectField("Template", validators=[InputRequired()])
    title = StringField(
        "Title",
        validators=[Optional(), Length(max=120)],
        description="Leave empty to use the template's title.",
        filters=[single_line],
    )
    instructions = TextAreaField(
        "Instructions for the group",
        validators=[Optional(), Length(max=4000)],
        description="Leave empty to use the template's instructions.",
    )
    audience = RadioField(
        "Who gets it",
        choices=[
            SelectChoice("cohort", "The whole cohort"),
            SelectChoice("members", "Only the members I choose"),
        ],
        default="cohort",
    )
    members = SelectMultipleField(
        "Members", coerce=int, option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False)
    )
    include_later_joiners = BooleanField("Also give it to members who join later")

    def dependent_problems(self) -> dict[Any, bool]:
        """The due choices, plus chosen members when the audience is "members"."""
        return {
            self.members: self.audience.data == "members" and not self.members.data,
            **super().dependent_problems(),
        }


DEPENDENT_MESSAGES = {
    "members": "Choose at least one member.",
    "meeting_number": "Choose the meeting it is due before.",
    "due_date": "Give both a date and a time (in the cohort's time zone).",
}


class CancelForm(FlaskForm):
    """Only the CSRF token: the confirmation page is the second step."""


class QuestionsForm(FlaskForm):
    """A builder page's own inputs besides its questions (read by ``homework.builder``):
    the CSRF token and the optional YAML import."""

    import_yaml = TextAreaField(
        "Questions as YAML",
        validators=[Optional(), Length(max=60000)],
        description=(
            "Paste a list of questions (key, type, label, help, required and the options of "
            "its type) and choose Import: they replace the questions above, to check before "
            "saving."
        ),
    )


class TemplateDetailsForm(QuestionsForm):
    """The template builder's own inputs: title, summary and instructions, and their
    optional Spanish version."""

    title = StringField(
        "Title",
        validators=[InputRequired(), Length(max=120)],
        filters=[single_line],
    )
    summary = StringField(
        "Summary",
        validators=[Optional(), Length(max=300)],
        filters=[single_line],
    )
    instructions = TextAreaField(
        "Instructions",
        validators=[Optional(), Length(max=4000)],
        description="Shown above the questions.",
    )
    es_title = StringField(
        "Título (in Spanish)",
        validators=[Optional(), Length(max=120)],
        filters=[single_line],
    )
    es_summary = StringField(
        "Resumen (in Spanish)",
        validators=[Optional(), Length(max=300)],
        filters=[single_line],
    )
    es_instructions = TextAreaField(
        "Instrucciones (in Spanish)",
        validators=[Optional(), Length(max=4000)],
    )


class CloneForm(FlaskForm):
    """Only the CSRF token: the template to copy is in the URL."""


class FeedbackForm(FlaskForm):
    body = TextAreaField("Comment", validators=[InputRequired(), Length(max=4000)])


class RevisionForm(FlaskForm):
    note = TextAreaField("What to revise", validators=[InputRequired(), Length(max=4000)])


class ReviewedForm(FlaskForm):
    note = TextAreaField("Closing note (optional)", validators=[Optional(), Length(max=4000)])


class ShareForm(FlaskForm):
    share = BooleanField(_l("Share this with my group (read-only)"))
    shared_name = StringField(
        _l("Name my group will see"),
        validators=[Optional(), Length(max=80)],
        description=_l("A first name, initials or a nickname. Nothing else about you is shown."),
        filters=[single_line],
    )
