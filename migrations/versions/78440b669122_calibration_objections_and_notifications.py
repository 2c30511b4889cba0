"""Calibration, objections and notifications

Revision ID: 78440b669122
Revises: fd61e845ca2d
Create Date: 2026-11-27 20:51:58.680819

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '78440b669122'
down_revision = 'fd61e845ca2d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('distribution_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_predikat', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('predikat', sa.String(length=80), nullable=False),
    sa.Column('percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_distribution_rules'))
    )
    with op.batch_alter_table('distribution_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_distribution_rules_org_predikat'), ['org_predikat'], unique=False)

    # The spread of shared domain.md section 5 as the starting data (admins edit it later).
    # Written out here, not imported, so this revision stays what it was when it ran.
    rules = sa.table('distribution_rules', sa.column('org_predikat', sa.String),
                     sa.column('kind', sa.String), sa.column('predikat', sa.String),
                     sa.column('percent', sa.Numeric))
    op.bulk_insert(rules, [
        dict(org_predikat=org, kind=kind, predikat=predikat, percent=percent)
        for org, kind, predikat, percent in [
            ('istimewa', 'at_most', 'sangat_baik', 70),
            ('baik', 'at_most', 'baik', 70),
            ('baik', 'some', 'butuh_perbaikan,kurang', 0),
            ('butuh_perbaikan', 'at_least', 'butuh_perbaikan', 60),
            ('butuh_perbaikan', 'at_most', 'sangat_baik', 10),
            ('kurang', 'at_least', 'kurang', 60),
            ('kurang', 'at_least', 'butuh_perbaikan', 10),
            ('kurang', 'at_most', 'sangat_baik', 10),
            ('sangat_kurang', 'at_least', 'sangat_kurang', 60),
            ('sangat_kurang', 'at_least', 'kurang,butuh_perbaikan', 10),
            ('sangat_kurang', 'at_most', 'sangat_baik', 0),
        ]
    ])
    op.create_table('calibration_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('org_predikat', sa.String(length=20), nullable=True),
    sa.Column('rules_broken', sa.Integer(), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('assessments', sa.Integer(), nullable=False),
    sa.Column('finished_by_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_calibration_records_agency_id_agencies')),
    sa.ForeignKeyConstraint(['finished_by_id'], ['users.id'], name=op.f('fk_calibration_records_finished_by_id_users')),
    sa.ForeignKeyConstraint(['period_id'], ['periods.id'], name=op.f('fk_calibration_records_period_id_periods')),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_calibration_records_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calibration_records'))
    )
    with op.batch_alter_table('calibration_records', schema=None) as batch_op:
        batch_op.create_index('ix_calibration_records_period_agency', ['period_id', 'agency_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=True),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('emailed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_notifications_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_read', ['user_id', 'read_at'], unique=False)

    op.create_table('objections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=30), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('filed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decider_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=True),
    sa.Column('decision_text', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('before_hasil_kerja', sa.String(length=10), nullable=True),
    sa.Column('before_perilaku', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_objections_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decider_id'], ['employees.id'], name=op.f('fk_objections_decider_id_employees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objections'))
    )
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objections_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_objections_decider_id'), ['decider_id'], unique=False)

    op.create_table('org_predikats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('predikat', sa.String(length=20), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_org_predikats_agency_id_agencies')),
    sa.ForeignKeyConstraint(['period_id'], ['periods.id'], name=op.f('fk_org_predikats_period_id_periods')),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_org_predikats_set_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_predikats')),
    sa.UniqueConstraint('agency_id', 'period_id', name=op.f('uq_org_predikats_agency_id'))
    )
    op.create_table('reminder_logs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_reminder_logs_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reminder_logs_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_logs')),
    sa.UniqueConstraint('sent_on', 'user_id', 'assessment_id', 'kind', name=op.f('uq_reminder_logs_sent_on'))
    )
    op.create_table('objection_statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('objection_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_objection_statements_author_id_users')),
    sa.ForeignKeyConstraint(['objection_id'], ['objections.id'], name=op.f('fk_objection_statements_objection_id_objections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_objection_statements'))
    )
    with op.batch_alter_table('objection_statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_objection_statements_objection_id'), ['objection_id'], unique=False)

    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('original_rating_hasil_kerja', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('original_rating_perilaku', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('finalised_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('periods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('objection_days', sa.Integer(), nullable=False,
                                      server_default='14'))



def downgrade():
    with op.batch_alter_table('periods', schema=None) as batch_op:
        batch_op.drop_column('objection_days')

    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_column('finalised_at')
        batch_op.drop_column('original_rating_perilaku')
        batch_op.drop_column('original_rating_hasil_kerja')

    with op.batch_alter_table('objection_statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objection_statements_objection_id'))

    op.drop_table('objection_statements')
    op.drop_table('reminder_logs')
    op.drop_table('org_predikats')
    with op.batch_alter_table('objections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_objections_decider_id'))
        batch_op.drop_index(batch_op.f('ix_objections_assessment_id'))

    op.drop_table('objections')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_read')

    op.drop_table('notifications')
    with op.batch_alter_table('calibration_records', schema=None) as batch_op:
        batch_op.drop_index('ix_calibration_records_period_agency')

    op.drop_table('calibration_records')
    with op.batch_alter_table('distribution_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_distribution_rules_org_predikat'))

    op.drop_table('distribution_rules')
