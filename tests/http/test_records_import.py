"""Importing service records: the upload, the row-by-row report, the two modes, idempotent
re-imports, progress of a large file, Excel, and who may do it."""
from __future__ import annotations

import datetime as dt
import io
import logging
import re
from unittest import mock

import openpyxl
import pytest
import sqlalchemy as sa

from portal import signals
from portal.extensions import db
from portal.models import (
    BackgroundJob, Employee, ImportProblem, Service, ServiceImport, ServiceRecord, Unit, User,
)
from portal.models.base import utcnow
from portal.services import queue
from portal.services.execution import records_import
from tests.http.helpers import counting_queries

UTC = dt.timezone.utc
ASN_NIP = "199001102015031003"       # org.asn
PEER_NIP = "19920521 201902 2 004"   # org.peer, written with spaces as on a printed list
HEADER = ("layanan", "nip", "diterima", "selesai", "koreksi")


@pytest.fixture
def services(app, org, tmp_path):
    """Two active services of the Dukcapil bidang and a retired one; imports run inline."""
    app.config.update(IMPORT_DIR=str(tmp_path / "imports"))
    bidang = db.session.scalar(sa.select(Unit).where(
        Unit.name == "Bidang Pelayanan Pendaftaran Penduduk"))
    ktp = Service(unit=bidang, code="KTP01", name="KTP-el", standard_minutes=60)
    kk = Service(unit=bidang, code="KK01", name="Kartu Keluarga", standard_minutes=120)
    old = Service(unit=bidang, code="LAMA1", name="Legalisir Lama", active=False)
    db.session.add_all([ktp, kk, old])
    db.session.commit()
    return {"ktp": ktp.id, "kk": kk.id}


def csv_bytes(*rows, header=HEADER, delimiter=",") -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


GOOD_AND_BAD = csv_bytes(
    ("KTP01", ASN_NIP, "2026-03-02 08:00", "2026-03-02 08:45", "0"),          # row 2: good
    ("kartu keluarga", PEER_NIP, "02/03/2026 09:00", "03/03/2026 10:30", "2"),  # row 3: good
    ("SIM", ASN_NIP, "2026-03-02 10:00", "2026-03-02 11:00", "0"),           # row 4: service
    ("KTP01", "199912312020121999", "2026-03-02 10:00", "2026-03-02 11:00", ""),  # row 5: NIP
    ("KTP01", ASN_NIP, "2026-03-02 13:00", "2026-03-02 12:00", "1"),         # row 6: order
    ("KK01", PEER_NIP, "2 Maret 2026", "2026-03-02 12:00", "satu"),          # row 7: two
    ("LAMA1", ASN_NIP, "2026-03-02 14:00", "2026-03-02 15:00", "0"),         # row 8: retired
)


def upload(client, content: bytes, mode: str = "valid_only", filename: str = "catatan.csv",
           **kwargs):
    return client.post("/records/upload", {"file": (io.BytesIO(content), filename),
                                           "mode": mode}, htmx=False, **kwargs)


def latest_import() -> ServiceImport:
    db.session.expire_all()
    return db.session.scalar(sa.select(ServiceImport).order_by(ServiceImport.id.desc()))


def utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def stored_records() -> list[tuple]:
    db.session.expire_all()
    return [(r.service_id, r.officer_id, utc(r.received_at), utc(r.completed_at),
             r.duration_minutes, r.corrections)
            for r in db.session.scalars(sa.select(ServiceRecord).order_by(
                ServiceRecord.received_at, ServiceRecord.service_id))]


def report(client, service_import: ServiceImport) -> str:
    return client.get(f"/records/{service_import.id}").get_data(as_text=True)


def totals_of(service_import: ServiceImport) -> tuple:
    return (service_import.status, service_import.total_rows, service_import.valid_rows,
            service_import.error_rows, service_import.inserted_rows, service_import.updated_rows,
            service_import.unchanged_rows)


