"""Audit events record what changed

An audit event that changes no state (a calibration's rating change, an objection's decision)
keeps the fields it changed, each from and to; rows written before stay NULL and still render.

Revision ID: b3c81f0d2a6e
Revises: a1c3e5f7b9d2
Create Date: 2026-12-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3c81f0d2a6e'
down_revision = 'a1c3e5f7b9d2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changes', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('changes')
