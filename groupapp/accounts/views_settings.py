"""A person's own settings: name, time zone and email address."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from groupapp.accounts import bp, profile, throttle
from groupapp.accounts.forms import ChangeEmailForm, ProfileForm
from groupapp.accounts.passwords import verify_password
from groupapp.core.actions import carry_out
from groupapp.core.i18n import N_, force_locale, read_as
from groupapp.core.navigation import register_nav
from groupapp.core.timezones import common_zones
from groupapp.db import db
from groupapp.extensions import limiter

register_nav(
    N_("Account"),
    "accounts.settings",
    ("admin", "facilitator", "participant", "supporter"),
    order=99,
    group="you",
)


def _zones_current_first(current: str) -> list[tuple[str, str]]:
    # The person's own zone leads the list, even an older alias no longer offered.
    others = [zone for zone in common_zones() if zone[0] != current]
    return [(current, current.replace("_", " ")), *others]


def _settings_page(form: ProfileForm, email_form: ChangeEmailForm, status: int = 200) -> Any:
    zones = _zones_current_first(current_user.timezone)
    page = render_template("accounts/settings.html", form=form, email_form=email_form, zones=zones)
    return page, status


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings():
    """The name others see and the time zone times are shown in."""
    form = ProfileForm(obj=current_user)
    form.current_zone = current_user.timezone
    if form.validate_on_submit():
        profile.update_profile(
            current_user, form.display_name.data, form.timezone.data, form.locale.data
        )
        db.session.commit()
        # In the language just chosen: the next page is in it too.
        with force_locale(form.locale.data):
            flash(gettext("Your name, language and time zone are saved."), "success")
        return redirect(url_for("accounts.settings"))
    return _settings_page(form, ChangeEmailForm())


@bp.route("/account/email", methods=["POST"])
@login_required
@limiter.limit(throttle.PER_USER_EMAIL_CHANGES, key_func=throttle.inviter_key)
def change_email():
    """Send a confirmation link to a new address; the old one stays until it is opened."""
    form = ChangeEmailForm()
    if not form.validate_on_submit():
        return _settings_page(ProfileForm(obj=current_user), form, 200)
    if not verify_password(current_user.password_hash, form.password.data):
        form.password.errors = ["That is not your password."]
        return _settings_page(ProfileForm(obj=current_user), form, 200)
    carry_out(
        lambda: profile.request_email_change(current_user, form.email.data),
        lambda email: gettext(
            "We sent a link to %(email)s. Open it to start using that address; until then "
            "groupapp keeps writing to your current one.",
            email=email,
        ),
    )
    return redirect(url_for("accounts.settings"))


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
@limiter.limit(throttle.PER_ADDRESS_LINK, methods=["POST"])
def confirm_email(token: str):
    """Opened from the new mailbox: a button (mail scanners follow links, not buttons)."""
    user = profile.user_for_email_token(token)
    if user is None:
        abort(410)
    read_as(user.locale)  # the token names the person: their language, not the browser's
    if request.method == "POST":
        new = user.pending_email
        changed = carry_out(
            lambda: profile.confirm_email_change(user),
            lambda _: gettext("Your email address is now %(email)s.", email=new),
        )
        signed_in = current_user.is_authenticated and current_user.id == user.id
        if signed_in or not changed:
            return redirect(url_for("accounts.settings" if signed_in else "accounts.login"))
        return render_template("accounts/confirm_email.html", user=user, done=new)
    return render_template("accounts/confirm_email.html", user=user, done=None)