def problem_rows(service_import: ServiceImport) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(
        sa.select(ImportProblem.row_no, ImportProblem.column, ImportProblem.problem,
                  ImportProblem.value)
        .where(ImportProblem.import_id == service_import.id)
        .order_by(ImportProblem.row_no, ImportProblem.id)).all()]


def test_a_file_with_good_and_bad_rows_gives_a_row_by_row_report(org, services, login_as):
    admin = login_as(org.admin)

    response = upload(admin, GOOD_AND_BAD)

    service_import = latest_import()
    assert response.status_code == 303
    assert response.headers["Location"] == f"/records/{service_import.id}"
    # Row numbers as the admin sees them in the spreadsheet: the header is row 1.
    assert problem_rows(service_import) == [
        (4, "layanan", "unknown_service", "SIM"),
        (5, "nip", "unknown_nip", "199912312020121999"),
        (6, "selesai", "completed_before_received", "2026-03-02 12:00"),
        (7, "diterima", "date_format", "2 Maret 2026"),
        (7, "koreksi", "corrections_invalid", "satu"),
        (8, "layanan", "unknown_service", "LAMA1"),
    ]
    html = report(admin, service_import)
    assert "Hasil: Selesai" in html
    assert ('<td class="num">5</td><td>nip</td><td><code>199912312020121999</code></td>'
            "<td>NIP tidak dikenal.</td>") in html
    assert "<td>Selesai sebelum diterima.</td>" in html
    assert ("Format tanggal salah; gunakan YYYY-MM-DD HH:MM[:SS], DD/MM/YYYY HH:MM, "
            "DD-MM-YYYY HH:MM (waktu Jambi, WIB).") in html
    assert re.search(r"<dt>Baris dibaca</dt><dd>7</dd>.*<dt>Valid</dt><dd>2</dd>.*"
                     r"<dt>Ditolak</dt><dd>5</dd>.*<dt>Baru disimpan</dt><dd>2</dd>", html, re.S)
    assert 'hx-trigger="load delay:500ms"' not in html  # finished: no more polling


def test_valid_only_imports_exactly_the_good_rows(org, services, login_as):
    upload(login_as(org.admin), GOOD_AND_BAD, mode="valid_only")

    assert totals_of(latest_import()) == ("done", 7, 2, 5, 2, 0, 0)
    # Jambi time (UTC+7) stored as UTC; durations in whole minutes.
    assert stored_records() == [
        (services["ktp"], org.asn.employee_id, dt.datetime(2026, 3, 2, 1, 0, tzinfo=UTC),
         dt.datetime(2026, 3, 2, 1, 45, tzinfo=UTC), 45, 0),
        (services["kk"], org.peer.employee_id, dt.datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
         dt.datetime(2026, 3, 3, 3, 30, tzinfo=UTC), 1530, 2),
    ]


def test_all_or_nothing_with_a_bad_row_imports_nothing(org, services, login_as):
    admin = login_as(org.admin)

    upload(admin, GOOD_AND_BAD, mode="all")

    service_import = latest_import()
    assert totals_of(service_import) == ("rejected", 7, 2, 5, 0, 0, 0)
    assert stored_records() == []
    html = report(admin, service_import)
    assert "Hasil: Ditolak" in html
    assert "Tidak ada baris yang diimpor: 5 baris bermasalah" in html
    assert "<td>NIP tidak dikenal.</td>" in html


def test_all_or_nothing_imports_a_file_whose_rows_are_all_valid(org, services, login_as):
    content = csv_bytes(("KTP01", ASN_NIP, "2026-03-02 08:00", "2026-03-02 08:45", "0"),
                        ("KK01", PEER_NIP, "2026-03-02 09:00", "2026-03-02 09:30", "1"),
                        delimiter=";")

    upload(login_as(org.admin), content, mode="all")

    assert totals_of(latest_import()) == ("done", 2, 2, 0, 2, 0, 0)
    assert len(stored_records()) == 2


