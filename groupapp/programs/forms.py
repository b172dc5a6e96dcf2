"""Program and topic forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from groupapp.core.text import single_line
from groupapp.programs.catalog import MODALITIES


class ProgramForm(FlaskForm):
    name = StringField(
        "Name",
        validators=[InputRequired(), Length(max=120)],
        filters=[single_line],
    )
    modality = SelectField(
        "Kind of group", choices=[SelectChoice(k, v) for k, v in MODALITIES.items()]
    )
    description = TextAreaField("Description", validators=[Length(max=4000)])
    weeks = IntegerField(
        "Default length in weeks", validators=[InputRequired(), NumberRange(min=1, max=104)]
    )
    meeting_minutes = IntegerField(
        "Default meeting length (minutes)",
        validators=[InputRequired(), NumberRange(min=15, max=480)],
    )


class TopicForm(FlaskForm):
    title = StringField(
        "Title",
        validators=[InputRequired(), Length(max=120)],
        filters=[single_line],
    )
    goals = TextAreaField("Goals", validators=[Length(max=4000)], description="One per line.")
    agenda = TextAreaField(
        "Agenda and readings", validators=[Length(max=8000)], description="One item per line."
    )
    suggested_homework = StringField(
        "Suggested homework template",
        validators=[
            Optional(),
            Length(max=80),
            Regexp(r"^[a-z0-9-]+$", message="Use the template's short name."),
        ],
        description="The short name of a homework template, for example boundary-worksheet.",
        filters=[single_line],
    )
    assessment_due = BooleanField("A reassessment is due this week")
    handout_about = TextAreaField(
        "Handout: what the topic is about",
        validators=[Length(max=2000)],
        description="Members read the handout after the meeting on this topic.",
    )
    handout_practice = TextAreaField(
        "Handout: one practice for the week", validators=[Length(max=2000)]
    )
    spanish_title = StringField(
        "Spanish version: title (optional)",
        validators=[Optional(), Length(max=120)],
        description=(
            "Members whose language is Spanish read the Spanish version. Leave it empty and "
            "they read the English."
        ),
        filters=[single_line],
    )
    spanish_about = TextAreaField(
        "Spanish version: what the topic is about (optional)", validators=[Length(max=2000)]
    )
    spanish_practice = TextAreaField(
        "Spanish version: one practice for the week (optional)", validators=[Length(max=2000)]
    )

    def spanish(self) -> dict[str, str] | None:
        """The Spanish version as typed (``title``, ``about``, ``practice``); None when
        the post had none of its inputs (the topic keeps the version it has)."""
        posted = (self.spanish_title, self.spanish_about, self.spanish_practice)
        if not any(item.raw_data for item in posted):
            return None
        return {
            "title": self.spanish_title.data or "",
            "about": self.spanish_about.data or "",
            "practice": self.spanish_practice.data or "",
        }


class EmptyForm(FlaskForm):
    """A form with only its CSRF token, for one-button actions."""
