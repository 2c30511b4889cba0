"""An index of notifications by kind and creation time: the calibration page asks on every view
whether the agency's head was asked today for the organisation predikat, which read every
notification of the province (hundreds of thousands on a reminder day) without it

Revision ID: 68dc8a6c3763
Revises: 96ff7fde3672
Create Date: 2026-12-03 14:10:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '68dc8a6c3763'
down_revision = '96ff7fde3672'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_notifications_kind_created_at', 'notifications', ['kind', 'created_at'])


def downgrade():
    op.drop_index('ix_notifications_kind_created_at', table_name='notifications')