def test_importing_the_same_file_again_adds_nothing(org, services, login_as):
    admin = login_as(org.admin)
    upload(admin, GOOD_AND_BAD)
    first = stored_records()

    upload(admin, GOOD_AND_BAD)

    second = latest_import()
    assert totals_of(second) == ("done", 7, 2, 5, 0, 0, 2)
    assert stored_records() == first
    html = report(admin, second)
    assert "Berkas yang sama sudah pernah diunggah" in html
    assert "<dt>Baru disimpan</dt><dd>0</dd>" in html and "<dt>Tidak berubah</dt><dd>2</dd>" in html


def test_a_chunk_of_many_officers_is_recognised_on_re_import(org, services, login_as):
    """450 officers in one chunk: the stored records are looked up in several batches."""
    nips = [f"19900101201501{n:04d}" for n in range(1, 451)]
    db.session.execute(sa.insert(Employee), [
        dict(nip=nip, name=f"Petugas {n}", golongan="II/a", jenis_jabatan="Pelaksana")
        for n, nip in enumerate(nips)])
    db.session.commit()
    content = csv_bytes(*((("KTP01", nip, "2026-03-02 08:00", "2026-03-02 08:30", "0"))
                          for nip in nips))
    admin = login_as(org.admin)

    upload(admin, content)
    upload(admin, content)

    assert totals_of(latest_import()) == ("done", 450, 450, 0, 0, 0, 450)
    assert len(stored_records()) == 450


def test_a_changed_completion_time_updates_the_record_instead_of_adding_one(org, services,
                                                                          login_as):
    admin = login_as(org.admin)
    upload(admin, csv_bytes(("KTP01", ASN_NIP, "2026-03-02 08:00", "2026-03-02 08:45", "0"),
                            ("KK01", PEER_NIP, "2026-03-02 09:00", "2026-03-02 09:30", "1")))
    first_id = latest_import().id

    upload(admin, csv_bytes(("KTP01", ASN_NIP, "2026-03-02 08:00", "2026-03-02 09:15", "0"),
                            ("KK01", PEER_NIP, "2026-03-02 09:00", "2026-03-02 09:30", "1")))

    second = latest_import()
    assert totals_of(second) == ("done", 2, 2, 0, 0, 1, 1)
    assert stored_records()[0] == (services["ktp"], org.asn.employee_id,
                                   dt.datetime(2026, 3, 2, 1, 0, tzinfo=UTC),
                                   dt.datetime(2026, 3, 2, 2, 15, tzinfo=UTC), 75, 0)
    assert len(stored_records()) == 2
    # The changed record now belongs to the import that changed it; the other stays with the first.
    assert sorted(db.session.scalars(sa.select(ServiceRecord.import_id))) == [first_id, second.id]


def test_a_record_repeated_in_the_file_counts_once_with_a_note(org, services, login_as):
    admin = login_as(org.admin)
    row = ("KTP01", ASN_NIP, "2026-03-02 08:00", "2026-03-02 08:45", "0")

    upload(admin, csv_bytes(row, ("ktp-el", ASN_NIP, "02/03/2026 08:00", "2026-03-02 08:50", "0")),
           mode="all")

    service_import = latest_import()
    assert totals_of(service_import) == ("done", 2, 1, 0, 1, 0, 0)
    assert problem_rows(service_import) == [(3, "", "duplicate_row", "2")]
    assert len(stored_records()) == 1
    html = report(admin, service_import)
    assert "Catatan: baris ganda, sama dengan baris 2; dihitung sekali." in html
    assert "<dt>Baris ganda (dihitung sekali)</dt><dd>1</dd>" in html


def test_a_header_without_a_required_column_refuses_the_whole_file(org, services, login_as):
    admin = login_as(org.admin)

    upload(admin, csv_bytes(("KTP01", ASN_NIP, "2026-03-02 08:00"),
                            header=("Layanan", "NIP", "Diterima")))

    service_import = latest_import()
    assert (service_import.status, service_import.processed_rows) == ("rejected", 0)
    assert problem_rows(service_import) == [(1, "selesai", "missing_column", ""),
                                            (1, "koreksi", "missing_column", "")]
    html = report(admin, service_import)
    assert "baris judul (baris 1) tidak memuat semua kolom wajib" in html
    assert "<td>Kolom wajib ini tidak ada di baris judul.</td>" in html
    assert stored_records() == []


