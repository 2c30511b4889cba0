"""`flask --app app backup PATH` and `restore PATH`: the database and the evidence files in one
archive, taken while the portal runs, restored only when it is whole and fits.

The archive is a gzip-compressed tar holding
- database.sqlite (SQLite: a copy made with SQLite's online backup API, one step, so it is one
  consistent snapshot even while other connections write) or database.dump (PostgreSQL: pg_dump
  in custom format, run on a snapshot exported from a REPEATABLE READ transaction, in which the
  schema revision and the row counts are read too, so counts and dump agree);
- evidence/... : every file under EVIDENCE_DIR, copied after the database snapshot (a file is
  written before the row naming it is committed, so every file the snapshot names is there,
  unless its owner deleted it while the backup ran; a file newer than the snapshot comes along
  unnamed and harmless);
- manifest.json: format version, database kind, Alembic revision, the row count of every table,
  and every member with its size and SHA-256; manifest.sha256 holds the manifest's own SHA-256.

Restore checks everything before it changes anything: the checksums and sizes of every member
(a damaged archive is refused), the database kind, the schema revision against this portal's
migrations, and that the target database and evidence folder are empty unless force is given
(then it says what it overwrites). It restores the database (SQLite's backup API into the target
file; pg_restore for PostgreSQL), puts the evidence folder in place, and checks the restored row
counts against the manifest.

Not in the archive: SECRET_KEY (keep it with the server's configuration: survey client hashes,
sessions and signed links depend on it), import uploads and PDF zips (transient, rebuilt on
demand), and Redis (rate-limit counts only).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import current_app

from portal.extensions import db
from portal.services.execution.evidence import evidence_dir

FORMAT = "kinerja-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_SUM = "manifest.sha256"
EVIDENCE = "evidence"
DATABASE_FILE = {"sqlite": "database.sqlite", "postgresql": "database.dump"}
CHUNK = 1 << 20
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Restored:
    """What a restore put back: the manifest's counts and the files written."""

    tables: dict[str, int]
    files: int
    overwritten: list[str] = field(default_factory=list)


# --- helpers ------------------------------------------------------------------------------------

def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def head_revision() -> str:
    """The schema revision this portal's migrations lead to."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    heads = ScriptDirectory.from_config(config).get_heads()
    return ",".join(sorted(heads))


def _revision(connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    revisions = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars()
    return ",".join(sorted(revisions)) or None


def _quote(connection, table: str) -> str:
    return connection.dialect.identifier_preparer.quote(table)


def _row_counts(connection) -> dict[str, int]:
    """The number of rows of every table of the database (its own tables, not only the models')."""
    tables = sorted(name for name in sa.inspect(connection).get_table_names()
                    if name != "alembic_version")
    return {table: connection.exec_driver_sql(
        f"SELECT count(*) FROM {_quote(connection, table)}").scalar_one() for table in tables}


def _kind() -> str:
    name = db.engine.dialect.name
    if name not in DATABASE_FILE:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def _sqlite_path() -> Path:
    database = db.engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("The SQLite database must be a file to be backed up or restored.")
    return Path(database)


def _libpq() -> tuple[str, dict[str, str]]:
    """The database's address for pg_dump/pg_restore, the password passed in the environment
    (never on a command line every user of the machine can read)."""
    url = db.engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(drivername="postgresql", password=None).render_as_string(
        hide_password=False), env


def _pg_tool(name: str) -> str:
    """pg_dump or pg_restore of the server's major version (an older pg_dump refuses a newer
    server): PG_BINDIR if set, else Debian's /usr/lib/postgresql/<major>/bin, else the PATH."""
    configured = current_app.config.get("PG_BINDIR")
    if configured:
        return str(Path(configured) / name)
    with db.engine.connect() as connection:
        major = int(connection.exec_driver_sql("SHOW server_version_num").scalar_one()) // 10000
    debian = Path(f"/usr/lib/postgresql/{major}/bin/{name}")
    if debian.exists():
        return str(debian)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is missing: install the PostgreSQL {major} client tools "
                          "or set PG_BINDIR.")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


class _Hashing(io.RawIOBase):
    """A reader that hashes what tarfile reads through it."""

    def __init__(self, stream):
        self.stream, self.digest, self.size = stream, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add(archive: tarfile.TarFile, name: str, path: Path) -> dict | None:
    """Add the file at path as member name; its size and SHA-256 as read (a file that vanished
    since it was listed is left out: None)."""
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        return None
    with stream:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = os.fstat(stream.fileno()).st_size, 0, 0o600
        reader = _Hashing(stream)
        archive.addfile(info, reader)
    return {"path": name, "size": reader.size, "sha256": reader.digest.hexdigest()}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o600
    archive.addfile(info, io.BytesIO(data))


