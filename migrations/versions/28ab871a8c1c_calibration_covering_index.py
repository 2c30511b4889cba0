"""The calibration page's covering index on assessments: an agency's (or a unit's) spread, its
filter options and its list's sort keys read from the index alone

ix_assessments_calibration (period_id, agency_id, state, predikat, version, employee_id; on
PostgreSQL with id included) answers the spread's GROUP BY state, predikat with the sums of id
and version in index order, and gives the list and its filters the employee of each assessment
without reading the table's rows. It replaces ix_assessments_period_agency_state, its prefix.

Revision ID: 28ab871a8c1c
Revises: fad40e9f1928
Create Date: 2026-12-03 19:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '28ab871a8c1c'
down_revision = 'fad40e9f1928'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_assessments_calibration', 'assessments',
                    ['period_id', 'agency_id', 'state', 'predikat', 'version', 'employee_id'],
                    unique=False, postgresql_include=['id'])
    op.drop_index('ix_assessments_period_agency_state', table_name='assessments')


def downgrade():
    op.create_index('ix_assessments_period_agency_state', 'assessments',
                    ['period_id', 'agency_id', 'state'], unique=False)
    op.drop_index('ix_assessments_calibration', table_name='assessments')