def test_an_excel_workbook_imports_with_its_date_cells(org, services, login_as):
    book = openpyxl.Workbook()
    book.active.append(["Service", "NIP", "Received", "Completed", "Corrections"])
    book.active.append(["KTP01", ASN_NIP, dt.datetime(2026, 3, 2, 8, 0),
                        dt.datetime(2026, 3, 2, 9, 0), 1])
    book.active.append(["KK01", PEER_NIP, "2026-03-02 10:00", "2026-03-02 09:00", 0])
    data = io.BytesIO()
    book.save(data)

    response = upload(login_as(org.admin), data.getvalue(), filename="Rekap Maret.xlsx")

    service_import = latest_import()
    assert response.status_code == 303
    assert (service_import.filename, totals_of(service_import)) == (
        "Rekap Maret.xlsx", ("done", 2, 1, 1, 1, 0, 0))
    assert problem_rows(service_import) == [(3, "selesai", "completed_before_received",
                                             "2026-03-02 09:00")]
    assert stored_records() == [(services["ktp"], org.asn.employee_id,
                                 dt.datetime(2026, 3, 2, 1, 0, tzinfo=UTC),
                                 dt.datetime(2026, 3, 2, 2, 0, tzinfo=UTC), 60, 1)]


def test_twenty_thousand_rows_import_with_progress_shown(app, org, services, login_as):
    admin = login_as(org.admin)
    start = dt.datetime(2026, 1, 5, 7, 0)
    rows = []
    for n in range(20_000):
        received = start + dt.timedelta(minutes=n)
        rows.append(("KTP01" if n % 2 else "KK01", ASN_NIP if n % 3 else PEER_NIP,
                     received.strftime("%Y-%m-%d %H:%M"),
                     (received + dt.timedelta(minutes=30 + n % 90)).strftime("%d/%m/%Y %H:%M"),
                     str(n % 3)))
    service_import = records_import.submit(db.session.get(User, org.admin.user_id),
                                           "setahun.csv", io.BytesIO(csv_bytes(*rows)),
                                           "valid_only", begin=False)
    seen, partials = [], []

    def progress(running: ServiceImport) -> None:
        seen.append((running.status, running.processed_rows))
        if running.processed_rows == 10_000:  # what the polling page shows half-way
            partials.append(admin.get(f"/records/{running.id}/progress", htmx=True))

    records_import.run(service_import.id, progress=progress)

    assert seen[0] == ("importing", 1_000) and seen[-1] == ("importing", 20_000)
    assert [processed for _status, processed in seen] == list(range(1_000, 20_001, 1_000))
    partial = partials[0].get_data(as_text=True)
    assert partials[0].status_code == 200
    assert partial.lstrip().startswith("<section id=\"import-status\"")
    assert 'hx-trigger="load delay:500ms"' in partial
    assert '<progress id="import-progress" max="100" value="50"' in partial
    assert "10.000 dari 20.000 baris diperiksa (50 %)." in partial
    assert totals_of(latest_import()) == ("done", 20_000, 20_000, 0, 20_000, 0, 0)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ServiceRecord)) == 20_000


def test_a_running_import_page_polls_its_progress_and_works_without_javascript(org, services,
                                                                              login_as):
    admin = login_as(org.admin)
    service_import = records_import.submit(db.session.get(User, org.admin.user_id), "a.csv",
                                           io.BytesIO(GOOD_AND_BAD), "all", begin=False)

    html = report(admin, service_import)

    assert "Menunggu…" in html
    assert (f'hx-get="/records/{service_import.id}/progress" hx-trigger="load delay:500ms" '
            'hx-swap="outerHTML"') in html
    assert f'<a href="/records/{service_import.id}">Muat ulang</a>' in html
    page = admin.get(f"/records/{service_import.id}/progress")  # without htmx: the whole page
    assert "HX-Request" in page.headers["Vary"] and "<html" in page.get_data(as_text=True)


