"""Privacy forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

NOTICE_MAX = 50_000


class AcceptNoticeForm(FlaskForm):
    # The version the person read: a newer one published meanwhile is shown first.
    version = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])
    # The language it was shown in, kept with the acceptance.
    language = HiddenField()


class NoticeForm(FlaskForm):
    body = TextAreaField(
        "Privacy notice",
        validators=[InputRequired(), Length(max=NOTICE_MAX)],
        description="Publishing creates a new version; every participant is asked to accept it.",
    )
    spanish_body = TextAreaField(
        "Spanish version (optional)",
        validators=[Optional(), Length(max=NOTICE_MAX)],
        description="Participants whose language is Spanish read and accept this version. "
        "Leave it empty and they read the English.",
    )


class DeletionRequestForm(FlaskForm):
    note = TextAreaField(
        _l("Anything you want the admin to know (optional)"),
        validators=[Optional(), Length(max=2000)],
    )


class DecisionForm(FlaskForm):
    decision = RadioField(
        "Decision",
        choices=[
            SelectChoice("complete", "Delete the data"),
            SelectChoice("decline", "Decline the request"),
        ],
        validators=[InputRequired()],
    )
    reason = TextAreaField(
        "Reason",
        validators=[InputRequired(), Length(max=2000)],
        description="Kept in the audit log. A decline reason is also shown to the person.",
    )
