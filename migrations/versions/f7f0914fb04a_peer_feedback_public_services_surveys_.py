"""Peer feedback, public services, citizen surveys and service records

Indicators gain a data source; computed realisations record how many records they rest on.

Revision ID: f7f0914fb04a
Revises: 78440b669122
Create Date: 2026-11-27 22:55:34.051944

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f7f0914fb04a'
down_revision = '78440b669122'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('services',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('standard_minutes', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_services_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_services')),
    sa.UniqueConstraint('code', name=op.f('uq_services_code')),
    sa.UniqueConstraint('unit_id', 'name', name=op.f('uq_services_unit_id'))
    )
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_services_unit_id'), ['unit_id'], unique=False)

    op.create_table('service_officers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employees.id'], name=op.f('fk_service_officers_employee_id_employees')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_service_officers_service_id_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_officers')),
    sa.UniqueConstraint('code', name=op.f('uq_service_officers_code')),
    sa.UniqueConstraint('service_id', 'employee_id', name=op.f('uq_service_officers_service_id'))
    )
    with op.batch_alter_table('service_officers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_officers_employee_id'), ['employee_id'], unique=False)

    op.create_table('survey_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('u1', sa.SmallInteger(), nullable=True),
    sa.Column('u2', sa.SmallInteger(), nullable=True),
    sa.Column('u3', sa.SmallInteger(), nullable=True),
    sa.Column('u4', sa.SmallInteger(), nullable=True),
    sa.Column('u5', sa.SmallInteger(), nullable=True),
    sa.Column('u6', sa.SmallInteger(), nullable=True),
    sa.Column('u7', sa.SmallInteger(), nullable=True),
    sa.Column('u8', sa.SmallInteger(), nullable=True),
    sa.Column('u9', sa.SmallInteger(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('client_key', sa.String(length=64), nullable=False),
    sa.Column('form_token', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['officer_id'], ['employees.id'], name=op.f('fk_survey_responses_officer_id_employees')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_survey_responses_service_id_services')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_responses')),
    sa.UniqueConstraint('form_token', name=op.f('uq_survey_responses_form_token'))
    )
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.create_index('ix_survey_responses_client_at', ['client_key', 'submitted_at'], unique=False)
        batch_op.create_index('ix_survey_responses_officer_at', ['officer_id', 'submitted_at'], unique=False)
        batch_op.create_index('ix_survey_responses_service_at', ['service_id', 'submitted_at'], unique=False)

    op.create_table('peer_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('period_no', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_peer_reviews_approved_by_id_users')),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_peer_reviews_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_peer_reviews_requested_by_id_users')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['employees.id'], name=op.f('fk_peer_reviews_reviewer_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_reviews')),
    sa.UniqueConstraint('assessment_id', 'period_no', 'reviewer_id', name=op.f('uq_peer_reviews_assessment_id'))
    )
    with op.batch_alter_table('peer_reviews', schema=None) as batch_op:
        batch_op.create_index('ix_peer_reviews_reviewer_answered', ['reviewer_id', 'answered_at'], unique=False)

    op.create_table('service_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('mode', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('total_rows', sa.Integer(), nullable=False),
    sa.Column('processed_rows', sa.Integer(), nullable=False),
    sa.Column('valid_rows', sa.Integer(), nullable=False),
    sa.Column('error_rows', sa.Integer(), nullable=False),
    sa.Column('inserted_rows', sa.Integer(), nullable=False),
    sa.Column('updated_rows', sa.Integer(), nullable=False),
    sa.Column('unchanged_rows', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_service_imports_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_imports'))
    )
    with op.batch_alter_table('service_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_imports_sha256'), ['sha256'], unique=False)

    op.create_table('import_problems',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('row_no', sa.Integer(), nullable=False),
    sa.Column('column', sa.String(length=40), nullable=False),
    sa.Column('problem', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['service_imports.id'], name=op.f('fk_import_problems_import_id_service_imports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_problems'))
    )
    with op.batch_alter_table('import_problems', schema=None) as batch_op:
        batch_op.create_index('ix_import_problems_import_row', ['import_id', 'row_no'], unique=False)

    op.create_table('peer_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('value_code', sa.String(length=30), nullable=False),
    sa.Column('score', sa.SmallInteger(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['peer_reviews.id'], name=op.f('fk_peer_scores_review_id_peer_reviews'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_peer_scores')),
    sa.UniqueConstraint('review_id', 'value_code', name=op.f('uq_peer_scores_review_id'))
    )
    op.create_table('service_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('corrections', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['service_imports.id'], name=op.f('fk_service_records_import_id_service_imports'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['officer_id'], ['employees.id'], name=op.f('fk_service_records_officer_id_employees')),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_service_records_service_id_services')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_records')),
    sa.UniqueConstraint('service_id', 'officer_id', 'received_at', name=op.f('uq_service_records_service_id'))
    )
    with op.batch_alter_table('service_records', schema=None) as batch_op:
        batch_op.create_index('ix_service_records_officer_received', ['officer_id', 'received_at'], unique=False)

    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data_source', sa.String(length=30), nullable=False, server_default='manual'))
        batch_op.add_column(sa.Column('source_service_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_indicators_source_service_id_services'), 'services', ['source_service_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('periods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('peer_anonymity_threshold', sa.Integer(), nullable=False, server_default='3'))

    with op.batch_alter_table('realisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('computed_at', sa.DateTime(timezone=True), nullable=True))



def downgrade():
    with op.batch_alter_table('realisations', schema=None) as batch_op:
        batch_op.drop_column('computed_at')
        batch_op.drop_column('source_count')

    with op.batch_alter_table('periods', schema=None) as batch_op:
        batch_op.drop_column('peer_anonymity_threshold')

    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_indicators_source_service_id_services'), type_='foreignkey')
        batch_op.drop_column('source_service_id')
        batch_op.drop_column('data_source')

    with op.batch_alter_table('service_records', schema=None) as batch_op:
        batch_op.drop_index('ix_service_records_officer_received')

    op.drop_table('service_records')
    op.drop_table('peer_scores')
    with op.batch_alter_table('import_problems', schema=None) as batch_op:
        batch_op.drop_index('ix_import_problems_import_row')

    op.drop_table('import_problems')
    with op.batch_alter_table('service_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_imports_sha256'))

    op.drop_table('service_imports')
    with op.batch_alter_table('peer_reviews', schema=None) as batch_op:
        batch_op.drop_index('ix_peer_reviews_reviewer_answered')

    op.drop_table('peer_reviews')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_index('ix_survey_responses_service_at')
        batch_op.drop_index('ix_survey_responses_officer_at')
        batch_op.drop_index('ix_survey_responses_client_at')

    op.drop_table('survey_responses')
    with op.batch_alter_table('service_officers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_officers_employee_id'))

    op.drop_table('service_officers')
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_services_unit_id'))

    op.drop_table('services')
