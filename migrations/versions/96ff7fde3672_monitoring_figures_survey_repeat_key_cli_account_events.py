"""The monitoring page's figures across agencies, computed by a background job; survey
responses' repeat key, unique; account events done on the server's command line (no actor)

Revision ID: 96ff7fde3672
Revises: 0ff439cf61df
Create Date: 2026-12-03 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '96ff7fde3672'
down_revision = "0ff439cf61df"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'monitoring_figures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('period_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('key', sa.String(length=30), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'],
                                name=op.f('fk_monitoring_figures_agency_id_agencies'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['period_id'], ['periods.id'],
                                name=op.f('fk_monitoring_figures_period_id_periods'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_figures')),
        sa.UniqueConstraint('period_id', 'agency_id', 'kind', 'key',
                            name='uq_monitoring_figures_period_agency_kind_key'),
    )
    op.add_column('survey_responses', sa.Column('repeat_key', sa.String(length=64),
                                                nullable=True))
    op.create_index('ix_survey_responses_repeat_key', 'survey_responses', ['repeat_key'],
                    unique=True)
    with op.batch_alter_table('account_events') as batch:
        batch.alter_column('actor_id', existing_type=sa.Integer(), nullable=True)


def downgrade():
    # Events of the command line are given to the account they changed (actor is required).
    op.execute("UPDATE account_events SET actor_id = user_id WHERE actor_id IS NULL")
    with op.batch_alter_table('account_events') as batch:
        batch.alter_column('actor_id', existing_type=sa.Integer(), nullable=False)
    op.drop_index('ix_survey_responses_repeat_key', table_name='survey_responses')
    with op.batch_alter_table('survey_responses') as batch:
        batch.drop_column('repeat_key')
    op.drop_table('monitoring_figures')
