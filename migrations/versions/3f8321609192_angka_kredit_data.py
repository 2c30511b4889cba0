"""Angka kredit data BKD edits: the koefisien and cumulative targets per jenjang, the percentage
per predikat (seeded from domain.md 12, unverified), and the log of their changes

Revision ID: 3f8321609192
Revises: d97fe41a7fbd
Create Date: 2026-12-03 11:00:00

"""
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3f8321609192'
down_revision = 'd97fe41a7fbd'
branch_labels = None
depends_on = None

# The seed as domain.md 12 gives it, frozen here (the migration never reads the live rules):
# jenjang -> (yearly koefisien, cumulative AK for the next pangkat, for the next jenjang).
JENJANG = {
    "Ahli Utama": ("50", "200", None), "Ahli Madya": ("37.5", "150", "450"),
    "Ahli Muda": ("25", "100", "200"), "Ahli Pertama": ("12.5", "50", "100"),
    "Penyelia": ("25", "100", None), "Mahir": ("12.5", "20", "60"),
    "Terampil": ("5", "50", "100"), "Pemula": ("3.75", "15", "15"),
}
PERCENT = {"sangat_baik": "150", "baik": "100", "butuh_perbaikan": "75", "kurang": "50",
           "sangat_kurang": "25"}


def _decimal(text):
    return None if text is None else Decimal(text)


def upgrade():
    jenjang = op.create_table('angka_kredit_jenjang',
    sa.Column('jenjang', sa.String(length=20), nullable=False),
    sa.Column('koefisien', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('target_pangkat', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('target_jenjang', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('verified', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('jenjang', name=op.f('pk_angka_kredit_jenjang'))
    )
    percent = op.create_table('angka_kredit_percent',
    sa.Column('predikat', sa.String(length=20), nullable=False),
    sa.Column('percent', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('verified', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.PrimaryKeyConstraint('predikat', name=op.f('pk_angka_kredit_percent'))
    )
    op.create_table('angka_kredit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('subject', sa.String(length=20), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_angka_kredit_events_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_angka_kredit_events'))
    )
    with op.batch_alter_table('angka_kredit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_angka_kredit_events_at'), ['at'], unique=False)
    op.bulk_insert(jenjang, [
        {'jenjang': name, 'koefisien': _decimal(k), 'target_pangkat': _decimal(p),
         'target_jenjang': _decimal(j), 'verified': False}
        for name, (k, p, j) in JENJANG.items()])
    op.bulk_insert(percent, [{'predikat': p, 'percent': _decimal(v), 'verified': False}
                             for p, v in PERCENT.items()])


def downgrade():
    with op.batch_alter_table('angka_kredit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_angka_kredit_events_at'))
    op.drop_table('angka_kredit_events')
    op.drop_table('angka_kredit_percent')
    op.drop_table('angka_kredit_jenjang')
