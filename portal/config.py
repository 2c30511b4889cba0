"""Settings read from the environment, with safe local defaults (a SQLite file under instance/)."""
import os
import secrets
from pathlib import Path


def _default_database_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "kinerja.sqlite")


def _secret_key(instance_path: str) -> str:
    """Read SECRET_KEY from the environment, else a per-installation key kept in instance/.

    A key generated once and stored beside the database keeps sessions valid across restarts
    without ever shipping a hard-coded secret.
    """
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def engine_options(database_url: str) -> dict:
    """SQLAlchemy engine options for database_url: on PostgreSQL the portal's sessions run with
    the JIT compiler off and random_page_cost at 1.1, both set in the connection's start-up
    packet (no extra round trip), psycopg's cursor describes a result's columns only when
    asked, and psycopg keeps its conversion of the pages' long statements (portal.pg_cursor).

    JIT: the pages ask short questions of a few rows, but a misestimated subquery (statistics
    not yet gathered after a bulk import) pushes a plan's cost over jit_above_cost, and
    compiling it took 18 ms of a 22 ms statement in the 100,000-employee benchmark.

    random_page_cost: the default, 4, models a spinning disk. With it the planner read the whole
    employees table (100,000 rows) to join the 700 rated assessments of one agency on the
    calibration page, rather than look each employee up by key: 31 against 3 ms a view
    (bench/README.md). The portal's working set sits in memory or on SSD on any server that
    runs it, the case PostgreSQL's documentation gives 1.1 for."""
    if database_url.startswith("postgresql"):
        from portal.pg_cursor import Cursor, keep_long_statements_converted
        keep_long_statements_converted()
        return {"connect_args": {"options": "-c jit=off -c random_page_cost=1.1",
                                 "cursor_factory": Cursor}}
    return {}


