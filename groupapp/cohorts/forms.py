"""Cohort forms: settings, invitations, the group agreement."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.validators import (
    URL,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from groupapp.accounts.forms import invitee_language_field
from groupapp.cohorts.models import COHORT_STATUSES
from groupapp.cohorts.services import video_link_problem
from groupapp.core.local_fields import LocalDateField
from groupapp.core.text import single_line
from groupapp.core.timezones import common_zones, is_valid_zone
from groupapp.meetings.recurrence import WEEKDAY_NAMES
from groupapp.programs.forms import EmptyForm

__all__ = [
    "AgreementForm",
    "CohortForm",
    "CopyCohortForm",
    "EmptyForm",
    "InviteMemberForm",
    "JoinForm",
]


def _known_zone(_form: FlaskForm, field: SelectField) -> None:
    if not is_valid_zone(field.data):
        raise ValidationError(_("Choose a time zone from the list."))


class CohortForm(FlaskForm):
    """Create or edit a cohort. Schedule fields are only used when creating."""

    name = StringField(
        "Cohort name",
        validators=[InputRequired(), Length(max=200)],
        filters=[single_line],
    )
    description = TextAreaField("Description", validators=[Length(max=4000)])
    # Typed, not chosen from a list: an organisation can have hundreds of staff.
    lead = StringField(
        "Lead facilitator",
        validators=[InputRequired(), Length(max=254)],
        description="Their email address or name.",
        filters=[single_line],
    )
    co_facilitators = TextAreaField(
        "Co-facilitators",
        validators=[Optional(), Length(max=4000)],
        description="One email address or name per line; leave empty for none.",
    )
    capacity = IntegerField(
        "Places", default=10, validators=[InputRequired(), NumberRange(min=1, max=200)]
    )
    start_date = LocalDateField("First meeting on or after", validators=[InputRequired()])
    weekdays = SelectMultipleField(
        "Meets on",
        coerce=int,
        choices=[SelectChoice(day, name) for day, name in enumerate(WEEKDAY_NAMES)],
        validators=[InputRequired(message="Choose at least one weekday.")],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )
    start_time = TimeField(
        "Local start time",
        validators=[InputRequired()],
        description=(
            "If the clocks skip this time on a meeting day, that meeting starts later by "
            "the change; the form lists such meetings before the cohort is created."
        ),
    )
    accept_times = BooleanField("Create the cohort with these meeting times")
    duration_minutes = IntegerField(
        "Length (minutes)", default=90, validators=[InputRequired(), NumberRange(min=15, max=480)]
    )
    timezone = SelectField(
        "Time zone of the meetings",
        choices=lambda: [SelectChoice(value, label) for value, label in common_zones()],
        validators=[_known_zone],
    )
    weeks = IntegerField(
        "Number of meeting weeks", validators=[InputRequired(), NumberRange(min=1, max=104)]
    )
    interval_weeks = SelectField(
        "How often",
        coerce=int,
        choices=[SelectChoice(1, "Every week"), SelectChoice(2, "Every other week")],
        default=1,
    )
    location = StringField(
        "Place",
        validators=[Length(max=300)],
        description="Leave empty for online-only groups.",
        filters=[single_line],
    )
    video_url = URLField(
        "Video link",
        validators=[Optional(), URL(require_tld=False), Length(max=500)],
        description="Shown to members only.",
        filters=[single_line],
    )
    status = SelectField(
        "Status",
        choices=[SelectChoice(s, s.capitalize()) for s in COHORT_STATUSES],
        default="draft",
    )
    absence_threshold = IntegerField(
        "Flag after this many missed meetings in a row",
        default=2,
        validators=[InputRequired(), NumberRange(min=0, max=20)],
        description="0 turns the flag off.",
    )

    def validate_video_url(self, field: URLField) -> None:
        problem = video_link_problem(field.data or "")
        if problem:
            raise ValidationError(problem)


class InviteMemberForm(FlaskForm):
    email = EmailField(
        "Participant's email",
        validators=[InputRequired(), Email(), Length(max=254)],
        filters=[single_line],
    )
    locale = invitee_language_field()


AGREEMENT_MAX = 20_000


class AgreementForm(FlaskForm):
    text = TextAreaField("Group agreement", validators=[InputRequired(), Length(max=AGREEMENT_MAX)])
    spanish_text = TextAreaField(
        "Spanish version (optional)",
        validators=[Optional(), Length(max=AGREEMENT_MAX)],
        description="Members whose language is Spanish read and accept this version. "
        "Leave it empty and they read the English.",
    )

    def spanish(self) -> str | None:
        """The Spanish version as typed; None when the post had no such input (the
        current Spanish carries over)."""
        return None if not self.spanish_text.raw_data else self.spanish_text.data or ""


class JoinForm(FlaskForm):
    """Accept (with the version read) or decline a place in a cohort."""

    version = HiddenField(validators=[InputRequired()])
    decision = HiddenField(validators=[InputRequired()])
    # The language the agreement was shown in, recorded with the acceptance.
    language = HiddenField()


class CopyCohortForm(FlaskForm):
    """Start a new cohort like this one: its name and first day; the rest is copied.

    ``previewed`` carries the name and date last shown in the preview, so "Create" makes
    exactly the cohort whose dates the person has seen.
    """

    name = StringField(
        "Name of the new cohort",
        validators=[InputRequired(), Length(max=200)],
        filters=[single_line],
    )
    start_date = LocalDateField(
        "Start date",
        validators=[InputRequired(message="Give the date the new cohort starts.")],
        description="The first meeting is on the first meeting weekday from this date.",
    )
    previewed = HiddenField()

    def shown(self) -> str:
        """What the preview showed, as ``previewed`` stores it."""
        return f"{self.start_date.data}|{self.name.data}"
