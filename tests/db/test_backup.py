"""`flask --app app backup` / `restore` (portal.backups): a round trip into an empty database and
folder gives back every row of every table and every evidence file byte for byte, on SQLite and
PostgreSQL; a backup taken while another connection writes is one consistent snapshot; restore
refuses a damaged archive, another schema revision and a target that is not empty (unless
--force, which replaces it and says what it replaced)."""
from __future__ import annotations

import contextvars
import hashlib
import io
import json
import sqlite3
import tarfile
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal import backups, create_app
from portal.extensions import db
from portal.models import LoginAttempt, SurveyResponse
from portal.services.feedback import surveys
from portal.services.people import logins
from tests.http.helpers import advance, make_service

OLDER_REVISION = "c41d9e7a2b58"  # any revision that is not this portal's head


def _set_revision(engine, revision: str | None) -> None:
    """Stamp the database as the migrations would have left it (tests build it by create_all)."""
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        if revision:
            connection.exec_driver_sql(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
            connection.exec_driver_sql(
                f"INSERT INTO alembic_version (version_num) VALUES ('{revision}')")


@pytest.fixture
def source(app, tmp_path):
    """The test app as the portal to back up: stamped at the head revision, its evidence folder
    in tmp_path; unstamped again afterwards (the PostgreSQL database is reused by later tests)."""
    app.config["EVIDENCE_DIR"] = str(tmp_path / "evidence")
    _set_revision(db.engine, backups.head_revision())
    yield app
    db.session.remove()
    _set_revision(db.engine, None)


@pytest.fixture
def target(app, tmp_path):
    """An empty database (a new SQLite file, or a new PostgreSQL database beside the test's) and
    an evidence folder that does not exist yet, as a second app: the portal to restore into."""
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    server = None
    if url.get_backend_name() == "postgresql":
        url = url.set(database=f"{url.database}_restore")
        server = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{url.database}"')
            connection.exec_driver_sql(f'CREATE DATABASE "{url.database}"')
    else:
        url = url.set(database=str(tmp_path / "restored.sqlite"))
    restored = create_app({"TESTING": True, "SECRET_KEY": app.config["SECRET_KEY"],
                           "SQLALCHEMY_DATABASE_URI": url.render_as_string(hide_password=False),
                           "EVIDENCE_DIR": str(tmp_path / "restored" / "evidence")})
    yield restored
    contextvars.Context().run(_dispose, restored)
    if server is not None:
        with server.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{url.database}"')
        server.dispose()


def _dispose(app):
    with app.app_context():
        db.engine.dispose()


def run(app, *args):
    """A flask command of app, in its own app context (as from a shell), not the test's."""
    db.session.close()  # the test's session holds no lock the command would wait for
    return contextvars.Context().run(app.test_cli_runner().invoke, args=list(args))


def fill(org, app, cycle: bool = True) -> None:
    """Rows in many tables (with cycle, an assessment through the whole cycle: RHK, indicators,
    realisations, ratings, calibration, audit events, notifications; a survey answer; login
    attempts; a rate limit count) and evidence files in nested folders, binary and empty."""
    if cycle:
        advance(org, "approved")
    service = make_service(org, officers=(org.asn,))
    surveys.submit_response(service, None, [4, 3, 3, 4, 3, 4, 4, 2, 3], "Cepat, ramah",
                            client=surveys.client_key("36.85.1.2"),
                            form_token=surveys.new_form_token(service))
    with pytest.raises(logins.LoginFailed):
        logins.sign_in(org.asn.login, "salah", "36.85.1.2")
    citizen = app.test_client()  # a bot's post: counted by the rate limit
    citizen.environ_base["REMOTE_ADDR"] = "36.85.1.3"
    citizen.post(f"/s/{service.code}", data={"website": "http://spam.example"})
    folder = Path(app.config["EVIDENCE_DIR"])
    for name, data in {"ab/0123456789abcdef0123456789abcdef": bytes(range(256)) * 40,
                       "ab/cd/laporan triwulan.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
                       "kosong": b""}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def everything(app) -> tuple[dict[str, list], dict[str, bytes]]:
    """Every row of every table of app's database (the schema revision too), and every file of
    its evidence folder with its bytes."""
    def read():
        with app.app_context(), db.engine.connect() as connection:
            quote = connection.dialect.identifier_preparer.quote
            return {table: sorted((tuple(row) for row in connection.exec_driver_sql(
                        f"SELECT * FROM {quote(table)}")), key=repr)
                    for table in sa.inspect(connection).get_table_names()}
    folder = Path(app.config["EVIDENCE_DIR"])
    files = {path.relative_to(folder).as_posix(): path.read_bytes()
             for path in sorted(folder.rglob("*")) if path.is_file()}
    return contextvars.Context().run(read), files


def test_a_backup_restored_into_an_empty_database_and_folder_gives_back_every_row_and_file(
        source, org, rules, target, tmp_path):
    fill(org, source)
    archive = tmp_path / "kinerja.tar.gz"

    made = run(source, "backup", str(archive))
    restored = run(target, "restore", str(archive))

    assert made.exit_code == 0, made.output
    assert restored.exit_code == 0, restored.output
    assert "row counts match the backup" in restored.output
    rows, files = everything(source)
    assert sum(1 for table in rows.values() if table) >= 20  # many tables hold data
    assert rows["alembic_version"] == [(backups.head_revision(),)]
    assert len(files) == 3
    assert everything(target) == (rows, files)


def test_the_manifest_lists_the_revision_the_counts_and_every_file_with_its_checksum(
        source, org, tmp_path):
    fill(org, source, cycle=False)
    (tmp_path / "backups").mkdir()

    path, manifest = backups.backup(tmp_path / "backups")

    assert path.parent == tmp_path / "backups" and path.name.startswith("kinerja-")
    assert manifest["format_version"] == backups.FORMAT_VERSION
    assert manifest["database"]["kind"] == db.engine.dialect.name
    assert manifest["database"]["alembic_revision"] == backups.head_revision()
    rows, files = everything(source)
    assert manifest["tables"] == {table: len(found) for table, found in rows.items()
                                  if table != "alembic_version"}
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == {f"evidence/{name}" for name in files}
    assert listed["evidence/kosong"]["size"] == 0
    assert listed["evidence/kosong"]["sha256"] == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    with tarfile.open(path) as archive:
        assert json.loads(archive.extractfile("manifest.json").read()) == manifest


# --- refusals ----------------------------------------------------------------------------------

@pytest.fixture
def archive(source, org, tmp_path) -> Path:
    fill(org, source, cycle=False)
    return backups.backup(tmp_path / "kinerja.tar.gz")[0]


def _rewrite(archive: Path, change) -> Path:
    """A copy of archive whose members pass through change(name, data) -> data."""
    copy = archive.with_name("changed.tar.gz")
    with tarfile.open(archive) as original, tarfile.open(copy, "w:gz") as changed:
        for member in original:
            data = change(member.name, original.extractfile(member).read())
            member.size = len(data)
            changed.addfile(member, io.BytesIO(data))
    return copy


def assert_untouched(target) -> None:
    rows, files = everything(target)
    assert not any(rows.values()) and files == {}


@pytest.mark.one_database
def test_restore_refuses_an_archive_whose_file_does_not_match_its_checksum(archive, target):
    damaged = _rewrite(archive, lambda name, data: data[:-1] + b"X" if name.endswith(
        "0123456789abcdef") else data)

    result = run(target, "restore", str(damaged))

    assert result.exit_code == 1
    assert "damaged" in result.output and "does not match its checksum" in result.output
    assert_untouched(target)


@pytest.mark.one_database
def test_restore_refuses_a_truncated_archive_and_a_changed_manifest(archive, target):
    truncated = archive.with_name("truncated.tar.gz")
    truncated.write_bytes(archive.read_bytes()[:len(archive.read_bytes()) // 2])
    forged = _rewrite(archive, lambda name, data: data.replace(b'"kind"', b'"kind" ')
                      if name == "manifest.json" else data)

    cut = run(target, "restore", str(truncated))
    changed = run(target, "restore", str(forged))

    assert cut.exit_code == 1 and "damaged" in cut.output
    assert changed.exit_code == 1 and "manifest does not match its checksum" in changed.output
    assert_untouched(target)


@pytest.mark.one_database
def test_restore_says_so_when_the_restored_counts_differ_from_the_manifest(archive, target):
    """A manifest that claims one row more than its database holds (made consistent with its own
    checksum, as a faulty backup would write it): the restore names the table."""
    manifest = {}

    def claim_more(name, data):
        if name == "manifest.json":
            manifest.update(json.loads(data))
            manifest["tables"]["login_attempts"] += 1
            return json.dumps(manifest).encode()
        if name == "manifest.sha256":
            return hashlib.sha256(json.dumps(manifest).encode()).hexdigest().encode()
        return data

    result = run(target, "restore", str(_rewrite(archive, claim_more)))

    assert result.exit_code == 1
    assert "differs from the backup's counts in: login_attempts" in result.output


def test_restore_refuses_a_backup_of_another_schema_revision(source, org, target, tmp_path):
    fill(org, source, cycle=False)
    _set_revision(db.engine, OLDER_REVISION)
    archive, _manifest = backups.backup(tmp_path / "old.tar.gz")

    result = run(target, "restore", str(archive))

    assert result.exit_code == 1
    assert f"schema revision {OLDER_REVISION}" in result.output
    assert backups.head_revision() in result.output
    assert_untouched(target)


def test_restore_into_a_database_with_data_is_refused_unless_forced_which_replaces_it(
        archive, source, org):
    db.session.add(LoginAttempt(login="sesudah-backup", address="x", outcome="failed"))
    db.session.commit()
    later = Path(source.config["EVIDENCE_DIR"]) / "sesudah-backup"
    later.write_bytes(b"later")

    refused = run(source, "restore", str(archive))

    assert refused.exit_code == 1
    assert "not empty" in refused.output and "--force" in refused.output
    assert "login_attempts 2" in refused.output and "(4 files)" in refused.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginAttempt)) == 2

    forced = run(source, "restore", "--force", str(archive))

    assert forced.exit_code == 0, forced.output
    assert "Replaced the database" in forced.output
    assert [a.login for a in db.session.scalars(sa.select(LoginAttempt))] == [org.asn.login]
    assert not later.exists() and len(everything(source)[1]) == 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyResponse)) == 1


