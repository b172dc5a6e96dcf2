"""Forms for announcements, messages and the message email choice."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from groupapp.core.text import single_line
from groupapp.messaging.models import BODY_MAX, SUBJECT_MAX

_SUBJECT = [DataRequired(_l("Give it a subject.")), Length(max=SUBJECT_MAX)]
_BODY = [DataRequired(_l("Write the text.")), Length(max=BODY_MAX)]


class EditAnnouncementForm(FlaskForm):
    subject = StringField(_l("Subject"), validators=_SUBJECT, filters=[single_line])
    body = TextAreaField(
        "Text",
        validators=_BODY,
        description="Line breaks are kept; web addresses become links.",
    )
    spanish_subject = StringField(
        "Spanish version: subject (optional)",
        validators=[Optional(), Length(max=SUBJECT_MAX)],
        filters=[single_line],
        description="Members whose language is Spanish read the Spanish version, on the "
        "page and in the email. Leave both empty and they read the English.",
    )
    spanish_body = TextAreaField(
        "Spanish version: text (optional)", validators=[Optional(), Length(max=BODY_MAX)]
    )
    pinned = BooleanField("Pin to the top of the announcements")


class AnnouncementForm(EditAnnouncementForm):
    text_in_email = BooleanField(
        "Include the text in the email",
        description="Email is not a private channel. Unticked, members get a short "
        "notice with a link instead.",
    )


# Offered in place of a refused choice, so that the next press of Send reaches nobody the
# writer did not pick; no cohort or person has this id.
NO_CHOICE = 0


class NewThreadForm(FlaskForm):
    """Opening a conversation; ``with_whom`` lists cohorts (participant) or members (staff)."""

    with_whom = SelectField(
        _l("With"),
        coerce=int,
        validators=[InputRequired(_l("Choose one."))],
        validate_choice=False,  # validate_with_whom says what went wrong instead
    )
    subject = StringField(_l("Subject"), validators=_SUBJECT, filters=[single_line])
    body = TextAreaField(_l("Message"), validators=_BODY)
    gone = _l("You are no longer in that group. Choose who to write to; what you wrote is kept.")

    def offer(self, choices: list[tuple[int, str]], label: str, gone: str | None = None) -> None:
        """List ``choices`` (id, name) under ``label``; ``gone`` is said when the one sent
        is no longer among them (the writer left the group, or the member did)."""
        self.with_whom.label.text = label
        self.with_whom.choices = [SelectChoice(value, text) for value, text in choices]
        if gone is not None:
            self.gone = gone

    def validate_with_whom(self, field: SelectField) -> None:
        """Refuse a choice that is not offered, and offer nothing preselected instead."""
        choices = list(field.choices or [])
        if field.data in [choice.value for choice in choices]:  # type: ignore[union-attr]
            return
        field.choices = [SelectChoice(NO_CHOICE, _l("Choose one.")), *choices]  # type: ignore[list-item]
        chosen_nothing = field.data == NO_CHOICE
        field.data = NO_CHOICE
        raise ValidationError(_l("Choose one.") if chosen_nothing else self.gone)


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your message"), validators=_BODY)


class EmailChoiceForm(FlaskForm):
    mode = RadioField(
        _l("Email me about new messages"),
        choices=[
            SelectChoice("each", _l("For each new message (never the text)")),
            SelectChoice("daily", _l("Once a day, if there are unread messages")),
        ],
        validators=[InputRequired(_l("Choose one."))],
    )
