"""attendance marks counted by status from an index

Revision ID: 4c8e2f6a9d13
Revises: 86665f5969be
Create Date: 2026-11-29 12:00:00

Start pages count each cohort's marks by status over its past meetings. With an index
on (meeting_id, status) PostgreSQL reads those counts from the index for the meetings
on the page, instead of scanning every attendance row of the organisation.
"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "4c8e2f6a9d13"
down_revision = "86665f5969be"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_attendance_meeting_status", "attendance", ["meeting_id", "status"], unique=False
    )


def downgrade():
    op.drop_index("ix_attendance_meeting_status", table_name="attendance")
