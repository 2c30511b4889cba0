"""The official documents as PDF: Dokumen SKP and Dokumen Evaluasi Kinerja Pegawai (annual and
periodic), who may download them, and the list of documents on the assessment page.

The PDFs are read back with pdftotext (poppler-utils), as a BKD officer's copy-paste would.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.documents.service import local_date, long_date
from portal.extensions import db
from portal.models import (
    Assessment, AuditEvent, BehaviourExpectation, Evidence, Feedback, Indicator, Period,
    PeriodicRating, Realisation, Rhk, SkpAttachment,
)
from portal.models.calibration import OrgPredikat
from portal.rules.berakhlak import VALUES
from portal.services.review import assessments as service
from tests.conftest import fill_targets
from tests.http.helpers import actor, advance, counting_queries

ASN_NIP = "19900110 201503 1 003"       # the ASN's NIP as printed
ASSESSOR_NIP = "19780512 200312 2 001"   # the supervisor's
PARENT_RHK = "Meningkatnya kualitas layanan administrasi kependudukan"  # the supervisor's RHK
EXPECTATION = "Menanggapi setiap pengaduan warga paling lambat satu hari kerja."
SUMBER_DAYA = "Akses aplikasi SIAK terpusat"
PERIODIC_FEEDBACK = "Penerbitan triwulan I sudah sesuai jadwal, pertahankan."
LATER_FEEDBACK = "Triwulan II perlu percepatan verifikasi berkas."
BEHAVIOUR_FEEDBACK = "Sangat responsif terhadap keluhan warga di loket."


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The text of a PDF as pdftotext extracts it, whitespace collapsed."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(out.split())


def _complete_skp(aid: int) -> None:
    """Give the draft SKP what a real one holds: several RHK and indicators of every target kind,
    the seven expectations and the Lampiran (directly in the database: test set-up)."""
    fill_targets(aid)  # RHK 1, cascaded from the supervisor's fixed SKP, with a kuantitas IKI
    assessment = db.session.get(Assessment, aid)
    utama = assessment.rhks[0]
    utama.indicators.append(Indicator(
        aspect="waktu", text="Rata-rata waktu penyelesaian rekam KTP-el",
        target_value=Decimal(7), target_unit="bulan", lower_is_better=True))
    tambahan = Rhk(kind="tambahan", text="Terlaksananya pendampingan desa sadar adminduk",
                   parent=utama.parent)
    tambahan.indicators.append(Indicator(
        aspect="kualitas", text="Persentase desa yang didampingi", target_value=Decimal(80),
        target_max=Decimal(90), target_unit="%"))
    assessment.rhks.append(tambahan)
    for value in VALUES:
        text = EXPECTATION if value.code == "berorientasi_pelayanan" else f"Ekspektasi {value.name}"
        assessment.expectations.append(BehaviourExpectation(value_code=value.code, text=text))
    assessment.attachments.extend([
        SkpAttachment(kind="dukungan_sumber_daya", text=SUMBER_DAYA),
        SkpAttachment(kind="skema_pertanggungjawaban", text="Laporan bulanan kepada Kepala Bidang"),
        SkpAttachment(kind="konsekuensi", text="Teguran tertulis bila target tidak tercapai"),
    ])
    db.session.commit()


def _record_execution(aid: int, org) -> None:
    """Realisations of the year and of triwulan I and II with evidence and feedback, and the
    periodic rating of triwulan I (directly in the database: test set-up)."""
    assessment = db.session.get(Assessment, aid)
    kuantitas, waktu = assessment.rhks[0].indicators
    (pendampingan,) = assessment.rhks[1].indicators
    annual = {kuantitas: 1250, waktu: Decimal("6.5"), pendampingan: 85}
    for indicator, value in annual.items():
        indicator.realisations.append(Realisation(period_no=0, value=Decimal(value),
                                                  note="Sesuai laporan tahunan"))
    first = Realisation(period_no=1, value=Decimal(310), note="Rekap triwulan I")
    second = Realisation(period_no=2, value=Decimal(280), note="Rekap triwulan II")
    kuantitas.realisations.extend([first, second])
    first.evidence.append(Evidence(kind="link", title="Rekap penerbitan KTP-el Maret 2026",
                                   url="https://example.org/rekap", uploaded_by_id=org.asn.user_id))
    db.session.flush()
    db.session.add_all([
        Feedback(assessment_id=aid, period_no=1, realisation_id=first.id,
                 author_id=org.supervisor.user_id, text=PERIODIC_FEEDBACK),
        Feedback(assessment_id=aid, period_no=2, realisation_id=second.id,
                 author_id=org.supervisor.user_id, text=LATER_FEEDBACK),
        Feedback(assessment_id=aid, period_no=1, value_code="berorientasi_pelayanan",
                 author_id=org.supervisor.user_id, text=BEHAVIOUR_FEEDBACK),
        PeriodicRating(assessment_id=aid, period_no=1, rating_hasil_kerja="meets",
                       rating_hasil_kerja_note="Sesuai target triwulan.", rating_perilaku="above",
                       rating_perilaku_note="Teladan di loket.", predikat="baik",
                       rated_by_id=org.supervisor.user_id),
    ])
    db.session.commit()


@pytest.fixture
def rated(org) -> int:
    """The ASN's complete SKP, executed, rated Di Atas / Di Atas (Sangat Baik) and sent."""
    aid = org.assessment_id(org.asn)
    _complete_skp(aid)
    advance(org, "targets_approved")
    _record_execution(aid, org)
    advance(org, "self_assessed")
    db.session.expire_all()
    assessment = service.load(aid)
    service.save_ratings(assessment, actor(org.supervisor), version=assessment.version,
                         hasil_kerja="above", hasil_kerja_note="Melampaui target KTP-el.",
                         perilaku="above", perilaku_note="Menjadi teladan pelayanan.")
    return advance(org, "reviewed")