def test_the_import_runs_as_a_job_on_the_queue_whose_state_is_recorded(app, org, services):
    content = csv_bytes(("KTP01", ASN_NIP, "2026-03-02 08:00", "2026-03-02 08:45", "0"))
    service_import = records_import.submit(db.session.get(User, org.admin.user_id), "a.csv",
                                           io.BytesIO(content), "all", begin=False)

    job = records_import.start(service_import)

    assert (job.kind, job.target_id, job.state, job.attempts) == (
        "service_import", service_import.id, "done", 1)
    assert totals_of(latest_import()) == ("done", 1, 1, 0, 1, 0, 0)


def test_it_announces_whose_records_changed_after_the_commit(org, services, login_as):
    admin = login_as(org.admin)
    received = []

    def listener(service_import, **kwargs):
        db.session.expire_all()
        received.append((db.session.get(ServiceImport, service_import.id).status, kwargs))

    with signals.service_records_imported.connected_to(listener):
        upload(admin, GOOD_AND_BAD)
        upload(admin, GOOD_AND_BAD)  # nothing changed: nobody to tell

    assert received == [("done", {
        "officer_ids": {org.asn.employee_id, org.peer.employee_id},
        "start": dt.datetime(2026, 3, 2, 1, 0, tzinfo=UTC),
        "end": dt.datetime(2026, 3, 2, 2, 0, tzinfo=UTC)})]


def test_an_unexpected_error_fails_the_import_and_says_what_was_written(org, services,
                                                                       login_as, monkeypatch,
                                                                       caplog):
    admin = login_as(org.admin)
    first = dt.datetime(2026, 3, 2, 8, 0)
    rows = [("KTP01", ASN_NIP, f"{first + dt.timedelta(minutes=n):%Y-%m-%d %H:%M}",
             "2026-03-09", "0") for n in range(1_500)]
    monkeypatch.setattr(records_import, "CHUNK_ROWS", 1_000)
    write = records_import._write

    def write_once(service_import, records, touched):
        if service_import.inserted_rows:
            raise RuntimeError("disk full")
        write(service_import, records, touched)
    monkeypatch.setattr(records_import, "_write", write_once)

    with caplog.at_level(logging.ERROR):
        upload(admin, csv_bytes(*rows), mode="valid_only")

    service_import = latest_import()
    assert (service_import.status, service_import.inserted_rows) == ("failed", 1_000)
    assert len(stored_records()) == 1_000
    assert "disk full" in caplog.text
    html = report(admin, service_import)
    assert "Impor terhenti karena kesalahan di server. 1.000 baris sudah tersimpan" in html


def test_the_uploaded_file_is_deleted_once_the_import_is_finished(app, org, services, login_as):
    upload(login_as(org.admin), GOOD_AND_BAD)

    service_import = latest_import()
    assert service_import.status == "done"
    with app.test_request_context():
        assert not records_import.stored_path(service_import).exists()


def test_an_import_whose_worker_died_is_run_again_from_the_start_after_its_lease(org, services,
                                                                                 login_as):
    admin = login_as(org.admin)
    with mock.patch.object(queue, "_send"):  # the queue never hands the job to a worker...
        upload(admin, GOOD_AND_BAD)
    service_import = latest_import()
    assert service_import.status == "queued"
    html = report(admin, service_import)
    assert 'hx-trigger="load delay:500ms"' in html
    assert "Tugas latar belakang:" in html and "dalam antrean, menunggu pekerja." in html
    # ...then a worker took it, wrote a first chunk and died with it
    job = queue.latest("service_import", service_import.id)
    job.state, job.attempts = "running", 1
    service_import.status, service_import.processed_rows = "importing", 2
    db.session.commit()
    assert queue.sweep() == 0  # its lease runs still: nobody else takes it
    job.lease_until = utcnow() - dt.timedelta(seconds=1)
    db.session.commit()

    assert queue.sweep() == 1

    db.session.expire_all()
    assert totals_of(latest_import()) == ("done", 7, 2, 5, 2, 0, 0)  # counted from the first row
    assert (job.state, job.attempts) == ("done", 2)
    assert 'hx-trigger="load delay:500ms"' not in report(admin, latest_import())


