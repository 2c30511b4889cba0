"""Shared fixtures: an app on a fresh database, a small organisation with named personas, and a
test client that logs in and sends the CSRF token like the browser does.

The database is SQLite in a temporary file unless TEST_DATABASE_URL points at PostgreSQL
(`make test` runs the suite once on each).
"""
from __future__ import annotations

import contextvars
import datetime as dt
import functools
import os
import re
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from flask_sqlalchemy import SQLAlchemy
from jinja2 import BytecodeCache
from werkzeug.routing.rules import Rule
from werkzeug.security import generate_password_hash

from portal import create_app
from portal.extensions import db
from portal.models import (
    Agency, Assessment, DistributionRule, Employee, Period, Position, RoleGrant, Unit, User,
)
from portal.rules.distribution import DEFAULT_RULES
from portal.services.planning.periods import open_period

PASSWORD = "rahasia-uji-123"

# redis_server / redis_url: a throwaway Redis for what several app servers share.
pytest_plugins = ["tests.redis_server"]


# The app fixture keeps one application context pushed for the whole test, and Flask reuses an
# active context for requests: all requests of a test would share `g` and the database session
# (Flask-WTF caches the CSRF token in `g`, so a second persona's login would fail). Running each
# request in an empty contextvars.Context makes Flask push and tear down a fresh application
# context per request, as in production; the test reads the database through its own session.
# Passwords are hashed with one PBKDF2 round (a login costs microseconds, not 0.1 s), and compiled
# templates are shared between the per-test apps (Jinja recompiles a template whose source changed).
@pytest.fixture(autouse=True)
def _each_request_in_its_own_app_context(monkeypatch):
    open_in_test_context = FlaskClient.open

    def open_in_own_context(self, *args, **kwargs):
        return contextvars.Context().run(open_in_test_context, self, *args, **kwargs)

    monkeypatch.setattr(FlaskClient, "open", open_in_own_context)


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch):
    monkeypatch.setattr("portal.models.people.generate_password_hash",
                        functools.partial(generate_password_hash, method="pbkdf2:sha256:1"))


_build_url_builder = Rule._compile_builder
_url_builders: dict[tuple, object] = {}


def _shared_url_builder(rule: Rule, append_unknown: bool = True):
    """Werkzeug's URL builder of a rule, compiled once per test process instead of once per app.

    Every test builds its own app, and werkzeug generates and compiles Python source for each of
    the ~140 routes' URL builders: four fifths of create_app's time. The generated function
    depends only on the rule's parsed parts, its defaults and append_unknown, and it reads the
    converters from the rule it is bound to (self._converters), so one compiled function serves
    the same rule of every app.
    """
    key = (tuple(rule._trace), repr(sorted((rule.defaults or {}).items())), append_unknown)
    if key not in _url_builders:
        _url_builders[key] = _build_url_builder(rule, append_unknown)
    return _url_builders[key]


Rule._compile_builder = _shared_url_builder


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept for the whole run: each test's new app need not parse them again."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_templates = _MemoryBytecodeCache()


def pytest_collection_modifyitems(config, items):
    """On the PostgreSQL run, leave out the tests that never open the test database (rules,
    parsers, the workflow's tables, the template audit, the demo seed on its own SQLite file):
    they would only repeat the SQLite run, and CI's budget is better spent on the tests the
    database can change."""
    if not os.environ.get("TEST_DATABASE_URL"):
        return
    left_out = [item for item in items if "database_url" not in item.fixturenames]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if "database_url" in item.fixturenames]


@pytest.fixture(scope="session")
def sqlite_schema(tmp_path_factory) -> Path:
    """A SQLite file holding the empty schema, made once: copying it beats DDL in every test."""
    path = tmp_path_factory.mktemp("schema") / "schema.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    db.metadata.create_all(engine)
    engine.dispose()
    return path


_engines: dict[str, sa.Engine] = {}
_new_engine = SQLAlchemy._make_engine


