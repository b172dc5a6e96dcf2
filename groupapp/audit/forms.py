"""The audit log's filter form (a GET form: filters belong in the address)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional

from groupapp.core.local_fields import LocalDateField
from groupapp.core.text import single_line

PERSON_HELP = "Part of a name or an email address; leave empty for anyone."


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only search; nothing changes

    # Searches rather than lists: an organisation has thousands of people.
    actor = StringField(
        "Who acted",
        validators=[Optional(), Length(max=120)],
        description=PERSON_HELP,
        filters=[single_line],
    )
    subject = StringField(
        "About whom",
        validators=[Optional(), Length(max=120)],
        description=PERSON_HELP,
        filters=[single_line],
    )
    action = StringField(
        "Action starts with",
        validators=[Optional(), Length(max=60)],
        description='For example "homework" or "privacy.export".',
        filters=[single_line],
    )
    date_from = LocalDateField("From", validators=[Optional()])
    date_to = LocalDateField("To", validators=[Optional()])