def _weasyprint_complaints(caplog) -> list[str]:
    """What WeasyPrint logged about the templates (ignored CSS, missing fonts ...)."""
    return [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]


def _assert_pdf(response, filename: str) -> None:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "no-store" in response.headers["Cache-Control"]
    assert response.data.startswith(b"%PDF-")


def _signing_date(aid: int, trigger: str) -> str:
    at = db.session.scalar(sa.select(AuditEvent.at).where(
        AuditEvent.assessment_id == aid, AuditEvent.trigger == trigger))
    return long_date(local_date(at))


def test_it_prints_the_skp_with_every_official_section(org, login_as, rated, tmp_path, caplog):
    response = login_as(org.asn).get(f"/documents/assessments/{rated}/skp.pdf")

    _assert_pdf(response, "SKP-2026-199001102015031003.pdf")
    text = pdf_text(response.data, tmp_path)
    for title in ("SASARAN KINERJA PEGAWAI", "PENDEKATAN HASIL KERJA KUANTITATIF",
                  "PERIODE: 1 JANUARI SD 31 DESEMBER 2026", "PEGAWAI YANG DINILAI",
                  "PEJABAT PENILAI KINERJA", "PANGKAT/GOL. RUANG", "HASIL KERJA", "A. Utama",
                  "B. Tambahan", "INDIKATOR KINERJA INDIVIDU", "PERILAKU KERJA",
                  "EKSPEKTASI KHUSUS PIMPINAN", "LAMPIRAN SASARAN KINERJA PEGAWAI",
                  "DUKUNGAN SUMBER DAYA", "SKEMA PERTANGGUNGJAWABAN", "KONSEKUENSI",
                  "Pegawai yang Dinilai", "Pejabat Penilai Kinerja"):
        assert title in text, title
    assert "DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL" in text
    assert "Andi Pratama" in text and ASN_NIP in text and "Penata Muda, III/a" in text
    assert "Rahmawati, S.Sos" in text and f"NIP. {ASSESSOR_NIP}" in text
    assert PARENT_RHK in text  # the RHK pimpinan yang diintervensi
    assert "1.200 dokumen" in text and "7 bulan" in text and "makin kecil makin baik" in text
    assert "80–90 %" in text  # a range target
    assert "Berorientasi Pelayanan" in text and "Membantu orang lain belajar" in text
    assert EXPECTATION in text and SUMBER_DAYA in text
    assert f"Jambi, {_signing_date(rated, 'approve_targets')}" in text
    assert "Halaman 1 dari" in text
    assert "KONSEP" not in text
    assert _weasyprint_complaints(caplog) == []


