"""The audit log's filter form (a GET form: filters belong in the address)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from groupapp.accounts.models import User
from groupapp.core.text import single_line


def _person_choices(people: list[User]) -> list[SelectChoice]:
    return [SelectChoice("", "Anyone")] + [
        SelectChoice(str(p.id), f"{p.display_name} ({p.role})") for p in people
    ]


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a read-only search; nothing changes

    actor = SelectField("Who acted", validators=[Optional()])
    subject = SelectField("About whom", validators=[Optional()])
    action = StringField(
        "Action starts with",
        validators=[Optional(), Length(max=60)],
        description='For example "homework" or "privacy.export".',
        filters=[single_line],
    )
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])

    def set_people(self, people: list[User]) -> None:
        self.actor.choices = _person_choices(people)
        self.subject.choices = _person_choices(people)
