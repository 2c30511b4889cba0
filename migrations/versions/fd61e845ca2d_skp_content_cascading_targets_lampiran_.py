"""SKP content: cascading, targets, lampiran, expectations, periodic realisations, evidence, feedback

Revision ID: fd61e845ca2d
Revises: 014d5a9c87ff
Create Date: 2026-11-27 20:45:14.958658

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fd61e845ca2d'
down_revision = '014d5a9c87ff'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('behaviour_expectations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('value_code', sa.String(length=30), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_behaviour_expectations_assessment_id_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_behaviour_expectations')),
    sa.UniqueConstraint('assessment_id', 'value_code', name=op.f('uq_behaviour_expectations_assessment_id'))
    )
    op.create_table('periodic_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('period_no', sa.Integer(), nullable=False),
    sa.Column('rating_hasil_kerja', sa.String(length=10), nullable=False),
    sa.Column('rating_hasil_kerja_note', sa.Text(), nullable=False),
    sa.Column('rating_perilaku', sa.String(length=10), nullable=False),
    sa.Column('rating_perilaku_note', sa.Text(), nullable=False),
    sa.Column('predikat', sa.String(length=20), nullable=False),
    sa.Column('rated_by_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_periodic_ratings_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rated_by_id'], ['users.id'], name=op.f('fk_periodic_ratings_rated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_periodic_ratings')),
    sa.UniqueConstraint('assessment_id', 'period_no', name=op.f('uq_periodic_ratings_assessment_id'))
    )
    op.create_table('skp_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_skp_attachments_assessment_id_assessments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skp_attachments'))
    )
    with op.batch_alter_table('skp_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_skp_attachments_assessment_id'), ['assessment_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('realisation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=4), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('stored_name', sa.String(length=80), nullable=True),
    sa.Column('content_type', sa.String(length=120), nullable=True),
    sa.Column('size', sa.Integer(), nullable=True),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['realisation_id'], ['realisations.id'], name=op.f('fk_evidence_realisation_id_realisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_evidence_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_evidence_stored_name'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_realisation_id'), ['realisation_id'], unique=False)

    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('period_no', sa.Integer(), nullable=False),
    sa.Column('realisation_id', sa.Integer(), nullable=True),
    sa.Column('value_code', sa.String(length=30), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_feedback_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_feedback_author_id_users')),
    sa.ForeignKeyConstraint(['realisation_id'], ['realisations.id'], name=op.f('fk_feedback_realisation_id_realisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback'))
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_assessment_at', ['assessment_id', 'at'], unique=False)

    with op.batch_alter_table('assessments', schema=None) as batch_op:
        # The single justification becomes the hasil kerja one; perilaku gets its own.
        batch_op.alter_column('rating_note', new_column_name='rating_hasil_kerja_note',
                              existing_type=sa.Text(), existing_nullable=True)
        batch_op.add_column(sa.Column('rating_perilaku_note', sa.Text(), nullable=True))

    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('target_max', sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column('lower_is_better', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('target_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('perspective', sa.String(length=30), nullable=True))
        batch_op.alter_column('target_value',
               existing_type=sa.NUMERIC(precision=14, scale=2),
               nullable=True)

    with op.batch_alter_table('periods', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evaluation_frequency', sa.String(length=10), nullable=False,
                                      server_default='quarterly'))

    with op.batch_alter_table('realisations', schema=None) as batch_op:
        # Realisations recorded so far were the annual ones (period 0).
        batch_op.add_column(sa.Column('period_no', sa.Integer(), nullable=False, server_default='0'))
        batch_op.alter_column('value',
               existing_type=sa.NUMERIC(precision=14, scale=2),
               nullable=True)
        batch_op.drop_constraint(batch_op.f('uq_realisations_indicator_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_realisations_indicator_id'), ['indicator_id', 'period_no'])

    with op.batch_alter_table('rhks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parent_rhk_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('supervisor_comment', sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f('ix_rhks_parent_rhk_id'), ['parent_rhk_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_rhks_parent_rhk_id_rhks'), 'rhks', ['parent_rhk_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('rhks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_rhks_parent_rhk_id_rhks'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_rhks_parent_rhk_id'))
        batch_op.drop_column('supervisor_comment')
        batch_op.drop_column('parent_rhk_id')

    with op.batch_alter_table('realisations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_realisations_indicator_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_realisations_indicator_id'), ['indicator_id'])
        batch_op.alter_column('value',
               existing_type=sa.NUMERIC(precision=14, scale=2),
               nullable=False)
        batch_op.drop_column('period_no')

    with op.batch_alter_table('periods', schema=None) as batch_op:
        batch_op.drop_column('evaluation_frequency')

    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.alter_column('target_value',
               existing_type=sa.NUMERIC(precision=14, scale=2),
               nullable=False)
        batch_op.drop_column('perspective')
        batch_op.drop_column('target_text')
        batch_op.drop_column('lower_is_better')
        batch_op.drop_column('target_max')

    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_column('rating_perilaku_note')
        batch_op.alter_column('rating_hasil_kerja_note', new_column_name='rating_note',
                              existing_type=sa.Text(), existing_nullable=True)

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index('ix_feedback_assessment_at')

    op.drop_table('feedback')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_realisation_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('skp_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_skp_attachments_assessment_id'))

    op.drop_table('skp_attachments')
    op.drop_table('periodic_ratings')
    op.drop_table('behaviour_expectations')
