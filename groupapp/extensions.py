"""Extensions created without an app; ``create_app`` binds them."""

from __future__ import annotations

from typing import Any

import click
from celery import Celery, Task
from flask import Flask
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def celery_init_app(app: Flask) -> Celery:
    """Flask's Celery pattern: every task runs inside the app context."""

    class FlaskTask(Task):
        def __call__(self, *args: object, **kwargs: object) -> object:
            with app.app_context():
                return self.run(*args, **kwargs)

    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(app.config["CELERY"])
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app


# Flask-Migrate imports Alembic, Mako and Pygments when it is imported (about 12 MB in each
# process). Web and worker processes never migrate, so the extension is bound without them:
# ``app.extensions["migrate"]`` carries the settings Flask-Migrate's functions and
# ``migrations/env.py`` read, and the ``db`` command group loads Flask-Migrate when run.


class MigrationSettings:
    """What Flask-Migrate reads from ``app.extensions["migrate"]``: the SQLAlchemy
    extension, the migrations directory, Alembic's context arguments, and (built when a
    migration runs) the ``flask_migrate.Migrate`` object."""

    def __init__(self, db: Any, directory: str, **configure_args: Any) -> None:
        self.db = db
        self.directory = directory
        self.configure_args = configure_args
        self._migrate: Any = None

    @property
    def metadata(self) -> Any:
        """The schema's metadata (older ``env.py`` files read it here)."""
        return self.db.metadata

    @property
    def migrate(self) -> Any:
        """Flask-Migrate's ``Migrate``, imported and built on first use."""
        if self._migrate is None:
            from flask_migrate import Migrate

            self._migrate = Migrate(db=self.db, directory=self.directory, **self.configure_args)
        return self._migrate


class _MigrationCommands(click.Group):
    """Flask-Migrate's ``db`` command group, imported only when a ``db`` command runs."""

    @staticmethod
    def _commands() -> click.Group:
        from flask_migrate.cli import db

        return db

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:  # fmt: skip
        return self._commands().make_context(info_name, args, parent=parent, **extra)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._commands().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._commands().get_command(ctx, cmd_name)


def init_migrations(app: Flask, db: Any, directory: str, **configure_args: Any) -> None:
    """Bind database migrations to ``app`` as ``Migrate(app, db, ...)`` would (the ``flask
    db`` commands, ``flask_migrate.upgrade()`` and friends), without importing Alembic."""
    app.extensions["migrate"] = MigrationSettings(db, directory, **configure_args)
    app.cli.add_command(_MigrationCommands("db", help="Perform database migrations."))