def test_the_progress_poll_of_a_running_import_reads_only_the_import(org, services, login_as):
    admin = login_as(org.admin)
    with mock.patch.object(records_import, "start"):
        upload(admin, GOOD_AND_BAD)
    service_import = latest_import()

    with counting_queries() as statements:
        response = admin.get(f"/records/{service_import.id}/progress", htmx=True)

    assert response.status_code == 200
    assert 'hx-trigger="load delay:500ms"' in response.get_data(as_text=True)
    assert not [sql for sql in statements if "import_problems" in sql or "sha256 =" in sql]


def test_the_list_shows_imports_newest_first_in_a_constant_number_of_queries(org, services,
                                                                            login_as):
    admin = login_as(org.admin)
    upload(admin, GOOD_AND_BAD, filename="pertama.csv")
    with counting_queries() as few:
        admin.get("/records/")
    for n in range(5):
        upload(admin, GOOD_AND_BAD, mode="all", filename=f"ke-{n}.csv")

    with counting_queries() as many:
        response = admin.get("/records/")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(many) == len(few)
    assert html.index("ke-4.csv") < html.index("ke-0.csv") < html.index("pertama.csv")
    assert "Ditolak" in html and "Hanya baris yang valid" in html


def test_the_problems_download_as_csv_and_the_template_has_the_header_row(org, services,
                                                                         login_as):
    admin = login_as(org.admin)
    upload(admin, GOOD_AND_BAD)

    problems = admin.get(f"/records/{latest_import().id}/problems.csv")
    template = admin.get("/records/template.csv")

    assert problems.status_code == 200 and problems.mimetype == "text/csv"
    assert "attachment" in problems.headers["Content-Disposition"]
    lines = problems.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "baris,kolom,nilai,masalah"
    assert lines[2] == "5,nip,199912312020121999,NIP tidak dikenal."
    assert len(lines) == 7
    assert template.get_data(as_text=True) == "\ufefflayanan,nip,diterima,selesai,koreksi\r\n"


def test_values_from_the_file_cannot_become_formulas_in_the_problems_csv(org, services,
                                                                          login_as):
    admin = login_as(org.admin)
    upload(admin, csv_bytes(
        ("=HYPERLINK(\"http://evil.example\";\"klik\")", ASN_NIP, "2026-03-02 08:00",
         "2026-03-02 09:00", "0"),
        ("@SUM(A1)", ASN_NIP, "2026-03-02 10:00", "2026-03-02 11:00", "-1"),
    ))

    lines = admin.get(f"/records/{latest_import().id}/problems.csv").get_data(
        as_text=True).lstrip("\ufeff").splitlines()

    assert lines[1].startswith("2,layanan,\"'=HYPERLINK(")
    assert lines[2].startswith("3,koreksi,-1,")  # a negative number stays a number
    assert lines[3].startswith("3,layanan,'@SUM(A1),")


def test_an_implausible_year_or_a_huge_correction_is_reported_not_a_failed_import(
        org, services, login_as):
    admin = login_as(org.admin)

    upload(admin, csv_bytes(
        ("KTP01", ASN_NIP, "0001-01-01 00:00", "2026-03-02 09:00", "0"),
        ("KTP01", ASN_NIP, "1000-01-01 08:00", "9000-01-01 08:00", "0"),
        ("KTP01", ASN_NIP, "2026-03-02 08:00", "2026-03-02 09:00", "99999999999"),
        ("KTP01", ASN_NIP, "2026-03-02 10:00", "2026-03-02 10:30", "1"),
    ))

    service_import = latest_import()
    assert totals_of(service_import) == ("done", 4, 1, 3, 1, 0, 0)
    assert problem_rows(service_import) == [
        (2, "diterima", "date_format", "0001-01-01 00:00"),
        (3, "diterima", "date_range", "1000-01-01 08:00"),
        (3, "selesai", "date_range", "9000-01-01 08:00"),
        (4, "koreksi", "corrections_invalid", "99999999999"),
    ]
    assert "Tahun harus antara 2000 dan 2100." in report(admin, service_import)
    assert len(stored_records()) == 1


