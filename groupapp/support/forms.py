"""Support-person forms: the invitation and the participant's choices."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectMultipleField
from wtforms.validators import Email, InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from groupapp.core.text import single_line


class InviteSupportForm(FlaskForm):
    email = EmailField(
        _l("Their email address"),
        validators=[
            InputRequired(message=_l("Give your support person's email address.")),
            Email(message=_l("That does not look like an email address.")),
            Length(max=254),
        ],
        filters=[single_line],
    )


class SupportChoicesForm(FlaskForm):
    schedule = BooleanField(_l("My meeting schedule (dates, times and topics)"))
    submissions = SelectMultipleField(
        _l("Homework they see (each one you tick)"),
        coerce=int,
        choices=[],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )
