"""Figures of an evaluation period as the assessment page and the Dokumen Evaluasi show them:
the capaian of a month or quarter (against the yearly target, so without the year's band), the
officer's IKM of the period chosen, the periods' names, and the year's evidence on the annual
tab where the supervisor rates the year."""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, Evidence, Period, Realisation
from portal.services.review import assessments as service
from tests.http.helpers import advance, counting_queries
from tests.http.test_documents import (  # noqa: F401  (rated is a fixture)
    _complete_skp, _record_execution, pdf_text, rated,
)
from tests.http.test_objective_indicators import (  # noqa: F401  (ktp is a fixture)
    JAMBI, _self_assessed_with_evidence, add_response, ktp,
)

NOVEMBER = dt.datetime(2026, 11, 16, 10, 0, tzinfo=JAMBI)  # triwulan IV
Q1_EVIDENCE = "Rekap penerbitan KTP-el Maret 2026"         # attached to triwulan I


def _card(html: str, text: str) -> str:
    """The indicator card titled text on the assessment page."""
    start = html.rindex('<article class="indicator-card"', 0, html.index(f">{text}</h5>"))
    return html[start:html.index("</article>", start)]


# --- capaian of a period ------------------------------------------------------------------------

def test_a_quarter_is_measured_against_the_yearly_target_without_the_years_band(
        org, login_as, rated, tmp_path):
    client = login_as(org.supervisor)

    quarter = _card(client.get(f"/assessments/{rated}?p=1").get_data(as_text=True),
                    "Jumlah KTP-el diterbitkan")
    year = _card(client.get(f"/assessments/{rated}?p=0").get_data(as_text=True),
                 "Jumlah KTP-el diterbitkan")
    document = pdf_text(client.get(f"/documents/assessments/{rated}/evaluasi-1.pdf").data,
                        tmp_path)

    # 310 documents in triwulan I of a yearly 1,200: a share of the year, not "Sangat Kurang".
    assert '<span class="capaian">25,83 %</span>' in quarter
    assert "dari target tahunan" in quarter and "data-band" not in quarter
    assert "Sangat Kurang" not in quarter
    assert "CAPAIAN TERHADAP TARGET TAHUNAN" in document and "25,83 %" in document
    assert "Sangat Kurang" not in document
    # The year's 1,250 of 1,200 keeps its band on both.
    assert '<span class="capaian" data-band="sangat_baik">104,17 %</span>' in year
    annual = pdf_text(client.get(f"/documents/assessments/{rated}/evaluasi.pdf").data, tmp_path)
    assert "104,17 % Sangat Baik" in annual
    assert "TERHADAP TARGET TAHUNAN" not in annual


# --- the officer's IKM of the period ----------------------------------------------------------

def test_the_page_and_the_document_of_a_quarter_show_that_quarters_ikm(org, login_as, ktp,
                                                                       tmp_path):
    aid, _ = _self_assessed_with_evidence(org, ktp)  # answers 3, 3, 4 in February
    for answer in (2, 2):
        add_response(ktp, org.asn.employee_id, answer, at=NOVEMBER)
    client = login_as(org.supervisor)

    page = client.get(f"/assessments/{aid}?p=4").get_data(as_text=True)
    document = pdf_text(client.get(f"/documents/assessments/{aid}/evaluasi-4.pdf").data,
                        tmp_path)
    year_page = client.get(f"/assessments/{aid}?p=0").get_data(as_text=True)
    year_document = pdf_text(client.get(f"/documents/assessments/{aid}/evaluasi.pdf").data,
                             tmp_path)

    # Triwulan IV: (2 + 2) / 2 x 25 = 50 from 2 respondents, on the page as in the document.
    panel = page[page.index('class="objective-evidence"'):]
    assert 'data-period="4"' in page and "Bukti objektif: Triwulan IV" in panel
    assert "<dt>Nilai IKM</dt><dd>50</dd>" in panel and "<dt>Responden</dt><dd>2</dd>" in panel
    assert "ATAS PELAYANAN PEGAWAI: 50 (mutu pelayanan" in document
    assert "2 responden, semua layanan" in document
    # The year: (3 + 3 + 4 + 2 + 2) / 5 x 25 = 70 from 5 respondents, on both.
    year_panel = year_page[year_page.index('class="objective-evidence"'):]
    assert "<dt>Nilai IKM</dt><dd>70</dd>" in year_panel
    assert "<dt>Responden</dt><dd>5</dd>" in year_panel
    assert "ATAS PELAYANAN PEGAWAI: 70 (mutu pelayanan" in year_document
    assert "5 responden, semua layanan" in year_document


# --- the periods' names -----------------------------------------------------------------------

