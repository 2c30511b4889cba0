"""Moves during the year: postings of employees and the assessor of each evaluation period

postings keeps every post an employee held (mutasi, promotion, acting Plt/Plh) with its dates;
period_assessors who assessed each evaluation period of an assessment.

Revision ID: d5e7f9a1b2c4
Revises: c4d2e6f8a1b3
Create Date: 2026-12-03 03:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5e7f9a1b2c4'
down_revision = 'c4d2e6f8a1b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('postings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_postings_employee_id_employees')),
    sa.ForeignKeyConstraint(['position_id'], ['positions.id'], name=op.f('fk_postings_position_id_positions')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_postings_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_postings'))
    )
    op.create_index('ix_postings_employee_starts', 'postings', ['employee_id', 'starts_on'], unique=False)
    op.create_index(op.f('ix_postings_position_id'), 'postings', ['position_id'], unique=False)
    op.create_table('period_assessors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('period_no', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_period_assessors_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assessor_id'], ['employees.id'], name=op.f('fk_period_assessors_assessor_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_period_assessors')),
    sa.UniqueConstraint('assessment_id', 'period_no', name=op.f('uq_period_assessors_assessment_id'))
    )


def downgrade():
    op.drop_table('period_assessors')
    op.drop_index(op.f('ix_postings_position_id'), table_name='postings')
    op.drop_index('ix_postings_employee_starts', table_name='postings')
    op.drop_table('postings')