def test_it_prints_the_annual_evaluation_with_ratings_and_predikat(org, login_as, rated,
                                                                   tmp_path, caplog):
    response = login_as(org.supervisor).get(f"/documents/assessments/{rated}/evaluasi.pdf")

    _assert_pdf(response, "Evaluasi-Kinerja-2026-199001102015031003.pdf")
    text = pdf_text(response.data, tmp_path)
    for title in ("EVALUASI KINERJA PEGAWAI", "PERIODE: TAHUNAN",
                  "PERIODE PENILAIAN: 1 JANUARI SD 31 DESEMBER 2026", "PEGAWAI YANG DINILAI",
                  "PEJABAT PENILAI KINERJA", "CAPAIAN KINERJA ORGANISASI", "POLA DISTRIBUSI",
                  "REALISASI BERDASARKAN BUKTI DUKUNG",
                  "UMPAN BALIK BERKELANJUTAN BERDASARKAN BUKTI DUKUNG", "RATING HASIL KERJA",
                  "PERILAKU KERJA", "RATING PERILAKU KERJA", "PREDIKAT KINERJA PEGAWAI"):
        assert title in text, title
    # No organisation predikat is recorded yet: the form says so instead of inventing one.
    assert "CAPAIAN KINERJA ORGANISASI: belum ditetapkan" in text
    assert ASN_NIP in text and "Rahmawati, S.Sos" in text and f"NIP. {ASSESSOR_NIP}" in text
    assert "1.250 dokumen" in text and "Sesuai laporan tahunan" in text
    assert "107,14 %" in text  # 7 months' target done in 6.5: lower is better (domain.md)
    assert "Rekap penerbitan KTP-el Maret 2026" in text  # the year's evidence
    assert PERIODIC_FEEDBACK in text and LATER_FEEDBACK in text and BEHAVIOUR_FEEDBACK in text
    assert "RATING HASIL KERJA: DI ATAS EKSPEKTASI" in text
    assert "Melampaui target KTP-el." in text
    assert "RATING PERILAKU KERJA: DI ATAS EKSPEKTASI" in text
    assert "PREDIKAT KINERJA PEGAWAI: SANGAT BAIK" in text
    assert f"Jambi, {_signing_date(rated, 'submit_review')}" in text
    assert "KONSEP" not in text
    assert _weasyprint_complaints(caplog) == []


def test_it_prints_the_organisations_predikat_and_the_spread_once_set(org, login_as, rated,
                                                                     tmp_path):
    db.session.add(OrgPredikat(agency_id=org.agency_id, period_id=org.period_id,
                               predikat="baik", basis="Perjanjian kinerja 2026 tercapai.",
                               set_by_id=org.head.user_id))
    db.session.commit()
    client = login_as(org.asn)

    annual = pdf_text(client.get(f"/documents/assessments/{rated}/evaluasi.pdf").data, tmp_path)
    periodic = pdf_text(client.get(f"/documents/assessments/{rated}/evaluasi-1.pdf").data,
                        tmp_path)

    assert "CAPAIAN KINERJA ORGANISASI: BAIK" in annual
    assert "POLA DISTRIBUSI: predikat kinerja pegawai" in annual
    assert "SANGAT BAIK" in annual and "1 orang (100 %)" in annual and "0 orang (0 %)" in annual
    # The year's organisation predikat is not a quarter's.
    assert "CAPAIAN KINERJA ORGANISASI: belum ditetapkan" in periodic
    assert "POLA DISTRIBUSI: belum ditetapkan" in periodic


def test_it_prints_a_periodic_evaluation_of_that_period_only(org, login_as, rated, tmp_path):
    response = login_as(org.asn).get(f"/documents/assessments/{rated}/evaluasi-1.pdf")

    _assert_pdf(response, "Evaluasi-Kinerja-2026-Triwulan-I-199001102015031003.pdf")
    text = pdf_text(response.data, tmp_path)
    assert "PERIODE: TRIWULAN I" in text
    assert "PERIODE PENILAIAN: 1 JANUARI SD 31 MARET 2026" in text
    assert "310 dokumen" in text and "Rekap triwulan I" in text
    assert "Rekap penerbitan KTP-el Maret 2026" in text
    assert PERIODIC_FEEDBACK in text and BEHAVIOUR_FEEDBACK in text
    assert LATER_FEEDBACK not in text and "Rekap triwulan II" not in text
    assert "RATING HASIL KERJA: SESUAI EKSPEKTASI" in text
    assert "PREDIKAT KINERJA PEGAWAI: BAIK" in text
    assert ASN_NIP in text and "Rahmawati, S.Sos" in text


