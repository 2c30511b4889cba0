"""Rate-limit counts in the database, shared by every app server when no Redis is configured

Revision ID: 5b8e2d0c7a19
Revises: c41d9e7a2b58
Create Date: 2026-12-03 08:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b8e2d0c7a19'
down_revision = 'c41d9e7a2b58'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'rate_limit_counts',
        sa.Column('key', sa.String(length=512), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.Float(precision=53), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_rate_limit_counts')),
    )
    op.create_index('ix_rate_limit_counts_expires_at', 'rate_limit_counts', ['expires_at'])


def downgrade():
    op.drop_index('ix_rate_limit_counts_expires_at', table_name='rate_limit_counts')
    op.drop_table('rate_limit_counts')
