"""Organisation and employee imports; jenjang of positions, PNS/PPPK, first-login password change

Positions gain the jenjang of a functional post; employees whether they are PNS or PPPK; users
a flag that makes them choose a password at the next login (accounts made by an import have
none). people_imports and people_import_rows hold the imports and their row-by-row reports.

Revision ID: a3c91e5d7b20
Revises: a3c1e5d7f901
Create Date: 2026-12-02 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c91e5d7b20'
down_revision = 'a3c1e5d7f901'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('people_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
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
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_people_imports_agency_id_agencies')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_people_imports_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people_imports'))
    )
    with op.batch_alter_table('people_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_imports_sha256'), ['sha256'], unique=False)

    op.create_table('people_import_rows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('row_no', sa.Integer(), nullable=False),
    sa.Column('column', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('before', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['people_imports.id'], name=op.f('fk_people_import_rows_import_id_people_imports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people_import_rows'))
    )
    with op.batch_alter_table('people_import_rows', schema=None) as batch_op:
        batch_op.create_index('ix_people_import_rows_import_row', ['import_id', 'row_no'], unique=False)

    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('jenjang', sa.String(length=20), nullable=True))

    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('asn_status', sa.String(length=4), nullable=False, server_default='PNS'))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')

    with op.batch_alter_table('employees', schema=None) as batch_op:
        batch_op.drop_column('asn_status')

    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.drop_column('jenjang')

    with op.batch_alter_table('people_import_rows', schema=None) as batch_op:
        batch_op.drop_index('ix_people_import_rows_import_row')

    op.drop_table('people_import_rows')
    with op.batch_alter_table('people_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_imports_sha256'))

    op.drop_table('people_imports')
