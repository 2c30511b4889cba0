"""Users remember the period they chose on period-scoped pages

Periods overlap (next year is opened before the last is finished): each user's choice of
period is kept on the user, so it survives logins.

Revision ID: a1c3e5f7b9d2
Revises: f7f0914fb04a
Create Date: 2026-11-30 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f7b9d2'
down_revision = 'f7f0914fb04a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chosen_period_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_users_chosen_period_id_periods'), 'periods',
                                    ['chosen_period_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_chosen_period_id_periods'),
                                 type_='foreignkey')
        batch_op.drop_column('chosen_period_id')