# --- SQLite's online backup ---------------------------------------------------------------------

@pytest.mark.one_database
def test_a_backup_taken_while_another_connection_writes_is_one_consistent_snapshot(tmp_path):
    """Another connection commits pairs of login attempts (both rows in one transaction) as fast
    as it can while backups are taken: each backup holds whole pairs only, and its manifest
    counts exactly what its copy holds."""
    path = tmp_path / "busy.sqlite"
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI":
                      f"sqlite:///{path}", "EVIDENCE_DIR": str(tmp_path / "evidence")})
    with app.app_context():
        db.create_all()
        _set_revision(db.engine, backups.head_revision())
    stop, written = threading.Event(), []

    def writer():
        connection = sqlite3.connect(path, timeout=10)
        while not stop.is_set():
            n = len(written)
            with connection:
                connection.executemany(
                    "INSERT INTO login_attempts (at, login, address, outcome) "
                    "VALUES ('2026-12-03 08:00:00', ?, 'x', 'failed')",
                    [(f"pair-{n}",), (f"pair-{n}",)])
            written.append(n)
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 20:
            stop.wait(0.01)
        with app.app_context():
            made = [backups.backup(tmp_path / f"b{n}.tar.gz") for n in range(3)]
    finally:
        stop.set()
        thread.join()

    counts = []
    for archive, manifest in made:
        copied = tmp_path / archive.stem / "database.sqlite"
        copied.parent.mkdir()
        with tarfile.open(archive) as opened:  # (extract's filter= needs Python 3.11.4)
            copied.write_bytes(opened.extractfile("database.sqlite").read())
        copy = sqlite3.connect(copied)
        per_login = copy.execute(
            "SELECT login, count(*) FROM login_attempts GROUP BY login").fetchall()
        copy.close()
        assert {n for _login, n in per_login} == {2}
        assert manifest["tables"]["login_attempts"] == 2 * len(per_login)
        counts.append(len(per_login))
    assert counts[0] >= 20 and counts == sorted(counts)
    assert len(written) > counts[-1]  # the writer went on after the last backup