def test_it_writes_the_roman_numeral_of_a_quarter_as_it_is(org, login_as, rated, tmp_path):
    client = login_as(org.asn)

    response = client.get(f"/documents/assessments/{rated}/evaluasi-4.pdf")
    links = client.get(f"/documents/assessments/{rated}").get_data(as_text=True)
    page = client.get(f"/assessments/{rated}?p=4").get_data(as_text=True)

    text = pdf_text(response.data, tmp_path)
    assert "PERIODE: TRIWULAN IV" in text
    assert "Evaluasi Kinerja Pegawai Triwulan IV 2026" in text  # the running footer
    assert "Triwulan Iv" not in text
    assert "Triwulan-IV" in response.headers["Content-Disposition"]
    assert "Dokumen Evaluasi Kinerja Pegawai Triwulan I<" in links
    assert 'data-period="4"' in page and "Triwulan IV" in page


def test_it_names_a_month_the_same_on_the_page_and_in_the_document(org, login_as, rated,
                                                                   tmp_path):
    db.session.execute(sa.update(Period).values(evaluation_frequency="monthly"))
    db.session.commit()
    client = login_as(org.asn)

    text = pdf_text(client.get(f"/documents/assessments/{rated}/evaluasi-2.pdf").data, tmp_path)
    links = client.get(f"/documents/assessments/{rated}").get_data(as_text=True)
    page = client.get(f"/assessments/{rated}?p=2").get_data(as_text=True)

    assert "PERIODE: BULAN FEBRUARI" in text
    assert "Evaluasi Kinerja Pegawai Bulan Februari 2026" in text
    assert "Dokumen Evaluasi Kinerja Pegawai Bulan Februari<" in links
    assert re.search(r'data-period="2"\s*aria-current="page">Februari', page)


# --- the year's evidence where the year is rated ------------------------------------------------

def _self_assessed(org) -> int:
    """The ASN's complete SKP with triwulan I's evidence (a link), self-assessed."""
    aid = org.assessment_id(org.asn)
    _complete_skp(aid)
    advance(org, "targets_approved")
    _record_execution(aid, org)
    return advance(org, "self_assessed")


def test_the_annual_tab_shows_the_years_evidence_by_period_to_the_supervisor(org, login_as):
    aid = _self_assessed(org)
    evidence_period = db.session.scalar(
        sa.select(Realisation.period_no).join(Evidence).where(Evidence.title == Q1_EVIDENCE))

    # The page with the realisations (on demand at review) shown.
    html = login_as(org.supervisor).get(f"/assessments/{aid}/sections/realisations") \
        .get_data(as_text=True)

    assert evidence_period == 1  # stored under triwulan I, not under the year
    assert 'id="rating-title"' in html  # the tab where the year is rated
    card = _card(html, "Jumlah KTP-el diterbitkan")
    group = card[card.index('<p class="evidence-period">Triwulan I</p>'):]
    assert group.index('<ul class="evidence-list" data-period="1">') < group.index(Q1_EVIDENCE)
    assert "Belum ada bukti dukung" not in card
    other = _card(html, "Rata-rata waktu penyelesaian rekam KTP-el")
    assert "Belum ada bukti dukung tahun ini." in other


def test_the_quarter_tab_shows_only_that_quarters_evidence(org, login_as):
    aid = _self_assessed(org)

    first = _card(login_as(org.supervisor).get(f"/assessments/{aid}?p=1").get_data(as_text=True),
                  "Jumlah KTP-el diterbitkan")
    second = _card(login_as(org.supervisor).get(f"/assessments/{aid}?p=2").get_data(as_text=True),
                   "Jumlah KTP-el diterbitkan")

    assert Q1_EVIDENCE in first and 'class="evidence-period"' not in first
    assert Q1_EVIDENCE not in second and "Belum ada bukti dukung." in second


def test_the_years_evidence_takes_as_many_queries_for_many_periods_as_for_one(org, login_as):
    aid = _self_assessed(org)
    client = login_as(org.supervisor)
    client.get(f"/assessments/{aid}/sections/realisations")

    def queries() -> tuple[int, str]:
        with counting_queries() as statements:
            html = client.get(f"/assessments/{aid}/sections/realisations").get_data(as_text=True)
        return len(statements), html

    few, _ = queries()
    assessment = service.load(aid)
    for indicator in (i for rhk in assessment.rhks for i in rhk.indicators):
        for number in (0, 2, 3, 4):
            realisation = indicator.realisation_for(number)
            if realisation is None:
                realisation = Realisation(period_no=number, value=Decimal(1), note="")
                indicator.realisations.append(realisation)
            realisation.evidence.append(Evidence(
                kind="link", title=f"Bukti {indicator.id}-{number}", url="https://example.org/b",
                uploaded_by_id=org.asn.user_id))
    db.session.commit()

    many, html = queries()

    assert html.count('class="evidence-period"') > 6
    assert many == few
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 13
    assert db.session.get(Assessment, aid).state == "self_assessed"
