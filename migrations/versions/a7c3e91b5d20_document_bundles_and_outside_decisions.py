"""Zips of a unit's PDFs built in the background; decisions of officials outside the portal

document_bundles records each zip (who asked, unit, period, progress, the stored file);
outside_decisions the steps a BKD admin records for an assessor outside the portal (the
Governor for the Sekretaris Daerah), with the official, the paper's date and its scan.

Revision ID: a7c3e91b5d20
Revises: 0fede4061419
Create Date: 2026-12-03 05:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e91b5d20'
down_revision = '0fede4061419'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('document_bundles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_document_bundles_agency_id_agencies')),
    sa.ForeignKeyConstraint(['period_id'], ['periods.id'], name=op.f('fk_document_bundles_period_id_periods')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_document_bundles_requested_by_id_users')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_document_bundles_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_bundles'))
    )
    op.create_index(op.f('ix_document_bundles_agency_id'), 'document_bundles', ['agency_id'], unique=False)
    op.create_index('ix_document_bundles_unit_period', 'document_bundles', ['unit_id', 'period_id'], unique=False)
    op.create_table('outside_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('audit_event_id', sa.Integer(), nullable=True),
    sa.Column('step', sa.String(length=30), nullable=False),
    sa.Column('period_no', sa.Integer(), nullable=True),
    sa.Column('official_name', sa.String(length=200), nullable=False),
    sa.Column('official_title', sa.String(length=200), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('scan_title', sa.String(length=255), nullable=False),
    sa.Column('scan_stored_name', sa.String(length=80), nullable=False),
    sa.Column('scan_content_type', sa.String(length=120), nullable=False),
    sa.Column('scan_size', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_outside_decisions_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['audit_event_id'], ['audit_events.id'], name=op.f('fk_outside_decisions_audit_event_id_audit_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_outside_decisions_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outside_decisions')),
    sa.UniqueConstraint('scan_stored_name', name=op.f('uq_outside_decisions_scan_stored_name'))
    )
    op.create_index(op.f('ix_outside_decisions_assessment_id'), 'outside_decisions', ['assessment_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_outside_decisions_assessment_id'), table_name='outside_decisions')
    op.drop_table('outside_decisions')
    op.drop_index('ix_document_bundles_unit_period', table_name='document_bundles')
    op.drop_index(op.f('ix_document_bundles_agency_id'), table_name='document_bundles')
    op.drop_table('document_bundles')
