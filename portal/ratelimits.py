"""Where the rate limits count: a store every app server shares, never one process's memory.

With REDIS_URL set, Flask-Limiter counts in Redis (limits' own Redis storage, wrapped in
RedisOrDatabaseStorage below: while Redis cannot be reached the counts go to the database,
with a warning in the log, rather than every limited page failing). Without it, it
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

import functools
import logging
import time

import sqlalchemy as sa
from flask.globals import _cv_request
from limits.storage import Storage, storage_from_string
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.models import RateLimitCount

SCHEME = "database"
TABLE = RateLimitCount.__table__


FALLBACK_PREFIX = "fallback+"  # fallback+redis://host:6379/0: RedisOrDatabaseStorage
# How long the limits count in the database once Redis failed, before Redis is tried again.
REDIS_RETRY_SECONDS = 30
log = logging.getLogger(__name__)


def storage_uri(config: dict) -> str:
    """The limiter's storage for these settings: RATELIMIT_STORAGE_URI if set, else Redis when
    REDIS_URL is set (the database while Redis is down), else the database."""
    if config.get("RATELIMIT_STORAGE_URI"):
        return config["RATELIMIT_STORAGE_URI"]
    if config.get("REDIS_URL"):
        return FALLBACK_PREFIX + config["REDIS_URL"]
    return f"{SCHEME}://"


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


class RedisOrDatabaseStorage(Storage):
    """Redis (limits' RedisStorage, with short socket timeouts), and DatabaseStorage while Redis
    cannot be reached: the first failure logs a warning and the counts go to the database for
    REDIS_RETRY_SECONDS, then Redis is tried again. A window's count restarts on the switch,
    which lets a client a few more posts at worst; refusing every citizen's answer would be
    worse. Scheme: fallback+ before the Redis URI."""

    STORAGE_SCHEME = [f"{FALLBACK_PREFIX}redis", f"{FALLBACK_PREFIX}rediss",
                      f"{FALLBACK_PREFIX}redis+unix"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        options.setdefault("socket_connect_timeout", 1)
        options.setdefault("socket_timeout", 1)
        self.redis = storage_from_string(uri.removeprefix(FALLBACK_PREFIX), **options)
        self.database = DatabaseStorage()
        self.redis_down_until = 0.0

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def _call(self, method: str, *args):
        if time.time() >= self.redis_down_until:
            try:
                return getattr(self.redis, method)(*args)
            except Exception as error:  # noqa: BLE001  (redis' errors, whatever their kind)
                self.redis_down_until = time.time() + REDIS_RETRY_SECONDS
                log.warning("rate limits: Redis unreachable (%s: %s); counting in the database "
                            "for %s s", type(error).__name__, error, REDIS_RETRY_SECONDS)
        return getattr(self.database, method)(*args)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return self._call("incr", key, expiry, amount)

    def get(self, key: str) -> int:
        return self._call("get", key)

    def get_expiry(self, key: str) -> float:
        return self._call("get_expiry", key)

    def check(self) -> bool:
        return self.redis.check() or self.database.check()

    def reset(self) -> int | None:
        return self._call("reset")

    def clear(self, key: str) -> None:
        self._call("clear", key)


# Settings that would give every route a limit; with none of them, only decorated routes have one.
_APP_WIDE_LIMITS = ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META")


def check_limited_routes_only(app, limiter) -> None:
    """Run Flask-Limiter's per-request check only on the routes that carry a limit.

    Its before_request hook resolves the limits of every request (about 280 Python calls, some
    5 % of a small signed-in request) although the portal has no default or application-wide
    limit: only routes decorated with @limiter.limit (the survey) have one, and their decorator
    checks the limit again when the view runs. So the hook is kept for those routes only
    (the decorator marks its wrapper with the limiter), and so are its after-request hook (the
    X-RateLimit headers) and its teardown. Refuses to start if an app-wide limit is configured,
    since every route would then need the hook.
    """
    manager = limiter.limit_manager
    assert not (manager.default_limits or manager.application_limits
                or any(app.config.get(name) for name in _APP_WIDE_LIMITS)), \
        "check_limited_routes_only: an app-wide limit needs Flask-Limiter's hook on every route"
    hooks = app.before_request_funcs[None]
    index = hooks.index(limiter._check_request_limit)
    limited: dict[str | None, bool] = {}

    def is_limited() -> bool:
        request = _cv_request.get().request  # not through its proxy: asked three times a request
        endpoint = request.endpoint
        found = limited.get(endpoint)
        if found is None:
            view = app.view_functions.get(endpoint or "")
            blueprint = request.blueprint
            found = limited[endpoint] = bool(
                getattr(view, "__wrapper-limiter-instance", None) == limiter  # a weak proxy
                or manager.has_hints(endpoint or "")
                or (blueprint and manager.blueprint_limits(app, blueprint)))
        return found

    def check_request_limit():
        if is_limited():
            limiter._check_request_limit()

    hooks[index] = check_request_limit
    # Its after-request hook (the X-RateLimit headers, the deductions of a limit counted on the
    # response) and its teardown (which resets what the check and the decorator noted for this
    # request) have nothing to do on a route without a limit either.
    after = app.after_request_funcs[None]
    inject = next(hook for hook in after
                  if isinstance(hook, functools.partial) and hook.args == (limiter,))
    release = next(hook for hook in app.teardown_request_funcs[None]
                   if getattr(hook, "__self__", None) is limiter)

    def inject_headers(response):
        return inject(response) if is_limited() else response

    def release_context(error=None):
        if is_limited():
            release(error)

    after[after.index(inject)] = inject_headers
    teardown = app.teardown_request_funcs[None]
    teardown[teardown.index(release)] = release_context
