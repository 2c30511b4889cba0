"""Where the rate limits count: a store every app server shares, never one process's memory.

With REDIS_URL set, Flask-Limiter counts in Redis (limits' own Redis storage). Without it, it
counts in the database through DatabaseStorage below, a limits storage registered under the
scheme database://: one row per fixed window (portal.models.RateLimitCount), incremented by a
single INSERT ... ON CONFLICT DO UPDATE ... RETURNING, which SQLite and PostgreSQL both run
atomically, so two servers posting at once cannot both see the old count. Windows that have
ended are deleted after the next count, in a transaction of their own.

Why a storage and not a count of the survey's own rows: the limit must count every post,
including the ones stored nothing (honeypot bots, repeats, forged forms), and Flask-Limiter keeps
answering with the same 429 page, Retry-After and X-RateLimit headers whatever the storage.
Only the fixed-window strategy (Flask-Limiter's default) is supported here.
"""
from __future__ import annotations

import time

import sqlalchemy as sa
from limits.storage import Storage
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.models import RateLimitCount

SCHEME = "database"
TABLE = RateLimitCount.__table__


def storage_uri(config: dict) -> str:
    """The limiter's storage for these settings: RATELIMIT_STORAGE_URI if set, else Redis when
    REDIS_URL is set, else the database."""
    return (config.get("RATELIMIT_STORAGE_URI") or config.get("REDIS_URL")
            or f"{SCHEME}://")


def _insert(dialect: str):
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(TABLE)


class DatabaseStorage(Storage):
    """A limits storage in the portal's database (the current app's engine, so it needs an
    application context, which Flask-Limiter's checks always have)."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count amount hits against key; a new window of expiry seconds starts when there is
        none or the last one has ended. Returns the count of the current window."""
        now = time.time()
        ended = TABLE.c.expires_at <= now
        insert = _insert(db.engine.dialect.name).values(key=key, count=amount,
                                                        expires_at=now + expiry)
        upsert = insert.on_conflict_do_update(
            index_elements=[TABLE.c.key],
            set_={"count": sa.case((ended, amount), else_=TABLE.c.count + amount),
                  "expires_at": sa.case((ended, now + expiry), else_=TABLE.c.expires_at)},
        ).returning(TABLE.c.count)
        with db.engine.begin() as connection:  # one row locked: never a deadlock
            count = connection.execute(upsert).scalar_one()
        self._delete_ended(now)
        return count

    @staticmethod
    def _delete_ended(now: float) -> None:
        """Delete the windows that have ended, skipping rows another server holds (PostgreSQL;
        SQLite has one writer at a time), so that two clean-ups never wait on each other."""
        ended = (sa.select(TABLE.c.key).where(TABLE.c.expires_at <= now)
                 .with_for_update(skip_locked=True))
        with db.engine.begin() as connection:
            connection.execute(sa.delete(TABLE).where(TABLE.c.key.in_(ended)))

    def _current(self, key: str):
        with db.engine.connect() as connection:
            return connection.execute(
                sa.select(TABLE.c.count, TABLE.c.expires_at)
                .where(TABLE.c.key == key, TABLE.c.expires_at > time.time())).first()

    def get(self, key: str) -> int:
        row = self._current(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._current(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(sa.select(1))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(sa.delete(TABLE)).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(sa.delete(TABLE).where(TABLE.c.key == key))