def test_the_upload_page_explains_the_accepted_formats(org, services, login_as):
    html = login_as(org.admin).get("/records/upload").get_data(as_text=True)

    assert 'enctype="multipart/form-data"' in html
    assert "Semua atau tidak sama sekali" in html and "Hanya baris yang valid" in html
    assert "<code>DD/MM/YYYY HH:MM</code>" in html and "paling besar 20 MB" in html
    assert 'href="/records/template.csv"' in html


@pytest.mark.parametrize("content, filename, message", [
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "catatan.csv", "Jenis berkas tidak didukung."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "catatan.xls",
     "Berkas Excel lama (.xls) tidak didukung."),
    ("layanan;nip\nCatatan Sipil é\n".encode("latin-1"), "catatan.csv",
     "Berkas CSV harus berenkode UTF-8."),
    (b"", "kosong.csv", "berkas kosong tidak dapat diimpor"),
])
def test_it_refuses_files_it_cannot_read_with_a_clear_message(org, services, login_as, tmp_path,
                                                            content, filename, message):
    response = upload(login_as(org.admin), content, filename=filename, mode="all")

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html
    assert re.search(r'<input checked id="mode-0"[^>]*value="all"', html)  # the choice is kept
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ServiceImport)) == 0
    assert not (tmp_path / "imports").exists() or not any((tmp_path / "imports").iterdir())


def test_it_refuses_a_file_above_the_import_limit(app, org, services, login_as):
    app.config["IMPORT_MAX_BYTES"] = 1024

    response = upload(login_as(org.admin), GOOD_AND_BAD * 5)

    assert response.status_code == 422
    assert "Berkas terlalu besar: batasnya 1 KB." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ServiceImport)) == 0


def test_a_request_far_above_the_limit_gets_the_form_with_the_limit(app, org, services,
                                                                    login_as):
    app.config["IMPORT_MAX_BYTES"] = 300 * 1024

    response = upload(login_as(org.admin), b"x" * (600 * 1024))

    assert response.status_code == 413
    assert "Berkas terlalu besar: batasnya 300 KB." in response.get_data(as_text=True)


def test_an_import_may_be_larger_than_an_evidence_file(app, org, services, login_as):
    evidence_limit = app.config["MAX_CONTENT_LENGTH"]
    junk = b"\x00" * (evidence_limit + 1024)

    response = upload(login_as(org.admin), junk)

    assert response.status_code == 422  # read and judged, not cut off at the evidence limit
    assert "Jenis berkas tidak didukung." in response.get_data(as_text=True)


def test_the_upload_needs_the_csrf_token(org, services, login_as):
    response = upload(login_as(org.admin), GOOD_AND_BAD, csrf=False)

    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ServiceImport)) == 0


PAGES = ["/records/", "/records/upload", "/records/{id}", "/records/{id}/progress",
         "/records/{id}/problems.csv", "/records/template.csv"]


@pytest.fixture
def an_import(org, services) -> int:
    return records_import.submit(db.session.get(User, org.admin.user_id), "a.csv",
                                 io.BytesIO(GOOD_AND_BAD), "all").id


@pytest.mark.parametrize("who", ["asn", "supervisor", "head", "committee", "outsider"])
@pytest.mark.parametrize("page", PAGES)
def test_only_admins_see_the_imports(org, login_as, an_import, who, page):
    response = login_as(getattr(org, who)).get(page.format(id=an_import))

    assert response.status_code == 403


@pytest.mark.parametrize("who", ["asn", "head"])
def test_only_admins_upload(org, services, login_as, who):
    response = upload(login_as(getattr(org, who)), GOOD_AND_BAD)

    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ServiceImport)) == 0


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_the_login(app, an_import, page):
    response = app.test_client().get(page.format(id=an_import))

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login")


