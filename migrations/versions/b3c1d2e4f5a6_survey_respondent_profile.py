"""The citizen survey's optional respondent profile: age band, sex, education, occupation

Each a nullable code (portal.rules.ikm.PROFILE); answers stored before have none.

Revision ID: b3c1d2e4f5a6
Revises: b3c81f0d2a6e
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3c1d2e4f5a6'
down_revision = 'b3c81f0d2a6e'
branch_labels = None
depends_on = None

PROFILE = ('age_band', 'sex', 'education', 'occupation')


def upgrade():
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        for name in PROFILE:
            batch_op.add_column(sa.Column(name, sa.String(length=12), nullable=True))


def downgrade():
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        for name in reversed(PROFILE):
            batch_op.drop_column(name)
