"""Command-line tools: ``create-admin`` and ``seed-demo``."""

from __future__ import annotations

import importlib

import click
from flask import Flask

from groupapp.db import db

# Demo seeders in dependency order; each module has ``seed(ctx: DemoContext)``.
DEMO_SEEDERS = (
    "groupapp.accounts.demo",
    "groupapp.privacy.demo",
    "groupapp.cohorts.demo",
    "groupapp.homework.demo",
    "groupapp.assessments.demo",
    "groupapp.messaging.demo",
    "groupapp.observations.demo",
    "groupapp.feedback.demo",
    "groupapp.notifications.demo",  # last: the demo's mail, once everything exists
)


def register_cli(app: Flask) -> None:
    @app.cli.command("create-admin")
    @click.option("--email", prompt="Admin email")
    @click.option("--name", prompt="Admin name")
    @click.option("--organisation", prompt="Organisation name")
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
    @click.option("--timezone", default="UTC", show_default=True)
    def create_admin(
        email: str, name: str, organisation: str, password: str, timezone: str
    ) -> None:
        """Create an organisation admin (and the organisation if it does not exist)."""
        from groupapp.accounts.passwords import password_problems
        from groupapp.accounts.services import (
            create_user,
            find_user_by_email,
            get_or_create_organisation,
        )
        from groupapp.core.addresses import InvalidAddress, validated_email

        try:
            email = validated_email(email)
        except InvalidAddress as exc:
            raise click.UsageError(f"That email address is not valid: {exc}") from None
        problems = password_problems(password)
        if problems:
            raise click.UsageError(" ".join(problems))
        if find_user_by_email(email) is not None:
            raise click.UsageError(f"A user with the email {email} already exists.")
        org = get_or_create_organisation(organisation)
        create_user(org, email, name, "admin", password=password, timezone=timezone)
        db.session.commit()
        click.echo(f"Created admin {email} in organisation '{org.name}'.")

    @app.cli.command("seed-demo")
    def seed_demo() -> None:
        """Fill an empty database with a realistic demo organisation."""
        from groupapp.accounts.demo import DEMO_ADMIN_EMAIL, demo_logins
        from groupapp.accounts.models import Organisation
        from groupapp.accounts.services import find_user_by_email
        from groupapp.demo import DemoContext

        if db.session.query(Organisation.id).first() is not None:
            click.echo("The database already has data; no demo data added.")
            if find_user_by_email(DEMO_ADMIN_EMAIL) is not None:
                _print_logins(demo_logins())
            return
        ctx = DemoContext()
        for module_name in DEMO_SEEDERS:
            importlib.import_module(module_name).seed(ctx)
            db.session.flush()
        db.session.commit()
        click.echo("Demo data ready.")
        _print_logins(ctx.logins)


def _print_logins(logins: list[tuple[str, str, str]]) -> None:
    click.echo("Sign in with any of these demo accounts:")
    for role, email, password in logins:
        click.echo(f"  {role:<12} {email:<32} {password}")
