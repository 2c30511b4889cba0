"""Service imports count every problem found, though only the first ones are stored

Revision ID: a3c1e5d7f901
Revises: a3c9e1d4b7f2
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c1e5d7f901'
down_revision = 'a3c9e1d4b7f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('service_imports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('problem_count', sa.Integer(), server_default='0',
                                      nullable=False))
    # Imports made before kept every problem: the stored ones are the count.
    service_imports = sa.table('service_imports', sa.column('id', sa.Integer),
                               sa.column('problem_count', sa.Integer))
    import_problems = sa.table('import_problems', sa.column('import_id', sa.Integer))
    op.execute(service_imports.update().values(problem_count=(
        sa.select(sa.func.count()).select_from(import_problems)
        .where(import_problems.c.import_id == service_imports.c.id).scalar_subquery())))


def downgrade():
    with op.batch_alter_table('service_imports', schema=None) as batch_op:
        batch_op.drop_column('problem_count')
