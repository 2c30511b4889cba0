"""Practice runs: a first-time user's rehearsal of the assessment workflow, apart from every
real table

Revision ID: d97fe41a7fbd
Revises: 5b8e2f4a9c13
Create Date: 2026-12-03 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd97fe41a7fbd'
down_revision = '5b8e2f4a9c13'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('practice_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=32), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_practice_runs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_runs')),
    sa.UniqueConstraint('user_id', name=op.f('uq_practice_runs_user_id'))
    )


def downgrade():
    op.drop_table('practice_runs')
