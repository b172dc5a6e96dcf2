"""Account forms."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from groupapp.accounts.passwords import password_problems
from groupapp.accounts.support_lines import SUPPORT_LINES_MAX
from groupapp.core.i18n import DEFAULT_LOCALE, language_choices
from groupapp.core.text import single_line
from groupapp.core.timezones import common_zones

TIMEZONE_CHOICES = [SelectChoice(value, label) for value, label in common_zones()]


OFFERED_ZONES = frozenset(value for value, _ in common_zones())


def _offered_zone(form: FlaskForm, field: StringField) -> None:
    # A person whose stored zone is an older alias may keep it (``current_zone``, set by
    # the view) until they choose a canonical one.
    field.data = (field.data or "").strip().replace(" ", "_")
    if field.data not in OFFERED_ZONES and field.data != getattr(form, "current_zone", None):
        raise ValidationError(gettext("Choose a time zone from the list, such as Europe/London."))


def _strong_password(form: FlaskForm, field: PasswordField) -> None:
    # Views may set ``personal_words`` (name, email) so they count against the password.
    problems = password_problems(field.data or "", getattr(form, "personal_words", None))
    if problems:
        raise ValidationError(" ".join(problems))


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[InputRequired(), Length(max=254)],
        filters=[single_line],
    )
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=1024)])
    remember = BooleanField(
        _l("Keep me signed in on this device"),
        description=_l("Only for participants on their own device. Staff sign in every time."),
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[InputRequired(), Email(), Length(max=254)],
        filters=[single_line],
    )


class NewPasswordMixin:
    password = PasswordField(
        _l("New password"),
        validators=[InputRequired(), _strong_password],
        description=_l("At least 12 characters. A phrase of several words is easy to remember."),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[InputRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )


class ResetPasswordForm(NewPasswordMixin, FlaskForm):
    pass


def _display_name(label: str) -> StringField:
    return StringField(
        label,
        validators=[InputRequired(), Length(max=120)],
        description=_l("A first name or a nickname is fine."),
        filters=[single_line],
    )


def _language_field() -> SelectField:
    # Each language is named in itself; the view preselects the browser's language.
    return SelectField(
        _l("Language"),
        choices=[SelectChoice(code, name) for code, name in language_choices()],
        # A form sent without it (an older page, a script) keeps the language as it was.
        validators=[Optional()],
        description=_l("Pages and email from groupapp are in this language."),
    )


def invitee_language_field() -> SelectField:
    """The invitee's language on an invite form (staff pages are English). The
    organisations have no default language of their own yet, so it starts at English."""
    return SelectField(
        "Their language",
        choices=[SelectChoice(code, name) for code, name in language_choices()],
        default=DEFAULT_LOCALE,
        description="The invitation email and the page where they accept it are in this "
        "language; they can change it later in their settings.",
    )


class AcceptInvitationForm(NewPasswordMixin, FlaskForm):
    display_name = _display_name(_l("Your name as the group will see it"))
    locale = _language_field()
    # The page script preselects the zone this device reports (static/js/time-zones.js).
    timezone = SelectField(
        _l("Your time zone"),
        choices=TIMEZONE_CHOICES,
        default="UTC",
        render_kw={"data-browser-zone": "preselect"},
    )


class InviteForm(FlaskForm):
    email = EmailField(
        "Email address",
        validators=[InputRequired(), Email(), Length(max=254)],
        filters=[single_line],
    )
    locale = invitee_language_field()


class ChangePasswordForm(NewPasswordMixin, FlaskForm):
    current = PasswordField(_l("Current password"), validators=[InputRequired(), Length(max=1024)])


class SecondFactorForm(FlaskForm):
    code = StringField(
        "Code",
        validators=[InputRequired(), Length(max=40)],
        description="The 6 digits your authenticator app shows, or one of your recovery codes.",
        filters=[single_line],
    )


class ProfileForm(FlaskForm):
    current_zone: str | None = None  # the zone the person has now (may be an older alias)
    display_name = _display_name(_l("Your name as others see it"))
    locale = _language_field()
    timezone = StringField(
        _l("Your time zone"),
        validators=[InputRequired(), Length(max=64), _offered_zone],
        filters=[single_line],
        description=_l("Start typing a city or region, for example Europe/Madrid."),
        render_kw={"list": "zone-options", "data-browser-zone": "suggest"},
    )


class ChangeEmailForm(FlaskForm):
    email = EmailField(
        _l("New email address"),
        filters=[single_line],
        validators=[InputRequired(), Email(), Length(max=254)],
    )
    password = PasswordField(_l("Your password"), validators=[InputRequired(), Length(max=1024)])


class ConfirmPasswordForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[InputRequired(), Length(max=1024)])


class DeactivateForm(FlaskForm):
    reason = TextAreaField(
        "Reason",
        validators=[InputRequired(), Length(max=2000)],
        description="Kept in the audit log.",
    )


class SupportLinesForm(FlaskForm):
    text = TextAreaField(
        "Support lines",
        validators=[Optional(), Length(max=SUPPORT_LINES_MAX)],
        description="Shown to members after a check-in answer that suggests risk, and "
        "beside private messages. Name the lines to call or text, with their hours. Leave "
        "it empty and members are told to call their local emergency number.",
    )
    spanish_text = TextAreaField(
        "Spanish version (optional)",
        validators=[Optional(), Length(max=SUPPORT_LINES_MAX)],
        description="Members whose language is Spanish read this version. Leave it empty "
        "and they read the lines above.",
    )