def test_it_marks_an_unrated_periodic_evaluation_as_draft(org, login_as, rated, tmp_path):
    response = login_as(org.asn).get(f"/documents/assessments/{rated}/evaluasi-2.pdf")

    _assert_pdf(response, "Evaluasi-Kinerja-2026-Triwulan-II-199001102015031003.pdf")
    text = pdf_text(response.data, tmp_path)
    assert "PERIODE: TRIWULAN II" in text and "1 APRIL SD 30 JUNI 2026" in text
    assert "KONSEP: belum dinilai oleh Pejabat Penilai Kinerja" in text
    assert "PREDIKAT KINERJA PEGAWAI: belum ditetapkan" in text
    assert LATER_FEEDBACK in text and PERIODIC_FEEDBACK not in text


def test_it_names_the_month_of_a_monthly_evaluation(org, login_as, rated, tmp_path):
    db.session.execute(sa.update(Period).values(evaluation_frequency="monthly"))
    db.session.commit()

    response = login_as(org.asn).get(f"/documents/assessments/{rated}/evaluasi-2.pdf")

    _assert_pdf(response, "Evaluasi-Kinerja-2026-Bulan-Februari-199001102015031003.pdf")
    text = pdf_text(response.data, tmp_path)
    assert "PERIODE: BULAN FEBRUARI" in text
    assert "PERIODE PENILAIAN: 1 FEBRUARI SD 28 FEBRUARI 2026" in text


def test_it_prints_a_draft_skp_as_konsep(org, login_as, tmp_path):
    aid = org.assessment_id(org.asn)
    _complete_skp(aid)

    response = login_as(org.asn).get(f"/documents/assessments/{aid}/skp.pdf")

    _assert_pdf(response, "SKP-2026-199001102015031003.pdf")
    text = pdf_text(response.data, tmp_path)
    assert "KONSEP: SKP belum ditetapkan oleh Pejabat Penilai Kinerja" in text
    assert "SASARAN KINERJA PEGAWAI" in text and ASN_NIP in text


def test_it_prints_the_qualitative_approach_with_success_measures(org, login_as, tmp_path):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    assessment = db.session.get(Assessment, aid)
    assessment.approach = "kualitatif"
    indicator = assessment.rhks[0].indicators[0]
    indicator.target_value, indicator.target_unit = None, ""
    indicator.target_text = "Seluruh permohonan KTP-el terlayani tanpa pengaduan"
    indicator.perspective = "penerima_layanan"
    db.session.commit()

    response = login_as(org.asn).get(f"/documents/assessments/{aid}/skp.pdf")

    text = pdf_text(response.data, tmp_path)
    assert "PENDEKATAN HASIL KERJA KUALITATIF" in text
    assert "UKURAN KEBERHASILAN / INDIKATOR KINERJA INDIVIDU, DAN TARGET" in text
    assert "PERSPEKTIF" in text
    assert "Seluruh permohonan KTP-el terlayani tanpa pengaduan" in text


def test_it_prints_in_indonesian_for_a_reader_who_chose_english(org, login_as, rated, tmp_path):
    client = login_as(org.supervisor)
    client.post("/auth/language/en", data={"next": "/"}, htmx=False)
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)  # the portal is in English

    text = pdf_text(client.get(f"/documents/assessments/{rated}/evaluasi.pdf").data, tmp_path)

    assert "DI ATAS EKSPEKTASI" in text and "SANGAT BAIK" in text
    assert "Kuantitas" in text and "31 DESEMBER 2026" in text
    assert "107,14 %" in text and "1.250 dokumen" in text  # Indonesian number format
    assert "Above" not in text and "Quantity" not in text and "107.14" not in text


@pytest.mark.parametrize("path", ["/skp.pdf", "/evaluasi.pdf", "/evaluasi-1.pdf", ""])
@pytest.mark.parametrize("persona", ["peer", "outsider"])
def test_it_refuses_whoever_may_not_see_the_assessment(org, login_as, rated, persona, path):
    response = login_as(getattr(org, persona)).get(f"/documents/assessments/{rated}{path}")

    assert response.status_code == 403
    assert response.mimetype == "text/html"


@pytest.mark.parametrize("path", ["skp.pdf", "evaluasi.pdf", "evaluasi-1.pdf"])
def test_it_lets_the_committee_and_the_head_download(org, login_as, rated, path):
    for persona in (org.committee, org.head):
        response = login_as(persona).get(f"/documents/assessments/{rated}/{path}")
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"


@pytest.mark.parametrize("path", ["/documents/assessments/999999/skp.pdf",
                                  "/documents/assessments/999999/evaluasi.pdf",
                                  "/documents/assessments/{aid}/evaluasi-5.pdf",
                                  "/documents/assessments/{aid}/evaluasi-13.pdf"])
