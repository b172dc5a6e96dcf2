"""participant handouts on program topics, filled in for copies of built-in programs

Revision ID: a6c3e1f09b52
Revises: 5d1f7b3c8e20
Create Date: 2026-11-29 16:00:00
"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a6c3e1f09b52"
down_revision = "5d1f7b3c8e20"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("program_topics") as batch:
        batch.add_column(sa.Column("handout_about", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("handout_practice", sa.Text(), nullable=False, server_default="")
        )
    _fill_copies_of_builtins()


def _fill_copies_of_builtins():
    """Topics of copies made before handouts existed take the built-in's text when the
    topic still sits in its week under its built-in title (an edited outline is left)."""
    from groupapp.programs.catalog import load_builtin_programs
    from groupapp.programs.handouts import builtin_handout

    topics = sa.table(
        "program_topics",
        sa.column("id", sa.Integer),
        sa.column("program_id", sa.Integer),
        sa.column("position", sa.Integer),
        sa.column("title", sa.String),
        sa.column("handout_about", sa.Text),
        sa.column("handout_practice", sa.Text),
    )
    programs = sa.table("programs", sa.column("id", sa.Integer), sa.column("source_slug", sa.String))
    bind = op.get_bind()
    for slug, template in load_builtin_programs().items():
        for topic in template.topics:
            handout = builtin_handout(slug, topic.week)
            if handout is None:
                continue
            copies = sa.select(programs.c.id).where(programs.c.source_slug == slug)
            bind.execute(
                topics.update()
                .where(
                    topics.c.program_id.in_(copies),
                    topics.c.position == topic.week - 1,
                    topics.c.title == topic.title,
                )
                .values(handout_about=handout.about, handout_practice=handout.practice)
            )


def downgrade():
    with op.batch_alter_table("program_topics") as batch:
        batch.drop_column("handout_practice")
        batch.drop_column("handout_about")