def test_an_unknown_import_is_not_found(org, login_as):
    assert login_as(org.admin).get("/records/999").status_code == 404


def test_the_command_line_imports_a_file_with_progress(app, org, services, tmp_path):
    path = tmp_path / "catatan.csv"
    path.write_bytes(GOOD_AND_BAD)

    result = app.test_cli_runner().invoke(args=[
        "import-service-records", str(path), "--mode", "valid_only",
        "--admin-email", "admin@bkd.jambiprov.go.id"])

    assert result.exit_code == 0, result.output
    assert "Mengimpor: 7/7" in result.output
    assert "read 7, valid 2, refused 5, inserted 2, updated 0, unchanged 0." in result.output
    assert "row 5 nip: '199912312020121999' NIP tidak dikenal." in result.output
    assert len(stored_records()) == 2
    # Recorded as an upload's import job is, with the import it ran (/admin/jobs).
    service_import = db.session.scalars(sa.select(ServiceImport)).one()
    job = db.session.scalars(sa.select(BackgroundJob)).one()
    assert (job.kind, job.target_id, job.state) == ("service_import", service_import.id, "done")


# --- limits ------------------------------------------------------------------------------------

def bad_rows(count: int) -> list[tuple]:
    """count rows, each with two problems (unknown service, unknown NIP)."""
    return [("SIM", "199912312020121999", "2026-03-02 10:00", "2026-03-02 11:00", "0")
            for _ in range(count)]


def test_a_file_with_more_rows_than_the_limit_is_refused_at_once(app, org, services, login_as):
    app.config["IMPORT_MAX_ROWS"] = 5
    admin = login_as(org.admin)

    response = upload(admin, csv_bytes(*bad_rows(6)))

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Berkas memuat 6 baris data; batasnya 5 baris per berkas." in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ServiceImport)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ImportProblem)) == 0
    assert not any((records_import.import_dir()).iterdir())


def test_a_workbook_understating_its_rows_stops_at_the_limit(app, org, services, login_as,
                                                            monkeypatch):
    app.config["IMPORT_MAX_ROWS"] = 1500
    monkeypatch.setattr(records_import.jobs, "check_row_count", lambda job, data, layout: None)
    good = [("KTP01", ASN_NIP, (dt.datetime(2026, 1, 5, 7) + dt.timedelta(minutes=n))
             .strftime("%Y-%m-%d %H:%M"), "2026-12-01 08:00", "0") for n in range(2500)]

    upload(login_as(org.admin), csv_bytes(*good), mode="valid_only")

    service_import = latest_import()
    assert service_import.status == "rejected"
    assert service_import.message == "import_row_limit"
    assert service_import.inserted_rows == 1000  # the chunks before the limit, and said so
    html = report(login_as(org.admin), service_import)
    assert "berkas memuat lebih dari 1.500 baris data" in html
    assert "1.000 baris sebelum batas itu sudah tersimpan" in html


def test_only_the_first_problems_are_stored_and_the_total_is_reported(app, org, services,
                                                                     login_as):
    app.config["IMPORT_MAX_PROBLEMS"] = 7
    admin = login_as(org.admin)

    upload(admin, csv_bytes(*bad_rows(30)), mode="valid_only")

    service_import = latest_import()
    assert service_import.problem_count == 60
    assert service_import.error_rows == 30
    assert len(problem_rows(service_import)) == 7
    html = report(admin, service_import)
    assert "Ditemukan 60 masalah; hanya 7 masalah pertama yang disimpan dan ditampilkan." in html


def test_the_upload_page_states_the_limits(app, org, services, login_as):
    app.config.update(IMPORT_MAX_ROWS=50_000, IMPORT_MAX_PROBLEMS=500)

    html = login_as(org.admin).get("/records/upload").get_data(as_text=True)

    assert "paling banyak 50.000 baris data" in html
    assert "Laporan memuat 500 masalah pertama" in html
