"""The indicator library: suggested RHK with their indicators per sector, and the sector of each
agency (the content is inserted by `flask seed-library`, which `make migrate` runs)

Revision ID: 0ff439cf61df
Revises: 401ef0917569
Create Date: 2026-12-03 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0ff439cf61df'
down_revision = "401ef0917569"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('skp_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('post', sa.String(length=200), nullable=False),
    sa.Column('approach', sa.String(length=12), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('retired_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_skp_templates_created_by_id_users')),
    sa.ForeignKeyConstraint(['retired_by_id'], ['users.id'], name=op.f('fk_skp_templates_retired_by_id_users')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_skp_templates_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skp_templates'))
    )
    with op.batch_alter_table('skp_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_skp_templates_sector'), ['sector'], unique=False)

    op.create_table('skp_template_indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('aspect', sa.String(length=10), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('target_value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('target_max', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('target_unit', sa.String(length=40), nullable=False),
    sa.Column('lower_is_better', sa.Boolean(), nullable=False),
    sa.Column('target_text', sa.Text(), nullable=True),
    sa.Column('perspective', sa.String(length=30), nullable=True),
    sa.Column('data_source', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['template_id'], ['skp_templates.id'], name=op.f('fk_skp_template_indicators_template_id_skp_templates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skp_template_indicators'))
    )
    with op.batch_alter_table('skp_template_indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_skp_template_indicators_template_id'), ['template_id'], unique=False)

    op.create_table('agency_sectors',
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_agency_sectors_agency_id_agencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('agency_id', name=op.f('pk_agency_sectors'))
    )


def downgrade():
    op.drop_table('agency_sectors')
    with op.batch_alter_table('skp_template_indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_skp_template_indicators_template_id'))
    op.drop_table('skp_template_indicators')
    with op.batch_alter_table('skp_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_skp_templates_sector'))
    op.drop_table('skp_templates')