def test_it_answers_404_for_a_document_that_does_not_exist(org, login_as, path):
    aid = org.assessment_id(org.asn)

    response = login_as(org.asn).get(path.format(aid=aid))

    assert response.status_code == 404


def test_it_sends_anonymous_visitors_to_the_login(org, app):
    aid = org.assessment_id(org.asn)

    response = app.test_client().get(f"/documents/assessments/{aid}/skp.pdf")

    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_it_prints_in_as_many_queries_for_many_rhk_as_for_one(org, login_as, rated):
    client = login_as(org.asn)
    url = f"/documents/assessments/{rated}/evaluasi.pdf"
    client.get(url)  # warm up: templates compiled, fonts loaded

    def queries() -> int:
        with counting_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    few = queries()
    assessment = db.session.get(Assessment, rated)
    for n in range(6):
        rhk = Rhk(kind="utama", text=f"RHK tambahan uji {n}", parent=assessment.rhks[0].parent)
        indicator = Indicator(aspect="kuantitas", text=f"IKI {n}", target_value=Decimal(10),
                              target_unit="laporan")
        indicator.realisations.append(Realisation(period_no=0, value=Decimal(9)))
        rhk.indicators.append(indicator)
        assessment.rhks.append(rhk)
    db.session.commit()

    assert queries() == few


def test_it_lists_the_documents_that_exist_now(org, login_as):
    aid = org.assessment_id(org.asn)
    client = login_as(org.asn)

    fresh = client.get(f"/documents/assessments/{aid}", htmx=True)

    assert fresh.status_code == 200
    assert "HX-Request" in fresh.headers["Vary"]
    html = fresh.get_data(as_text=True)
    assert html.lstrip().startswith('<section id="documents"')
    assert f'href="/documents/assessments/{aid}/skp.pdf"' in html
    assert "evaluasi" not in html  # not rated, no periodic realisation yet


def test_it_lists_the_evaluations_once_rated_or_realised(org, login_as, rated):
    page = login_as(org.supervisor).get(f"/documents/assessments/{rated}")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<html" in html  # a plain request gets a whole page
    assert f'href="/documents/assessments/{rated}/skp.pdf"' in html
    assert f'href="/documents/assessments/{rated}/evaluasi.pdf"' in html
    assert f'href="/documents/assessments/{rated}/evaluasi-1.pdf"' in html  # rated periodically
    assert f'href="/documents/assessments/{rated}/evaluasi-2.pdf"' in html  # realised only
    assert f'href="/documents/assessments/{rated}/evaluasi-3.pdf"' not in html
    assert "Dokumen Evaluasi Kinerja Pegawai Triwulan I<" in html


def test_the_steps_htmx_answers_leave_the_documents_unread_and_the_page_lists_them(
        org, login_as, rated):
    """The page's list takes its evaluated periods from the statement that loaded the
    assessment (a column of it): no statement of their own."""
    client = login_as(org.supervisor)

    with counting_queries() as fragment:
        step = client.get(f"/assessments/{rated}?p=2", htmx=True)
    with counting_queries() as page:
        whole = client.get(f"/assessments/{rated}?p=2")

    assert step.status_code == 200 and whole.status_code == 200
    assert 'id="documents"' not in step.get_data(as_text=True)  # the step alone
    # the documents' question alone (documents.service.available) is not asked
    assert not [s for s in page if s.startswith("SELECT periodic_ratings.period_no")]
    assert len(fragment) == len(page)
    assert f'href="/documents/assessments/{rated}/evaluasi-1.pdf"' in whole.get_data(as_text=True)


def test_the_documents_list_alone_reads_its_periods_without_the_graph(org, login_as, rated):
    client = login_as(org.supervisor)

    with counting_queries() as statements:
        listed = client.get(f"/documents/assessments/{rated}", htmx=True)

    assert listed.status_code == 200
    assert f'href="/documents/assessments/{rated}/evaluasi-1.pdf"' in listed.get_data(as_text=True)
    assert not [s for s in statements if "FROM indicators" in s and " UNION " not in s]
    assert len([s for s in statements if " UNION " in s]) == 1


def test_it_dates_feedback_in_western_indonesian_time():
    late_evening_utc = dt.datetime(2026, 3, 31, 18, 30, tzinfo=dt.timezone.utc)

    assert local_date(late_evening_utc) == dt.date(2026, 4, 1)
    assert local_date(late_evening_utc.replace(tzinfo=None)) == dt.date(2026, 4, 1)
