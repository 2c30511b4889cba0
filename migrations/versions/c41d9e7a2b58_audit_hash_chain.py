"""The audit log's hash chain: prev_hash and hash on audit_events, filled for existing events

Revision ID: c41d9e7a2b58
Revises: 8e3a61c0f4d7
Create Date: 2026-12-03 07:15:00

"""
import datetime as dt
import hashlib
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c41d9e7a2b58'
down_revision = '8e3a61c0f4d7'
branch_labels = None
depends_on = None

# Frozen copy of portal/services/review/audit_chain.py's event_hash as of this revision: the
# chain written here must verify with it.
GENESIS = "0" * 64
CONTENT = ("assessment_id", "actor_id", "at", "trigger", "from_state", "to_state", "reason",
           "changes")
CHUNK = 1000

events = sa.table(
    'audit_events',
    sa.column('id', sa.Integer), sa.column('assessment_id', sa.Integer),
    sa.column('actor_id', sa.Integer), sa.column('at', sa.DateTime(timezone=True)),
    sa.column('trigger', sa.String), sa.column('from_state', sa.String),
    sa.column('to_state', sa.String), sa.column('reason', sa.Text),
    sa.column('changes', sa.JSON), sa.column('prev_hash', sa.String),
    sa.column('hash', sa.String),
)


def _event_hash(content, prev_hash):
    canonical = {name: content[name] for name in CONTENT}
    at = canonical["at"]
    at = at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)
    canonical["at"] = at.isoformat(timespec="microseconds")
    canonical["prev_hash"] = prev_hash
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def upgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))

    connection = op.get_bind()
    prev, last_id = GENESIS, 0
    while True:  # in id order, a chunk at a time, so that millions of rows fit in memory
        rows = connection.execute(
            sa.select(*[events.c[name] for name in ('id', *CONTENT)])
            .where(events.c.id > last_id).order_by(events.c.id).limit(CHUNK)).all()
        if not rows:
            break
        updates = []
        for row in rows:
            digest = _event_hash(row._asdict(), prev)
            updates.append({'row_id': row.id, 'new_prev': prev, 'new_hash': digest})
            prev, last_id = digest, row.id
        connection.execute(
            events.update().where(events.c.id == sa.bindparam('row_id'))
            .values(prev_hash=sa.bindparam('new_prev'), hash=sa.bindparam('new_hash')),
            updates)


def downgrade():
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
