"""Bukti dukung: uploads checked by content and size, stored outside the web root, downloaded only
by those who may see the assessment; links limited to http and https; removing one's own."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Evidence, Realisation
from tests.conftest import fill_targets
from tests.http.helpers import advance, indicator_ids, stored

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
       b"\x00\x00\x00IEND\xaeB`\x82")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
LINUX_ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
NOT_ALLOWED = {"type": "Jenis berkas tidak diizinkan.",
               "extension": "Isi berkas tidak sesuai dengan ekstensi nama berkasnya."}
ROOT = Path(__file__).resolve().parents[2]


def docx() -> bytes:
    """A minimal Word document (OOXML: a zip whose first entries name the Word parts)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def evidence_dir(app, tmp_path, monkeypatch) -> Path:
    """Uploads of each test go to their own folder (the default is <instance>/evidence)."""
    folder = tmp_path / "evidence"
    monkeypatch.setitem(app.config, "EVIDENCE_DIR", str(folder))
    return folder


def fixed_skp(org) -> tuple[int, int]:
    aid = advance(org, "targets_approved")
    [indicator] = indicator_ids(aid)
    return aid, indicator


def upload(client, aid, indicator, data: bytes, name: str, period_no="2", **kwargs):
    return client.post(f"/assessments/{aid}/evidence/files", data={
        "version": stored(aid).version, "period_no": period_no, "indicator_id": indicator,
        "file": (io.BytesIO(data), name)}, **kwargs)


def evidence_rows(aid: int) -> list[Evidence]:
    db.session.expire_all()
    return list(db.session.scalars(
        sa.select(Evidence).join(Realisation).where(Realisation.indicator_id.in_(
            indicator_ids(aid))).order_by(Evidence.id)))


def files_in(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


# --- uploads ----------------------------------------------------------------------------------

def test_the_employee_uploads_a_pdf_stored_outside_the_web_root(org, login_as, evidence_dir):
    aid, indicator = fixed_skp(org)
    before = stored(aid)

    response = upload(login_as(org.asn), aid, indicator, PDF, "Rekap KTP-el April.pdf")

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "assessment-changed"
    html = response.get_data(as_text=True)
    assert "Bukti dukung diunggah." in html
    [evidence] = evidence_rows(aid)
    assert (evidence.kind, evidence.title, evidence.content_type, evidence.size) == (
        "file", "Rekap KTP-el April.pdf", "application/pdf", len(PDF))
    assert (evidence.realisation.period_no, evidence.uploaded_by_id) == (2, org.asn.user_id)
    assert f'/assessments/{aid}/evidence/{evidence.id}" download>Rekap KTP-el April.pdf</a>' in html
    [on_disk] = files_in(evidence_dir)
    assert on_disk.name == evidence.stored_name != "Rekap KTP-el April.pdf"
    assert on_disk.read_bytes() == PDF
    static = (ROOT / "portal" / "static").resolve()
    assert not on_disk.resolve().is_relative_to(static)
    assert not list(static.rglob(evidence.stored_name))
    assert stored(aid).version == before.version + 1


@pytest.mark.parametrize("data, name, content_type", [
    (PNG, "foto-layanan.png", "image/png"),
    (JPEG, "foto-layanan.JPEG", "image/jpeg"),
    (docx(), "notulen.docx", "application/vnd.openxmlformats-officedocument"
                             ".wordprocessingml.document"),
], ids=["png", "jpeg", "docx"])
def test_it_accepts_images_and_office_documents(org, login_as, data, name, content_type):
    aid, indicator = fixed_skp(org)

    response = upload(login_as(org.asn), aid, indicator, data, name)

    assert response.status_code == 200, response.get_data(as_text=True)
    assert [(e.title, e.content_type) for e in evidence_rows(aid)] == [(name, content_type)]


@pytest.mark.parametrize("data, name, why", [
    (WINDOWS_EXE, "laporan.pdf", "type"),
    (LINUX_ELF, "laporan.pdf", "type"),
    (b"<script>alert(1)</script>", "laporan.pdf", "type"),
    (PNG, "laporan.pdf", "extension"),
    (PDF, "laporan.exe", "extension"),
    (PDF, "laporan", "extension"),
], ids=["windows-exe-named-pdf", "elf-named-pdf", "html-named-pdf", "png-named-pdf",
        "pdf-named-exe", "no-extension"])
def test_it_refuses_a_file_whose_content_is_not_what_its_name_says(org, login_as, evidence_dir,
                                                                    data, name, why):
    aid, indicator = fixed_skp(org)
    before = stored(aid)

    response = upload(login_as(org.asn), aid, indicator, data, name)

    assert response.status_code == 422
    assert "HX-Trigger" not in response.headers
    html = response.get_data(as_text=True)
    assert NOT_ALLOWED[why] in html
    assert f'id="evidence-{indicator}-error"' in html
    assert f'<div class="add-evidence" id="add-evidence-{indicator}">' in html  # shown again
    assert evidence_rows(aid) == []
    assert files_in(evidence_dir) == []
    assert stored(aid) == before


def test_it_refuses_a_file_over_the_size_limit(org, login_as, app, monkeypatch, evidence_dir):
    monkeypatch.setitem(app.config, "MAX_EVIDENCE_BYTES", 1024)
    aid, indicator = fixed_skp(org)
    before = stored(aid)

    response = upload(login_as(org.asn), aid, indicator, PDF + b"0" * 2000, "besar.pdf")

    assert response.status_code == 422
    assert "Berkas terlalu besar: ukuran maksimal bukti dukung 1 KB." in response.get_data(
        as_text=True)
    assert evidence_rows(aid) == []
    assert files_in(evidence_dir) == []
    assert stored(aid) == before


def test_it_cuts_off_a_request_far_over_the_limit_with_a_clear_message(org, login_as, app,
                                                                        monkeypatch):
    aid, indicator = fixed_skp(org)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4096)
    before = stored(aid)

    response = upload(login_as(org.asn), aid, indicator, PDF + b"0" * 10_000, "besar.pdf")

    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "Berkas terlalu besar: ukuran maksimal bukti dukung 5 MB." in html
    assert html.lstrip().startswith('<section id="assessment-step"')  # the step, for htmx
    assert evidence_rows(aid) == []
    assert stored(aid) == before


