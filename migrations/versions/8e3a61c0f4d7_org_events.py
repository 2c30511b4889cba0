"""The audit of the organisation's changes made by hand (org_events)

Revision ID: 8e3a61c0f4d7
Revises: a7c3e91b5d20
Create Date: 2026-12-03 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e3a61c0f4d7'
down_revision = 'a7c3e91b5d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('org_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_org_events_agency_id_agencies')),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_org_events_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_events'))
    )
    op.create_index(op.f('ix_org_events_agency_id'), 'org_events', ['agency_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_org_events_agency_id'), table_name='org_events')
    op.drop_table('org_events')