def load(instance_path: str) -> dict:
    """Return the configuration mapping for an app whose instance folder is instance_path."""
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL")
        or _default_database_url(instance_path),
        "BABEL_DEFAULT_LOCALE": os.environ.get("DEFAULT_LOCALE", "id"),
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("TIMEZONE", "Asia/Jakarta"),
        "LANGUAGES": ("id", "en"),
        # Cookies: never readable by scripts, not sent on cross-site posts, and Secure (HTTPS
        # only) in production, where SESSION_COOKIE_SECURE=1. The remember cookie follows suit.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE") == "1",
        # A session unused this long ends (portal.auth.sessions); polling does not count as use.
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", "60")),
        # Login throttling (portal.services.people.logins), counted in the database.
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "5 per 15 minutes"),
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "30 per 15 minutes"),
        # The shortest password a user may choose (portal.services.people.accounts).
        "PASSWORD_MIN_LENGTH": int(os.environ.get("PASSWORD_MIN_LENGTH", "10")),
        "WTF_CSRF_TIME_LIMIT": None,
        "PAGE_SIZE": int(os.environ.get("PAGE_SIZE", "50")),
        # After this many requests a process moves what it holds out of the garbage collector's
        # walks (portal.heap); 0: never.
        "GC_FREEZE_AFTER": int(os.environ.get("GC_FREEZE_AFTER", "1000")),
        # Notification e-mail; without MAIL_SERVER notifications stay in the portal only.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "0") == "1",
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "kinerja@localhost"),
        "MAIL_TIMEOUT": float(os.environ.get("MAIL_TIMEOUT", "10")),
        # The portal's public address for QR codes, counter cards and e-mail links (portal.links);
        # unset: the address each request came to, and only paths outside a request.
        "PORTAL_BASE_URL": os.environ.get("PORTAL_BASE_URL", ""),
        # What several app servers share (portal.ratelimits): with REDIS_URL (redis://host:6379/0)
        # the rate limits count in Redis, else in the database. RATELIMIT_STORAGE_URI, if set,
        # overrides both (any limits storage URI; memory:// would count per process).
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", ""),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Reverse proxies in front of the portal whose X-Forwarded-For is trusted. Without this
        # every citizen behind an nginx would share the proxy's address in the rate limit.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        # Survey answers accepted per client address (behind TRUSTED_PROXIES, the citizen's).
        "SURVEY_RATE_LIMIT": os.environ.get("SURVEY_RATE_LIMIT", "20 per 10 minutes"),
        # How long a survey form the portal issued stays valid, in seconds.
        "SURVEY_FORM_MAX_AGE": int(os.environ.get("SURVEY_FORM_MAX_AGE", str(2 * 60 * 60))),
        # The job queue (portal.services.queue): Redis when REDIS_URL (above) is set, else a
        # SQLite file (JOB_QUEUE_FILE, default instance/jobs.sqlite) shared by the app and its
        # worker; JOBS_IMMEDIATE=1 runs each job inline in the process that asks (tests, scripts).
        "JOB_QUEUE_FILE": os.environ.get("JOB_QUEUE_FILE", ""),
        "JOBS_IMMEDIATE": os.environ.get("JOBS_IMMEDIATE", "0") == "1",
        # A failing job is tried this many times in all, JOB_RETRY_DELAY seconds times the
        # attempts apart; a worker holds a job for JOB_LEASE_SECONDS without progress before
        # the job counts as lost with its worker and is sent again.
        "JOB_ATTEMPTS": int(os.environ.get("JOB_ATTEMPTS", "3")),
        "JOB_RETRY_DELAY": int(os.environ.get("JOB_RETRY_DELAY", "30")),
        "JOB_LEASE_SECONDS": int(os.environ.get("JOB_LEASE_SECONDS", "600")),
        # The worker sends the daily reminders and refreshes the computed indicators at this
        # hour of the portal's time zone.
        "REMINDERS_HOUR": int(os.environ.get("REMINDERS_HOUR", "7")),
        # The e-mail outbox (portal.services.messaging.outbox): a sender holds a message for
        # OUTBOX_LEASE_SECONDS; a message that failed OUTBOX_ATTEMPTS times is given up.
        "OUTBOX_ATTEMPTS": int(os.environ.get("OUTBOX_ATTEMPTS", "5")),
        "OUTBOX_LEASE_SECONDS": int(os.environ.get("OUTBOX_LEASE_SECONDS", "300")),
        "IMPORT_MAX_BYTES": int(os.environ.get("IMPORT_MAX_BYTES", str(20 * 1024 * 1024))),
        # A file with more data rows is refused whole; of its problems only the first ones are
        # stored (all are counted), so a bad file cannot fill the database.
        "IMPORT_MAX_ROWS": int(os.environ.get("IMPORT_MAX_ROWS", "200000")),
        "IMPORT_MAX_PROBLEMS": int(os.environ.get("IMPORT_MAX_PROBLEMS", "1000")),
        # Zips of a unit's PDFs (portal.documents.bundles): where they are built, and how long
        # a finished one is kept (a newer zip of the same unit, period and kind replaces it).
        "BUNDLE_DIR": os.environ.get("BUNDLE_DIR", ""),
        # Where evidence files are kept (default instance/evidence); backups include it.
        "EVIDENCE_DIR": os.environ.get("EVIDENCE_DIR", ""),
        # pg_dump/pg_restore for backups: default the server's version under Debian's
        # /usr/lib/postgresql/<major>/bin, else the PATH.
        "PG_BINDIR": os.environ.get("PG_BINDIR", ""),
        "BUNDLE_MAX_AGE_HOURS": int(os.environ.get("BUNDLE_MAX_AGE_HOURS", "24")),
        # Where uploaded import files wait (default instance/imports).
        "IMPORT_DIR": os.environ.get("IMPORT_DIR", ""),
        # Settings whose defaults live beside the code that uses them (evidence.py, documents):
        # taken from the environment only when set there.
        **{key: os.environ[key] for key in ("DOCUMENT_PLACE", "DOCUMENT_INSTANCE")
           if os.environ.get(key)},
        **({"MAX_EVIDENCE_BYTES": int(os.environ["MAX_EVIDENCE_BYTES"])}
           if os.environ.get("MAX_EVIDENCE_BYTES") else {}),
    }