def test_the_request_limit_is_set_a_little_above_the_file_limit(app):
    assert app.config["MAX_EVIDENCE_BYTES"] == 5 * 1024 * 1024
    assert 0 < app.config["MAX_CONTENT_LENGTH"] - app.config["MAX_EVIDENCE_BYTES"] <= 1024 * 1024


def test_it_refuses_an_upload_without_a_file(org, login_as):
    aid, indicator = fixed_skp(org)

    response = login_as(org.asn).post(f"/assessments/{aid}/evidence/files", data={
        "version": stored(aid).version, "period_no": "2", "indicator_id": indicator})

    assert response.status_code == 422
    assert "Pilih berkas bukti dukung yang akan diunggah." in response.get_data(as_text=True)


def test_it_refuses_evidence_for_an_indicator_that_is_not_in_the_skp(org, login_as):
    aid, _ = fixed_skp(org)
    peer_aid = org.assessment_id(org.peer)
    fill_targets(peer_aid)
    [foreign] = indicator_ids(peer_aid)

    response = upload(login_as(org.asn), aid, foreign, PDF, "laporan.pdf")

    assert response.status_code == 422
    assert "Indikator tidak ditemukan pada SKP ini." in response.get_data(as_text=True)
    assert evidence_rows(peer_aid) == []


@pytest.mark.parametrize("who, state, status", [
    ("supervisor", "targets_approved", 403),   # realisations are the employee's
    ("asn", "self_assessed", 409),             # submitted: the evidence is fixed
    ("peer", "targets_approved", 403),
])
def test_it_refuses_uploads_outside_the_employees_step(org, login_as, who, state, status):
    aid = advance(org, state)
    [indicator] = indicator_ids(aid)
    before = stored(aid)

    response = upload(login_as(getattr(org, who)), aid, indicator, PDF, "laporan.pdf")

    assert response.status_code == status
    assert evidence_rows(aid) == []
    assert stored(aid) == before


# --- downloads --------------------------------------------------------------------------------

@pytest.fixture
def uploaded(org, login_as) -> tuple[int, int]:
    """The ASN's SKP with one PDF uploaded for the second quarter: (assessment id, evidence id)."""
    aid, indicator = fixed_skp(org)
    upload(login_as(org.asn), aid, indicator, PDF, "Rekap KTP-el April.pdf")
    [evidence] = evidence_rows(aid)
    return aid, evidence.id


@pytest.mark.parametrize("who", ["asn", "supervisor", "committee", "head", "admin"])
def test_those_who_may_see_the_assessment_download_the_exact_file(org, login_as, uploaded, who):
    aid, evidence_id = uploaded

    response = login_as(getattr(org, who)).get(f"/assessments/{aid}/evidence/{evidence_id}")

    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "Rekap%20KTP-el%20April.pdf" in response.headers["Content-Disposition"] or \
        'filename="Rekap KTP-el April.pdf"' in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize("who", ["peer", "outsider", "other_committee"])
def test_it_refuses_the_file_to_anyone_without_a_part_in_the_assessment(org, login_as, uploaded,
                                                                         who):
    aid, evidence_id = uploaded

    response = login_as(getattr(org, who)).get(f"/assessments/{aid}/evidence/{evidence_id}")

    assert response.status_code == 403
    assert PDF not in response.data
    assert "Anda tidak berhak melihat atau mengubah penilaian ini." in response.get_data(
        as_text=True)


