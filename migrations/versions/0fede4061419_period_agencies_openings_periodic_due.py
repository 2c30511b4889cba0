"""Periods per agency: the agencies a period is open for, the runs that opened it, and the
periodic evaluations' deadline (days after each month or quarter ends)

Existing open or closed periods are recorded as open for every agency that has an assessment
in them, so the periods page and the staff's view of their periods stay as they were.

Revision ID: 0fede4061419
Revises: d5e7f9a1b2c4
Create Date: 2026-12-03 05:35:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0fede4061419'
down_revision = 'd5e7f9a1b2c4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('periods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('periodic_due_days', sa.Integer(), server_default='10',
                                      nullable=False))
    op.create_table('period_openings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('agency_ids', sa.JSON(), nullable=False),
    sa.Column('total_agencies', sa.Integer(), nullable=False),
    sa.Column('done_agencies', sa.Integer(), nullable=False),
    sa.Column('created_rows', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['periods.id'], name=op.f('fk_period_openings_period_id_periods'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_period_openings_started_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_period_openings'))
    )
    op.create_index(op.f('ix_period_openings_period_id'), 'period_openings', ['period_id'], unique=False)
    op.create_table('period_agencies',
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_period_agencies_agency_id_agencies')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_period_agencies_opened_by_id_users')),
    sa.ForeignKeyConstraint(['period_id'], ['periods.id'], name=op.f('fk_period_agencies_period_id_periods'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('period_id', 'agency_id', name=op.f('pk_period_agencies'))
    )
    op.create_index(op.f('ix_period_agencies_agency_id'), 'period_agencies', ['agency_id'], unique=False)
    # The periods opened before agencies were recorded: open for the agencies they assess.
    op.execute(
        "INSERT INTO period_agencies (period_id, agency_id, opened_at) "
        "SELECT DISTINCT period_id, agency_id, CURRENT_TIMESTAMP FROM assessments")


def downgrade():
    op.drop_index(op.f('ix_period_agencies_agency_id'), table_name='period_agencies')
    op.drop_table('period_agencies')
    op.drop_index(op.f('ix_period_openings_period_id'), table_name='period_openings')
    op.drop_table('period_openings')
    with op.batch_alter_table('periods', schema=None) as batch_op:
        batch_op.drop_column('periodic_due_days')
