"""Zips of a unit's PDFs (issue 11, part 4): asked for by a BKD admin or the agency's committee or
head, built in the background one PDF at a time with progress, downloaded by those in scope;
older zips removed when replaced or expired."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from unittest import mock

import pytest
import sqlalchemy as sa

from portal.documents import bundles as service
from portal.extensions import db
from portal.models import DocumentBundle, Unit
from portal.models.base import utcnow
from portal.services import queue
from tests.http.helpers import advance
from tests.http.test_documents import pdf_text

ASN_FILE = "199001102015031003_Andi_Pratama_Evaluasi-Kinerja-2026.pdf"
PEER_FILE = "199205212019022004_Siti_Nurhaliza_Evaluasi-Kinerja-2026.pdf"


@pytest.fixture(autouse=True)
def _zips_in_tmp(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "BUNDLE_DIR", str(tmp_path / "bundles"))


def _root(org) -> int:
    return db.session.scalar(sa.select(Unit.id).where(Unit.agency_id == org.agency_id,
                                                      Unit.parent_id.is_(None)))


def _bidang(org) -> int:
    return db.session.scalar(sa.select(Unit.id).where(Unit.agency_id == org.agency_id,
                                                      Unit.parent_id.is_not(None)))


def _approved_pair(org) -> None:
    advance(org, "approved")
    advance(org, "approved", employee="peer")


def _ask(client, org, unit_id: int, kind: str = "evaluasi"):
    return client.post("/documents/bundles", data={"unit": unit_id, "period": org.period_id,
                                                   "kind": kind}, htmx=False)


def _bundles() -> list[DocumentBundle]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(DocumentBundle).order_by(DocumentBundle.id)))


def test_the_committee_gets_a_zip_with_one_pdf_per_approved_assessment_of_the_unit_and_below(
        org, login_as, tmp_path):
    _approved_pair(org)
    client = login_as(org.committee)
    response = _ask(client, org, _root(org))  # the staff sit in the bidang below the root
    assert response.status_code == 303
    [bundle] = _bundles()
    assert response.headers["Location"].endswith(f"/documents/bundles/{bundle.id}")
    assert (bundle.status, bundle.total, bundle.done) == ("done", 2, 2)
    assert bundle.requested_by_id == org.committee.user_id and bundle.unit_id == _root(org)
    progress = client.get(f"/documents/bundles/{bundle.id}/progress", htmx=True)
    assert "Unduh berkas zip" in progress.get_data(as_text=True)
    assert "hx-get" not in progress.get_data(as_text=True)  # done: it stops polling

    download = client.get(f"/documents/bundles/{bundle.id}/download")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert "private" in download.headers["Cache-Control"]
    assert "Dokumen-evaluasi-2026-Dinas_Kependudukan_dan_Pencatatan_Sipil.zip" in \
        download.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        assert sorted(archive.namelist()) == [ASN_FILE, PEER_FILE]
        text = pdf_text(archive.read(ASN_FILE), tmp_path)
    assert "EVALUASI KINERJA PEGAWAI" in text.upper() and "Andi Pratama" in text


def test_a_zip_of_skps_holds_every_fixed_skp_of_the_unit(org, login_as):
    _approved_pair(org)  # the supervisor's SKP is fixed on the way (the team cascades from it)
    response = _ask(login_as(org.admin), org, _bidang(org), kind="skp")
    assert response.status_code == 303
    [bundle] = _bundles()
    with zipfile.ZipFile(service.path_of(bundle)) as archive:
        names = sorted(archive.namelist())
    assert len(names) == bundle.total == bundle.done == 3
    assert names[0].startswith("197805122003122001_Rahmawati_S.Sos_SKP-2026")


def test_each_pdf_is_on_disk_before_the_next_is_rendered(org, login_as, monkeypatch):
    _approved_pair(org)
    bundle = service.ask(_actor(org.admin), unit_id=_root(org), period_id=org.period_id,
                         kind="evaluasi")
    seen, render = [], service.render

    def watching(assessment, kind):
        part = next(service.bundle_dir().glob("*.part"))  # the zip being written
        row = db.session.get(DocumentBundle, bundle.id)
        seen.append((part.stat().st_size, row.done, row.total))
        return render(assessment, kind)

    monkeypatch.setattr(service, "render", watching)
    service.build(bundle.id)
    (empty, done_0, total_0), (written, done_1, total_1) = seen
    assert empty == 0 and written > 5000  # the first PDF is in the file before the second
    assert (done_0, done_1) == (0, 1) and total_0 == total_1 == 2  # progress as each is written
    [stored] = _bundles()
    assert (stored.status, stored.done) == ("done", 2)


def test_the_build_runs_as_a_job_on_the_queue_whose_state_is_recorded(org, app):
    _approved_pair(org)
    bundle = service.ask(_actor(org.admin), unit_id=_root(org), period_id=org.period_id,
                         kind="evaluasi")
    job = service.start(bundle)
    assert (job.kind, job.target_id, job.state, job.attempts) == (
        "document_bundle", bundle.id, "done", 1)
    [stored] = _bundles()
    assert (stored.status, stored.done, stored.total) == ("done", 2, 2)


def test_the_progress_partial_polls_while_the_zip_is_built(org, login_as):
    _approved_pair(org)
    bundle = service.ask(_actor(org.admin), unit_id=_root(org), period_id=org.period_id,
                         kind="evaluasi")
    bundle.status, bundle.total, bundle.done = "building", 4, 1
    db.session.commit()
    response = login_as(org.head).get(f"/documents/bundles/{bundle.id}/progress", htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert f'hx-get="/documents/bundles/{bundle.id}/progress"' in html
    assert 'value="25"' in html
    assert login_as(org.head).get(f"/documents/bundles/{bundle.id}/download").status_code == 404


def test_a_newer_zip_replaces_the_older_and_old_ones_expire(org, login_as):
    _approved_pair(org)
    client = login_as(org.admin)
    _ask(client, org, _root(org))
    _ask(client, org, _root(org))
    first, second = _bundles()
    assert (first.status, first.stored_name, second.status) == ("replaced", None, "done")
    assert len(list(service.bundle_dir().iterdir())) == 1
    path = service.path_of(second)
    service.expire_old(now=utcnow() + dt.timedelta(hours=25))
    [_, second] = _bundles()
    assert second.status == "expired" and not path.exists()
    assert client.get(f"/documents/bundles/{second.id}/download").status_code == 404


def test_a_build_whose_worker_died_on_its_last_attempt_is_given_up_after_its_lease(org,
                                                                                  login_as):
    _approved_pair(org)
    bundle = service.ask(_actor(org.admin), unit_id=_root(org), period_id=org.period_id,
                         kind="evaluasi")
    with mock.patch.object(queue, "_send"):
        job = service.start(bundle)
    job.state, job.attempts = "running", job.max_attempts  # its worker died, a third time
    bundle.status = "building"
    db.session.commit()

    queue.sweep(now=utcnow() + dt.timedelta(hours=1))

    [stored] = _bundles()
    assert (stored.status, stored.message) == ("failed", "bundle_failed")
    assert (job.state, job.error) == ("failed", "lease_expired")
    html = login_as(org.admin).get(f"/documents/bundles/{bundle.id}").get_data(as_text=True)
    assert "gagal setelah 3 percobaan." in html and "Kesalahan terakhir: pekerja berhenti sebelum tugas selesai" in html


def test_an_agency_role_cannot_bundle_or_download_another_agencys_units(org, login_as):
    _approved_pair(org)
    _ask(login_as(org.admin), org, _root(org))
    [bundle] = _bundles()
    other = login_as(org.other_committee)  # committee of Dinas Kesehatan only
    assert _ask(other, org, _root(org)).status_code == 403
    assert len(_bundles()) == 1
    for url in (f"/documents/bundles/{bundle.id}", f"/documents/bundles/{bundle.id}/progress",
                f"/documents/bundles/{bundle.id}/download"):
        assert other.get(url).status_code == 403
    assert bundle.id not in [b.id for b in service.recent(_actor(org.other_committee))]
    page = other.get("/documents/bundles").get_data(as_text=True)
    assert "Dinas Kependudukan" not in page  # neither its units nor its zips are offered


@pytest.mark.parametrize("persona", ["asn", "supervisor"])
def test_people_without_an_agency_role_are_refused(org, login_as, persona):
    client = login_as(getattr(org, persona))
    assert client.get("/documents/bundles").status_code == 403
    assert _ask(client, org, _root(org)).status_code == 403
    assert _bundles() == []


def test_it_refuses_a_unit_with_nothing_to_bundle_and_keeps_the_choice(org, login_as):
    response = _ask(login_as(org.committee), org, _bidang(org))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Belum ada penilaian di unit ini" in html
    assert f'<option value="{_bidang(org)}" selected>' in html
    assert _bundles() == []


def test_it_refuses_a_missing_unit(org, login_as):
    response = login_as(org.admin).post("/documents/bundles", data={
        "unit": "", "period": org.period_id, "kind": "evaluasi"}, htmx=False)
    assert response.status_code == 422 and "Pilih unit kerja" in response.get_data(as_text=True)


def test_the_bundles_page_lists_zips_in_a_fixed_number_of_statements(org, login_as):
    from tests.http.helpers import counting_queries

    client = login_as(org.admin)
    _failed_bundles(org, 2, _root(org))
    with counting_queries() as few:
        client.get("/documents/bundles")
    _failed_bundles(org, 5, _bidang(org))
    with counting_queries() as many:
        client.get("/documents/bundles")
    assert len(many) == len(few)


def _failed_bundles(org, count: int, unit_id: int) -> None:
    db.session.add_all(DocumentBundle(
        requested_by_id=org.admin.user_id, agency_id=org.agency_id, unit_id=unit_id,
        period_id=org.period_id, kind="evaluasi", status="failed", message="")
        for _ in range(count))
    db.session.commit()


def _actor(persona):
    from tests.http.helpers import actor

    return actor(persona)


def test_asking_for_a_zip_needs_the_csrf_token(org, login_as):
    _approved_pair(org)
    response = login_as(org.admin).post("/documents/bundles", csrf=False, htmx=False, data={
        "unit": _root(org), "period": org.period_id, "kind": "evaluasi"})
    assert response.status_code == 400
    assert _bundles() == []
