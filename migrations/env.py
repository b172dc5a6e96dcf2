"""Alembic environment: runs migrations against the app's database (Flask-Migrate)."""

from __future__ import annotations

import logging
from logging.config import fileConfig

import sqlalchemy as sa
from alembic import context
from alembic.operations import ops
from flask import current_app

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=db.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def defer_circular_foreign_keys(script: ops.MigrationScript) -> None:
    """Add ``use_alter`` foreign keys after every table exists, and drop them first.

    Two tables that point at each other cannot both name the other in CREATE TABLE;
    autogenerate leaves such keys inside it, where PostgreSQL never creates them.
    """
    deferred = []
    for op in script.upgrade_ops.ops:
        if not isinstance(op, ops.CreateTableOp):
            continue
        keep = []
        for item in op.columns:
            if isinstance(item, sa.ForeignKeyConstraint) and item.use_alter:
                deferred.append((op.table_name, item))
            else:
                keep.append(item)
        op.columns = keep
    for table_name, constraint in deferred:
        create = ops.CreateForeignKeyOp.from_constraint(constraint)
        drop = ops.DropConstraintOp.from_constraint(constraint)
        script.upgrade_ops.ops.append(ops.ModifyTableOps(table_name, [create]))
        script.downgrade_ops.ops.insert(0, ops.ModifyTableOps(table_name, [drop]))


def run_migrations_online() -> None:
    def skip_empty_revisions(_context, _revision, directives):  # type: ignore[no-untyped-def]
        # "flask db migrate" with no model changes writes no empty file.
        if not getattr(config.cmd_opts, "autogenerate", False):
            return
        if directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")
            return
        defer_circular_foreign_keys(directives[0])

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", skip_empty_revisions)
    with db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=db.metadata, **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