def _engine_per_database(self, bind_key, options, app) -> sa.Engine:
    """One engine per database (and engine options) for the whole test process.

    Every test builds its own app, and Flask-SQLAlchemy a new engine for each: a new dialect,
    and SQLAlchemy keys its compiled-statement cache by dialect, so every statement a test ran was
    compiled again — about half of a small test's own time. The tests of a process use one
    database (SQLite: one file of this process, a fresh copy of the empty schema per test;
    PostgreSQL: this worker's database, emptied per test), so they share its engine, its
    dialect and its cache; each test still closes the engine's connections when it ends.
    """
    key = repr(sorted(options.items()))
    if key not in _engines:
        _engines[key] = _new_engine(self, bind_key, options, app)
    return _engines[key]


SQLAlchemy._make_engine = _engine_per_database


@pytest.fixture(scope="session")
def sqlite_test_file(tmp_path_factory) -> Path:
    """The SQLite file this process's tests run on, one at a time (see database_url)."""
    return tmp_path_factory.mktemp("db") / "test.sqlite"


def _fresh_copy(source: Path, target: Path) -> None:
    """Put a copy of source at target's path: the shared engine's connections are closed first,
    and the copy is a new file (renamed into place) with no WAL of the old one beside it, so a
    connection a test left open can only see the file it had."""
    url = f"sqlite:///{target}"
    for engine in _engines.values():
        if str(engine.url) == url:
            engine.dispose()
    for leftover in (Path(f"{target}-wal"), Path(f"{target}-shm")):
        leftover.unlink(missing_ok=True)
    copy = target.with_suffix(".copy")
    shutil.copyfile(source, copy)
    copy.replace(target)


