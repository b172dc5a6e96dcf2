"""``flask --app groupapp import-instrument FILE [--organisation SLUG]``."""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa

from groupapp.accounts.models import Organisation
from groupapp.assessments import bp
from groupapp.assessments.catalog import BuiltinClash, import_instrument_file
from groupapp.assessments.instrument_file import InstrumentFileError
from groupapp.db import db


def _organisation(slug: str | None) -> Organisation:
    if slug:
        org = db.session.scalar(sa.select(Organisation).where(Organisation.slug == slug))
        if org is None:
            raise click.UsageError(f"No organisation with the slug {slug!r}.")
        return org
    orgs = db.session.scalars(sa.select(Organisation).limit(2)).all()
    if len(orgs) != 1:
        raise click.UsageError("Name the organisation with --organisation SLUG.")
    return orgs[0]


@bp.cli.command("import-instrument")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", "slug", help="Organisation slug (needed when there are several).")
def import_instrument(file: Path, slug: str | None) -> None:
    """Validate an instrument file and add it to an organisation as a new version."""
    org = _organisation(slug)
    try:
        row, version = import_instrument_file(org, file.read_bytes(), source="import")
    except InstrumentFileError as exc:
        for error in exc.errors:
            click.echo(f"{file.name}: {error}", err=True)
        raise click.exceptions.Exit(1) from None
    except BuiltinClash as exc:
        click.echo(f"{file.name}: {exc}", err=True)
        raise click.exceptions.Exit(1) from None
    db.session.commit()
    if version is None:
        click.echo(f"{row.short_name} unchanged: the file matches version {row.current().number}.")
    else:
        click.echo(f"Imported {row.short_name} into {org.name} as version {version.number}.")
