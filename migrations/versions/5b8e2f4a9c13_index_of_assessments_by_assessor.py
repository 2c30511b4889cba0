"""An index of assessments by assessor alone: whether a user assesses anyone is asked on every
request (the navigation's team link), in any period

Revision ID: 5b8e2f4a9c13
Revises: 3b8e5d1f7a90
Create Date: 2026-12-03 08:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5b8e2f4a9c13'
down_revision = '3b8e5d1f7a90'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_assessments_assessor', 'assessments', ['assessor_id'])


def downgrade():
    op.drop_index('ix_assessments_assessor', table_name='assessments')