@pytest.fixture
def database_url(sqlite_schema, sqlite_test_file) -> str:
    """A fresh copy of the empty schema in this process's SQLite file, or the PostgreSQL database
    of this pytest-xdist worker."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        _fresh_copy(sqlite_schema, sqlite_test_file)
        return f"sqlite:///{sqlite_test_file}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"{url}_{worker}" if worker else url


def _empty_schema() -> None:
    """Give the test an empty schema: a SQLite file is a fresh copy of it already; a PostgreSQL
    database has the tables the last test filled truncated and every sequence restarted. Only
    the filled ones: TRUNCATE costs about a millisecond a table however small, and DELETE, cheap
    on a few rows, crawls through the foreign-key checks of the tests that make thousands. The
    migration test drops the schema, so it is created again when missing.
    """
    if not sa.inspect(db.engine).has_table("users"):
        db.create_all()
        return
    if db.engine.dialect.name != "postgresql":
        return  # a fresh copy of the empty schema
    with db.engine.begin() as connection:
        filled = connection.exec_driver_sql(" UNION ALL ".join(
            f"""SELECT '"{table.name}"' WHERE EXISTS (SELECT FROM "{table.name}")"""
            for table in db.metadata.sorted_tables)).scalars().all()
        sequences = connection.exec_driver_sql(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()").scalars()
        connection.exec_driver_sql("; ".join(
            ([f"TRUNCATE {', '.join(filled)} CASCADE"] if filled else [])
            + [f'ALTER SEQUENCE "{name}" RESTART' for name in sequences]))


@pytest.fixture
def app(database_url):
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        # Background jobs run inline, at once: tests stay synchronous (portal.services.queue).
        "JOBS_IMMEDIATE": True,
        "JOB_RETRY_DELAY": 0,
    })
    app.jinja_env.bytecode_cache = _templates
    with app.app_context():
        _empty_schema()
        yield app
        db.session.remove()
        db.engine.dispose()


@dataclass
class Persona:
    """A user of the test organisation; employee_id is None for users without a post."""

    user_id: int
    login: str
    employee_id: int | None = None


@dataclass
class Org:
    """The test organisation and its personas (see org fixture)."""

    agency_id: int
    other_agency_id: int
    period_id: int
    asn: Persona            # an ASN of Dukcapil, the assessed employee in most tests
    supervisor: Persona     # the ASN's Kepala Bidang: their Pejabat Penilai Kinerja
    peer: Persona           # another staff member of the same bidang (same supervisor)
    head: Persona           # the Kepala Dinas: approver of Dukcapil, the supervisor's assessor
    committee: Persona      # an Inspektorat auditor on Dukcapil's calibration committee
    outsider: Persona       # a Dinas Kesehatan employee: no link to Dukcapil at all
    other_committee: Persona  # committee member of Dinas Kesehatan only
    admin: Persona          # a BKD admin (province-wide, no employee)

    def assessment_id(self, persona: Persona) -> int:
        return db.session.scalar(sa.select(Assessment.id).where(
            Assessment.employee_id == persona.employee_id,
            Assessment.period_id == self.period_id))


def _person(unit: Unit, title: str, jenis: str, parent: Position | None, nip: str, name: str,
            golongan: str, password_hash: str) -> tuple[Employee, User, Position]:
    position = Position(unit=unit, title=title, jenis_jabatan=jenis, parent=parent)
    employee = Employee(nip=nip, name=name, golongan=golongan, jenis_jabatan=jenis,
                        position=position)
    user = User(employee=employee, display_name=name, password_hash=password_hash)
    db.session.add_all([position, employee, user])
    return employee, user, position


@pytest.fixture
def org(app) -> Org:
    """Dukcapil (head -> kabid -> two staff), Dinas Kesehatan (one staff), roles, an open period."""
    return build_org()


def build_org() -> Org:
    """The org fixture's organisation, for a test that needs a fresh one more than once (the
    workflow property test builds one per example)."""
    probe = User(display_name="x", password_hash="")
    probe.set_password(PASSWORD)
    pw = probe.password_hash
    dukcapil = Agency(code="DUKCAPIL", name="Dinas Kependudukan dan Pencatatan Sipil")
    dinkes = Agency(code="DINKES", name="Dinas Kesehatan")
    inspektorat = Agency(code="INSP", name="Inspektorat")
    root = Unit(agency=dukcapil, name="Dinas Kependudukan dan Pencatatan Sipil")
    bidang = Unit(agency=dukcapil, parent=root, name="Bidang Pelayanan Pendaftaran Penduduk")
    kes_root = Unit(agency=dinkes, name="Dinas Kesehatan")
    insp_root = Unit(agency=inspektorat, name="Inspektorat")
    db.session.add_all([dukcapil, dinkes, inspektorat, root, bidang, kes_root, insp_root])

    head, head_user, head_pos = _person(root, "Kepala Dinas", "JPT Pratama", None,
                                        "197003151995031002", "Drs. Hendra Saputra", "IV/c", pw)
    sup, sup_user, sup_pos = _person(bidang, "Kepala Bidang Pelayanan Pendaftaran Penduduk",
                                     "Administrator", head_pos, "197805122003122001",
                                     "Rahmawati, S.Sos", "IV/a", pw)
    asn, asn_user, _ = _person(bidang, "Pengelola Data Kependudukan", "Pelaksana", sup_pos,
                               "199001102015031003", "Andi Pratama", "III/a", pw)
    peer, peer_user, _ = _person(bidang, "Verifikator Berkas Kependudukan", "Pelaksana", sup_pos,
                                 "199205212019022004", "Siti Nurhaliza", "II/d", pw)
    out, out_user, _ = _person(kes_root, "Pranata Komputer", "Fungsional Terampil", None,
                               "198811092010011005", "Budi Hartono", "III/b", pw)
    aud, aud_user, _ = _person(insp_root, "Auditor Ahli Muda", "Fungsional Ahli Muda", None,
                               "198402142009032006", "Yuliana Sitompul", "III/d", pw)
    other_committee_user = User(email="komite.dinkes@jambiprov.go.id", display_name="Komite Dinkes",
                                password_hash=pw)
    admin_user = User(email="admin@bkd.jambiprov.go.id", display_name="Admin BKD", password_hash=pw)
    db.session.add_all([other_committee_user, admin_user])
    db.session.flush()
    db.session.add_all([
        RoleGrant(user=head_user, role="approver", agency_id=dukcapil.id),
        RoleGrant(user=aud_user, role="committee", agency_id=dukcapil.id),
        RoleGrant(user=other_committee_user, role="committee", agency_id=dinkes.id),
        RoleGrant(user=admin_user, role="admin"),
    ])
    period = Period(year=2026, status="draft", targets_due=dt.date(2026, 1, 31),
                    self_assessment_due=dt.date(2026, 12, 15), review_due=dt.date(2026, 12, 31),
                    calibration_due=dt.date(2027, 1, 15), approval_due=dt.date(2027, 1, 31))
    db.session.add(period)
    db.session.commit()
    open_period(period)

    def persona(user: User, employee: Employee | None = None) -> Persona:
        login = employee.nip if employee else user.email
        return Persona(user.id, login, employee.id if employee else None)

    return Org(
        agency_id=dukcapil.id, other_agency_id=dinkes.id, period_id=period.id,
        asn=persona(asn_user, asn), supervisor=persona(sup_user, sup), peer=persona(peer_user, peer),
        head=persona(head_user, head), committee=persona(aud_user, aud),
        outsider=persona(out_user, out), other_committee=persona(other_committee_user),
        admin=persona(admin_user),
    )


class PortalClient:
    """A logged-in test client that sends the CSRF token the layout gives the browser."""

    def __init__(self, client):
        self.client = client
        self.csrf = None

    def login(self, login: str, password: str = PASSWORD):
        page = self.client.get("/auth/login").get_data(as_text=True)
        self.csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = self.client.post("/auth/login", data={
            "login": login, "password": password, "csrf_token": self.csrf})
        assert response.status_code == 302, response.get_data(as_text=True)
        return self

    def get(self, url, htmx: bool = False, **kwargs):
        headers = kwargs.pop("headers", {})
        if htmx:
            headers["HX-Request"] = "true"
        return self.client.get(url, headers=headers, **kwargs)

    def post(self, url, data=None, htmx: bool = True, csrf: bool = True, **kwargs):
        headers = kwargs.pop("headers", {})
        if htmx:
            headers["HX-Request"] = "true"
        if csrf:
            headers["X-CSRFToken"] = self.csrf
        return self.client.post(url, data=data or {}, headers=headers, **kwargs)


@pytest.fixture
def rules(app):
    """The default spread rules as the migration seeds them (tests build tables by create_all)."""
    db.session.add_all(DistributionRule(org_predikat=r.org_predikat, kind=r.kind,
                                        predikat=",".join(r.predikat), percent=r.percent)
                       for r in DEFAULT_RULES)
    db.session.commit()


@pytest.fixture
def login_as(app):
    """login_as(persona) -> a PortalClient signed in as that persona (each with its own cookies)."""
    def _login(persona: Persona) -> PortalClient:
        return PortalClient(app.test_client()).login(persona.login)
    return _login


def fill_targets(assessment_id: int) -> None:
    """Give a draft SKP one RHK with one indicator, directly in the database (test set-up).

    Where the RHK must cascade, it intervenes an RHK of the supervisor's SKP, which is given one
    and marked fixed (targets_approved) if it is still a draft: a set-up shortcut, since the
    test organisation's head has no assessor who could fix the chain from the top.
    """
    from portal.services.review.assessments import cascade_required

    assessment = db.session.get(Assessment, assessment_id)
    parent = None
    if cascade_required(assessment):
        upper = db.session.scalar(sa.select(Assessment).where(
            Assessment.employee_id == assessment.assessor_id,
            Assessment.period_id == assessment.period_id))
        if not upper.rhks:
            upper.rhks.append(_rhk("Meningkatnya kualitas layanan administrasi kependudukan",
                                   "Indeks kepuasan layanan", Decimal("85"), "indeks"))
        if upper.state == "draft_targets":
            upper.state = "targets_approved"
        db.session.flush()
        parent = upper.rhks[0]
    rhk = _rhk("Terlaksananya penerbitan KTP-el tepat waktu", "Jumlah KTP-el diterbitkan",
               Decimal("1200"), "dokumen")
    rhk.parent = parent
    assessment.rhks.append(rhk)
    db.session.commit()


def _rhk(text: str, indicator: str, target: Decimal, unit: str):
    from portal.models import Indicator, Rhk

    rhk = Rhk(kind="utama", text=text)
    rhk.indicators.append(Indicator(aspect="kuantitas", text=indicator, target_value=target,
                                    target_unit=unit))
    return rhk