def _evidence_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*") if path.is_file())


# --- backup -------------------------------------------------------------------------------------

def _snapshot(work: Path) -> tuple[Path, str | None, dict[str, int]]:
    """The database copied into work, with its schema revision and row counts as of the copy."""
    kind = _kind()
    copy = work / DATABASE_FILE[kind]
    if kind == "sqlite":
        source = sqlite3.connect(_sqlite_path())
        target = sqlite3.connect(copy)
        try:
            source.execute("PRAGMA busy_timeout=10000")
            source.backup(target)  # one step (pages=-1): a single consistent snapshot
        finally:
            source.close()
            target.close()
        engine = sa.create_engine(f"sqlite:///{copy}")
        try:
            with engine.connect() as connection:
                return copy, _revision(connection), _row_counts(connection)
        finally:
            engine.dispose()  # closed before the copy is archived
    address, env = _libpq()
    tool = _pg_tool("pg_dump")
    with db.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = connection.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
            revision, counts = _revision(connection), _row_counts(connection)
            _run([tool, "--format=custom", f"--snapshot={snapshot}", f"--file={copy}",
                  address], env)
    return copy, revision, counts


def backup(destination: str | os.PathLike) -> tuple[Path, dict]:
    """Write an archive of the database and the evidence files to destination (a folder gets a
    kinerja-<UTC time>.tar.gz inside it); returns its path and its manifest. The archive appears
    under its name only when complete."""
    destination = Path(destination)
    if destination.is_dir():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        destination = destination / f"kinerja-{stamp}.tar.gz"
    destination.parent.mkdir(parents=True, exist_ok=True)
    folder = evidence_dir()
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=destination.parent) as work:
        partial = Path(work) / "archive.tar.gz"
        copy, revision, counts = _snapshot(Path(work))
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            database = _add(archive, copy.name, copy)
            files = [entry for path in _evidence_files(folder)
                     if (entry := _add(archive, str(PurePosixPath(EVIDENCE) / path.relative_to(
                         folder).as_posix()), path)) is not None]
            manifest = {
                "format": FORMAT, "format_version": FORMAT_VERSION,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database": {"kind": _kind(), "alembic_revision": revision, **database},
                "tables": counts, "files": files,
            }
            text = json.dumps(manifest, indent=1, sort_keys=True).encode()
            _add_bytes(archive, MANIFEST, text)
            _add_bytes(archive, MANIFEST_SUM, hashlib.sha256(text).hexdigest().encode())
        os.replace(partial, destination)
    return destination, manifest


# --- restore ------------------------------------------------------------------------------------

def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive is damaged: a member outside it ({name}).")
    return path


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        text = archive.extractfile(MANIFEST).read()
        expected = archive.extractfile(MANIFEST_SUM).read().decode().strip()
    except (KeyError, AttributeError):
        raise BackupError("This is not a Kinerja backup: it has no manifest.") from None
    if hashlib.sha256(text).hexdigest() != expected:
        raise BackupError("The archive is damaged: the manifest does not match its checksum.")
    manifest = json.loads(text)
    if manifest.get("format") != FORMAT:
        raise BackupError("This is not a Kinerja backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"Backup format version {manifest.get('format_version')} is not "
                          f"the one this portal reads ({FORMAT_VERSION}).")
    return manifest


def _extract(archive: tarfile.TarFile, manifest: dict, work: Path) -> None:
    """Copy every member the manifest lists into work, checking its size and SHA-256; refuses a
    member missing, changed, or not listed."""
    database = manifest["database"]
    expected = {entry["path"]: entry for entry in [database, *manifest["files"]]}
    if not database["path"] == DATABASE_FILE.get(database["kind"]) or any(
            _safe_name(path).parts[0] != EVIDENCE for path in expected if path != database["path"]):
        raise BackupError("The archive is damaged: its manifest lists unexpected members.")
    seen = set()
    for member in archive:
        if member.name in (MANIFEST, MANIFEST_SUM):
            continue
        entry = expected.get(member.name)
        if entry is None or not member.isfile() or member.name in seen:
            raise BackupError(f"The archive is damaged: {member.name} is not in its manifest.")
        seen.add(member.name)
        target = work / _safe_name(member.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with archive.extractfile(member) as source, target.open("wb") as copy:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                copy.write(chunk)
        if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
            raise BackupError(f"The archive is damaged: {member.name} does not match its "
                              "checksum.")
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"The archive is damaged: {', '.join(missing[:5])} missing.")