def test_it_does_not_serve_one_assessments_file_under_another(org, login_as, uploaded):
    aid, evidence_id = uploaded
    peer_aid = org.assessment_id(org.peer)

    response = login_as(org.peer).get(f"/assessments/{peer_aid}/evidence/{evidence_id}")

    assert response.status_code == 404
    assert PDF not in response.data


def test_it_answers_404_for_a_file_gone_from_the_disk(org, login_as, uploaded, evidence_dir):
    aid, evidence_id = uploaded
    for path in files_in(evidence_dir):
        path.unlink()

    response = login_as(org.asn).get(f"/assessments/{aid}/evidence/{evidence_id}")

    assert response.status_code == 404


def test_it_requires_a_login_to_download(app, org, uploaded):
    aid, evidence_id = uploaded

    response = app.test_client().get(f"/assessments/{aid}/evidence/{evidence_id}")

    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


# --- links ------------------------------------------------------------------------------------

def add_link(client, aid, indicator, url, title="Dasbor SIAK", period_no="2"):
    return client.post(f"/assessments/{aid}/evidence/links", data={
        "version": stored(aid).version, "period_no": period_no, "indicator_id": indicator,
        "url": url, "title": title})


def test_the_employee_adds_a_link(org, login_as):
    aid, indicator = fixed_skp(org)

    response = add_link(login_as(org.asn), aid, indicator,
                        "https://siak.jambiprov.go.id/rekap?bulan=4&tahun=2026")

    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert "Tautan bukti dukung disimpan." in html
    assert ('<a href="https://siak.jambiprov.go.id/rekap?bulan=4&amp;tahun=2026" '
            'rel="noopener noreferrer nofollow" target="_blank">Dasbor SIAK</a>') in html
    [evidence] = evidence_rows(aid)
    assert (evidence.kind, evidence.url, evidence.stored_name) == (
        "link", "https://siak.jambiprov.go.id/rekap?bulan=4&tahun=2026", None)


@pytest.mark.parametrize("url", [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "ftp://files.jambiprov.go.id/rekap.pdf",
    "https://",
    "siak.jambiprov.go.id/rekap",
    "https://siak.jambiprov.go.id/a b",
    "",
])
def test_it_refuses_a_link_that_is_not_a_web_address(org, login_as, url):
    aid, indicator = fixed_skp(org)
    before = stored(aid)

    response = add_link(login_as(org.asn), aid, indicator, url, title="Judul yang saya ketik")

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Tautan harus berupa alamat web lengkap yang diawali http:// atau https://." in html
    assert 'value="Judul yang saya ketik"' in html  # nothing typed lost
    assert evidence_rows(aid) == []
    assert stored(aid) == before


# --- removing ---------------------------------------------------------------------------------

def test_the_employee_removes_their_own_file(org, login_as, uploaded, evidence_dir):
    aid, evidence_id = uploaded

    response = login_as(org.asn).post(f"/assessments/{aid}/evidence/{evidence_id}/delete",
                                      data={"version": stored(aid).version, "period_no": "2"})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Bukti dukung dihapus." in response.get_data(as_text=True)
    assert evidence_rows(aid) == []
    assert files_in(evidence_dir) == []


def test_it_refuses_to_let_the_supervisor_remove_the_employees_file(org, login_as, uploaded,
                                                                    evidence_dir):
    aid, evidence_id = uploaded
    before = stored(aid)

    response = login_as(org.supervisor).post(
        f"/assessments/{aid}/evidence/{evidence_id}/delete",
        data={"version": before.version, "period_no": "2"})

    assert response.status_code == 403
    assert [e.id for e in evidence_rows(aid)] == [evidence_id]
    assert len(files_in(evidence_dir)) == 1
    assert stored(aid) == before


def test_it_answers_unknown_evidence_when_removing_what_is_not_there(org, login_as, uploaded):
    aid, evidence_id = uploaded

    response = login_as(org.asn).post(f"/assessments/{aid}/evidence/{evidence_id + 50}/delete",
                                      data={"version": stored(aid).version, "period_no": "2"})

    assert response.status_code == 422
    assert "Bukti dukung tidak ditemukan pada penilaian ini." in response.get_data(as_text=True)
    assert len(evidence_rows(aid)) == 1


def test_the_supervisor_sees_the_evidence_without_the_remove_button(org, login_as, uploaded):
    aid, evidence_id = uploaded

    html = login_as(org.supervisor).get(f"/assessments/{aid}?p=2").get_data(as_text=True)

    assert f"/assessments/{aid}/evidence/{evidence_id}\" download>" in html
    assert f"/evidence/{evidence_id}/delete" not in html
    assert "Tambah bukti dukung" not in html