def _target_contents() -> tuple[dict[str, int], list[Path]]:
    """The rows already in the target database (tables with any) and the files in its evidence
    folder."""
    with db.engine.connect() as connection:
        counts = _row_counts(connection)
    return {table: n for table, n in counts.items() if n}, _evidence_files(evidence_dir())


def _describe(rows: dict[str, int], files: list[Path]) -> list[str]:
    lines = []
    if rows:
        lines.append(f"the database ({sum(rows.values())} rows in {len(rows)} tables: "
                     + ", ".join(f"{table} {n}" for table, n in sorted(rows.items())) + ")")
    if files:
        lines.append(f"the evidence folder {evidence_dir()} ({len(files)} "
                     f"file{'' if len(files) == 1 else 's'})")
    return lines


def _restore_sqlite(copy: Path) -> None:
    target_path = _sqlite_path()
    target_path.parent.mkdir(parents=True, exist_ok=True)
    source, target = sqlite3.connect(copy), sqlite3.connect(target_path)
    try:
        target.execute("PRAGMA busy_timeout=10000")
        source.backup(target)  # replaces every page of the target, in one step
    finally:
        source.close()
        target.close()


def _restore_postgresql(copy: Path) -> None:
    address, env = _libpq()
    _run([_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", f"--dbname={address}", str(copy)], env)


def _restore_files(extracted: Path) -> None:
    """Put the archive's evidence folder in the place of the target's (emptied by force)."""
    folder = evidence_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    new = extracted / EVIDENCE
    if not new.exists():
        new.mkdir()
    old = None
    if folder.exists():
        old = folder.with_name(f".{folder.name}-before-restore")
        shutil.rmtree(old, ignore_errors=True)
        folder.rename(old)
    shutil.move(str(new), folder)
    if old is not None:
        shutil.rmtree(old)


def restore(source: str | os.PathLike, force: bool = False) -> Restored:
    """Restore the archive at source into this app's database and evidence folder.

    Raises BackupError for an archive that is damaged (checksums, sizes, members), of another
    database kind or schema revision than this portal's, or a target that is not empty (unless
    force), and when the restored row counts differ from the manifest's.
    """
    kind = _kind()
    try:
        archive = tarfile.open(source, "r:*")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(f"The archive cannot be read: {error}") from None
    folder = evidence_dir()
    with archive, tempfile.TemporaryDirectory(prefix=".restore-",
                                              dir=_work_parent(folder)) as work:
        try:
            manifest = _read_manifest(archive)
            database = manifest["database"]
            if database["kind"] != kind:
                raise BackupError(f"This backup is of a {database['kind']} database; the "
                                  f"target is {kind}.")
            head = head_revision()
            if database["alembic_revision"] != head:
                raise BackupError(
                    f"This backup has schema revision {database['alembic_revision']}; this "
                    f"portal's is {head}. Restore it with the portal version it was taken "
                    "with, then upgrade (flask --app app db upgrade).")
            _extract(archive, manifest, Path(work))
        except (tarfile.TarError, EOFError, zlib.error, OSError, KeyError, ValueError,
                TypeError) as error:
            raise BackupError(f"The archive is damaged: {error}") from None
        rows, files = _target_contents()
        overwritten = _describe(rows, files)
        if overwritten and not force:
            raise BackupError("The target is not empty; restoring would overwrite "
                              + " and ".join(overwritten) + ". Run again with --force to "
                              "replace them.")
        db.session.remove()
        db.engine.dispose()  # no pooled connection may hold a lock on what is replaced
        copy = Path(work) / database["path"]
        if kind == "sqlite":
            _restore_sqlite(copy)
        else:
            _restore_postgresql(copy)
        _restore_files(Path(work))
    db.engine.dispose()
    with db.engine.connect() as connection:
        counts = _row_counts(connection)
    if counts != manifest["tables"]:
        differ = sorted(table for table in set(counts) | set(manifest["tables"])
                        if counts.get(table) != manifest["tables"].get(table))
        raise BackupError("The restored database differs from the backup's counts in: "
                          + ", ".join(differ))
    return Restored(manifest["tables"], len(manifest["files"]), overwritten)


def _work_parent(folder: Path) -> Path:
    """Extract next to the evidence folder, so that putting it in place is a rename."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    return folder.parent
