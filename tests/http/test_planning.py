"""Planning the SKP: the approach, RHK cascaded from the direct supervisor's approved SKP,
indicators with quantitative or qualitative targets, editing, and the Lampiran."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Assessment, Indicator, Rhk, SkpAttachment
from tests.conftest import fill_targets
from tests.http.helpers import (
    RHK_FORM, advance, counting_queries, rhk_form, stored, supervisor_rhk_id,
)

NOT_IN_SUPERVISOR_SKP = ("RHK pimpinan yang dipilih tidak ada pada SKP atasan langsung yang "
                         "telah ditetapkan.")


def _rhks(assessment_id: int) -> list[Rhk]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Rhk).where(Rhk.assessment_id == assessment_id)
                                   .order_by(Rhk.id)))


def _indicators(assessment_id: int) -> list[Indicator]:
    return [i for rhk in _rhks(assessment_id) for i in rhk.indicators]


def _add_rhk_to(assessment_id: int, text: str, state: str | None = None) -> int:
    """Give an assessment one more RHK (set-up in the database); returns its id."""
    assessment = db.session.get(Assessment, assessment_id)
    rhk = Rhk(kind="utama", text=text)
    rhk.indicators.append(Indicator(aspect="kuantitas", text="Jumlah dokumen",
                                    target_value=Decimal(4), target_unit="dokumen"))
    assessment.rhks.append(rhk)
    if state:
        assessment.state = state
    db.session.commit()
    return rhk.id


def _approach(assessment_id: int, approach: str) -> None:
    db.session.get(Assessment, assessment_id).approach = approach
    db.session.commit()


# --- cascading ------------------------------------------------------------------------------

def test_it_offers_the_rhk_of_the_supervisors_approved_skp_in_the_picker(org, login_as):
    aid = org.assessment_id(org.asn)
    parent = supervisor_rhk_id(org)

    html = login_as(org.asn).get(f"/assessments/{aid}").get_data(as_text=True)

    assert '<label for="parent_rhk_id">RHK pimpinan yang diintervensi</label>' in html
    picker = re.search(r'<select[^>]*name="parent_rhk_id".*?</select>', html, re.S).group(0)
    assert re.search(r'<optgroup label="A. Utama"><option value="%d">Meningkatnya kualitas '
                     r'layanan administrasi kependudukan</option></optgroup>' % parent, picker)
    assert "Rahmawati, S.Sos" in html  # whose SKP the RHK come from


def test_it_cascades_a_new_rhk_from_the_supervisors_approved_skp(org, login_as):
    aid = org.assessment_id(org.asn)
    data = rhk_form(org)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks",
                                      data={**data, "version": before.version})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["HX-Trigger"] == "assessment-changed"
    html = response.get_data(as_text=True)
    assert "RHK Pimpinan yang Diintervensi</th>" in html
    assert "<td rowspan=\"1\">Meningkatnya kualitas layanan administrasi kependudukan</td>" in html
    [rhk] = _rhks(aid)
    assert (rhk.text, rhk.parent_rhk_id) == (RHK_FORM["rhk_text"], data["parent_rhk_id"])
    assert stored(aid).version == before.version + 1


def _peers_rhk(org) -> int:
    return _add_rhk_to(org.assessment_id(org.peer), "RHK rekan kerja", state="targets_approved")


def _supervisors_unapproved_rhk(org) -> int:
    return _add_rhk_to(org.assessment_id(org.supervisor), "RHK atasan yang belum ditetapkan")


def _heads_rhk(org) -> int:
    return _add_rhk_to(org.assessment_id(org.head), "RHK kepala dinas", state="targets_approved")


@pytest.mark.parametrize("parent_of, supervisor_approved", [
    (_peers_rhk, True), (_heads_rhk, True), (lambda org: 987654, True),
    (_supervisors_unapproved_rhk, False),
], ids=["a-colleagues-rhk", "the-heads-skp", "no-such-rhk", "the-supervisors-unapproved-skp"])
def test_it_refuses_a_parent_from_anywhere_but_the_direct_supervisors_approved_skp(
        org, login_as, parent_of, supervisor_approved):
    aid = org.assessment_id(org.asn)
    if supervisor_approved:
        supervisor_rhk_id(org)
    parent = parent_of(org)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks", data={
        **RHK_FORM, "parent_rhk_id": str(parent), "version": before.version})

    assert response.status_code == 422
    assert "HX-Trigger" not in response.headers
    html = response.get_data(as_text=True)
    assert NOT_IN_SUPERVISOR_SKP in html
    if supervisor_approved:  # the picker shows the refusal under itself
        assert re.search(r'<small id="parent_rhk_id-error" class="error">' + NOT_IN_SUPERVISOR_SKP,
                         html)
    else:
        assert "SKP atasan langsung Anda (Rahmawati, S.Sos) belum ditetapkan" in html
    assert f"{RHK_FORM['rhk_text']}</textarea>" in html  # nothing typed is lost
    assert f'value="{RHK_FORM["text"]}"' in html
    assert stored(aid) == before


def test_it_says_plainly_when_the_supervisors_skp_is_not_yet_approved(org, login_as):
    aid = org.assessment_id(org.asn)
    _supervisors_unapproved_rhk(org)

    html = login_as(org.asn).get(f"/assessments/{aid}").get_data(as_text=True)

    assert "SKP atasan langsung Anda (Rahmawati, S.Sos) belum ditetapkan" in html
    assert 'name="parent_rhk_id"' not in html
    assert "RHK atasan yang belum ditetapkan" not in html


def test_it_keeps_an_rhk_drafted_before_the_supervisors_skp_is_approved(org, login_as):
    aid = org.assessment_id(org.asn)
    client = login_as(org.asn)

    response = client.post(f"/assessments/{aid}/rhks", data={
        **RHK_FORM, "version": stored(aid).version})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Belum dipilih" in response.get_data(as_text=True)
    assert [r.parent_rhk_id for r in _rhks(aid)] == [None]


def test_it_says_at_once_that_an_rhk_drafted_before_the_supervisors_skp_still_needs_a_parent(
        org, login_as):
    aid = org.assessment_id(org.asn)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks", data={
        **RHK_FORM, "version": stored(aid).version})

    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert re.search(r'role="status">RHK ditambahkan\. SKP belum dapat diajukan: RHK 1 '
                     r'“Meningkatnya kecepatan layanan akta kelahiran” belum mengintervensi RHK '
                     r'pimpinan', html)
    assert [r.parent_rhk_id for r in _rhks(aid)] == [None]


def test_it_refuses_an_rhk_without_the_leaders_rhk_when_one_can_be_chosen(org, login_as):
    aid = org.assessment_id(org.asn)
    supervisor_rhk_id(org)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks", data={
        **RHK_FORM, "kind": "tambahan", "version": before.version})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(r'<small id="parent_rhk_id-error" class="error">Pilih RHK pimpinan yang '
                     r'diintervensi', html)
    assert RHK_FORM["rhk_text"] + "</textarea>" in html  # the input is kept
    assert '<option selected value="tambahan">' in html
    assert stored(aid) == before


def test_it_refuses_to_unlink_an_rhk_from_the_leaders_rhk(org, login_as):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [rhk] = _rhks(aid)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks/{rhk.id}", data={
        f"e{rhk.id}-version": before.version, f"e{rhk.id}-kind": "utama",
        f"e{rhk.id}-rhk_text": rhk.text, f"e{rhk.id}-parent_rhk_id": ""})

    assert response.status_code == 422
    assert "Pilih RHK pimpinan yang diintervensi" in response.get_data(as_text=True)
    assert stored(aid) == before
    assert _rhks(aid)[0].parent_rhk_id is not None


def test_it_names_each_rhk_that_blocks_submitting_and_links_to_it(org, login_as):
    aid = org.assessment_id(org.asn)
    client = login_as(org.asn)
    client.post(f"/assessments/{aid}/rhks", data={
        **RHK_FORM, "kind": "tambahan", "version": stored(aid).version})
    parent = supervisor_rhk_id(org)  # the supervisor's SKP is fixed after the RHK was drafted
    [rhk] = _rhks(aid)

    page = client.get(f"/assessments/{aid}").get_data(as_text=True)
    assert re.search(r'data-action="submit_targets"[^>]*disabled', page)
    blocked = re.search(r'<div id="blocked-submit_targets".*?</div>', page, re.S).group(0)
    assert re.search(
        rf'<li data-blocker="rhk_without_parent"><a href="#rhk-{rhk.id}">RHK tambahan 1 '
        r'“Meningkatnya kecepatan layanan akta kelahiran” belum mengintervensi RHK pimpinan',
        blocked)
    assert f'id="rhk-{rhk.id}"' in page
    refused = client.post(f"/assessments/{aid}/actions/submit_targets",
                          data={"version": stored(aid).version, "confirmed": "y"})
    assert refused.status_code == 409
    assert stored(aid).state == "draft_targets"

    linked = client.post(f"/assessments/{aid}/rhks/{rhk.id}", data={
        "confirmed": "y",
        f"e{rhk.id}-version": stored(aid).version, f"e{rhk.id}-kind": "tambahan",
        f"e{rhk.id}-rhk_text": rhk.text, f"e{rhk.id}-parent_rhk_id": str(parent)})
    assert linked.status_code == 200, linked.get_data(as_text=True)
    assert re.search(r'role="status">RHK diperbarui\.</p>', linked.get_data(as_text=True))
    assert 'id="blocked-submit_targets"' not in linked.get_data(as_text=True)
    submitted = client.post(f"/assessments/{aid}/actions/submit_targets",
                            data={"version": stored(aid).version, "confirmed": "y"})

    assert submitted.status_code == 200, submitted.get_data(as_text=True)
    assert stored(aid).state == "targets_submitted"
    assert _rhks(aid)[0].parent_rhk_id == parent


def test_it_names_each_indicator_without_target_after_the_approach_changes(org, login_as):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    client = login_as(org.asn)

    response = client.post(f"/assessments/{aid}/approach", data={
        "approach": "kualitatif", "version": stored(aid).version})

    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    [indicator] = _indicators(aid)
    assert f"Pendekatan SKP disimpan: Kualitatif. SKP belum dapat diajukan: Indikator " \
           f"“{indicator.text}” pada RHK 1 belum punya target." in html
    assert re.search(rf'<li data-blocker="indicator_without_target"><a href="#indicator-'
                     rf'{indicator.id}">', html)
    assert f'id="indicator-{indicator.id}"' in html
    assert db.session.get(Assessment, aid).approach == "kualitatif"


def test_it_refuses_to_link_an_existing_rhk_to_a_colleagues_rhk(org, login_as):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [rhk] = _rhks(aid)
    kept_parent = rhk.parent_rhk_id
    colleague = _peers_rhk(org)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks/{rhk.id}", data={
        f"e{rhk.id}-version": before.version, f"e{rhk.id}-kind": "utama",
        f"e{rhk.id}-rhk_text": "Teks RHK yang diubah", f"e{rhk.id}-parent_rhk_id": str(colleague)})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert NOT_IN_SUPERVISOR_SKP in html
    assert "<details open>" in html  # the edit form stays open, as typed
    assert "Teks RHK yang diubah</textarea>" in html
    assert stored(aid) == before
    assert _rhks(aid)[0].parent_rhk_id == kept_parent


def test_it_lets_an_agency_head_add_an_rhk_without_a_parent(org, login_as):
    aid = org.assessment_id(org.head)

    response = login_as(org.head).post(f"/assessments/{aid}/rhks", data={
        **RHK_FORM, "version": stored(aid).version})

    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert 'name="parent_rhk_id"' not in html
    assert "RHK Pimpinan yang Diintervensi" not in html
    assert re.search(r'<button type="submit" data-action="submit_targets" class="primary"\s*>',
                     html)
    assert [(r.text, r.parent_rhk_id) for r in _rhks(aid)] == [(RHK_FORM["rhk_text"], None)]


# --- quantitative targets -------------------------------------------------------------------

def test_it_stores_a_range_target(org, login_as):
    aid = org.assessment_id(org.asn)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks", data={
        **rhk_form(org, aspect="kualitas", text="Persentase data valid", target_value="80",
                   target_max="90", target_unit="%"), "version": stored(aid).version})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert "80–90 %" in response.get_data(as_text=True)
    [indicator] = _indicators(aid)
    assert (indicator.target_value, indicator.target_max, indicator.lower_is_better) == (
        Decimal(80), Decimal(90), False)


def test_it_refuses_a_range_whose_lower_bound_exceeds_the_upper(org, login_as):
    aid = org.assessment_id(org.asn)
    data = rhk_form(org, target_value="90", target_max="80,5", target_unit="%")
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks",
                                      data={**data, "version": before.version})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    message = "Batas bawah rentang target tidak boleh melebihi batas atasnya."
    assert re.search(r'<small id="target_max-error" class="error">' + message, html)
    assert 'value="90"' in html and 'value="80,5"' in html
    assert stored(aid) == before


def test_it_stores_a_lower_is_better_target(org, login_as):
    aid = org.assessment_id(org.asn)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks", data={
        **rhk_form(org, lower_is_better="y"), "version": stored(aid).version})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert "3 hari <small>(makin kecil makin baik)</small>" in response.get_data(as_text=True)
    [indicator] = _indicators(aid)
    assert (indicator.target_value, indicator.target_max, indicator.lower_is_better) == (
        Decimal(3), None, True)


def test_it_refuses_a_range_that_is_also_lower_is_better(org, login_as):
    aid = org.assessment_id(org.asn)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks", data={
        **rhk_form(org, target_max="5", lower_is_better="y"), "version": before.version})

    assert response.status_code == 422
    assert "Pilih salah satu: target berupa rentang" in response.get_data(as_text=True)
    assert stored(aid) == before


def test_it_refuses_a_non_numeric_target_when_rewriting_an_indicator(org, login_as):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [indicator] = _indicators(aid)
    before = stored(aid)
    prefix = f"i{indicator.id}"

    response = login_as(org.asn).post(f"/assessments/{aid}/indicators/{indicator.id}", data={
        f"{prefix}-version": before.version, f"{prefix}-aspect": "kuantitas",
        f"{prefix}-text": "Jumlah KTP-el diterbitkan", f"{prefix}-target_value": "seribu",
        f"{prefix}-target_unit": "dokumen"})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Isi angka, misalnya 1.234,5." in html
    assert 'value="seribu"' in html
    assert stored(aid) == before


def test_it_rewrites_an_indicator_and_its_target(org, login_as):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    [indicator] = _indicators(aid)
    before = stored(aid)
    prefix = f"i{indicator.id}"

    response = login_as(org.asn).post(f"/assessments/{aid}/indicators/{indicator.id}", data={
        f"{prefix}-version": before.version, f"{prefix}-aspect": "waktu",
        f"{prefix}-text": "Rata-rata waktu penerbitan KTP-el", f"{prefix}-target_value": "1,5",
        f"{prefix}-target_unit": "hari", f"{prefix}-lower_is_better": "y"})

    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Indikator diperbarui." in response.get_data(as_text=True)
    [after] = _indicators(aid)
    assert (after.id, after.aspect, after.text, after.target_value, after.target_unit,
            after.lower_is_better) == (indicator.id, "waktu", "Rata-rata waktu penerbitan KTP-el",
                                       Decimal("1.5"), "hari", True)
    assert stored(aid).version == before.version + 1


# --- the approach and qualitative targets -----------------------------------------------------

def test_it_switches_the_approach_keeping_every_rhk(org, login_as):
    aid = org.assessment_id(org.asn)
    fill_targets(aid)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/approach", data={
        "approach": "kualitatif", "version": before.version})

    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert "Pendekatan SKP disimpan: Kualitatif." in html
    assert '<strong data-approach="kualitatif">Kualitatif</strong>' in html
    assert "Belum ada target kualitatif." in html
    assert "Tertulis sebelumnya: 1.200 dokumen" in html
    assert '<label for="target_text">Ukuran keberhasilan</label>' in html
    assert 'name="target_value"' not in html
    after = stored(aid)
    assert (after.rhks, after.indicators) == (before.rhks, before.indicators)
    assert db.session.get(Assessment, aid).approach == "kualitatif"
    # The number is not a qualitative target: submitting waits for a success measure.
    assert re.search(r'data-action="submit_targets"[^>]*disabled', html)


def test_it_refuses_an_unknown_approach(org, login_as):
    aid = org.assessment_id(org.asn)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/approach", data={
        "approach": "campuran", "version": before.version})

    assert response.status_code == 422
    assert "Pilih salah satu pilihan yang tersedia." in response.get_data(as_text=True)
    assert db.session.get(Assessment, aid).approach == "kuantitatif"
    assert stored(aid) == before


QUALITATIVE_RHK = {
    "kind": "utama", "rhk_text": "Meningkatnya kepercayaan publik pada layanan kependudukan",
    "aspect": "kualitas", "text": "Tingkat kepuasan penerima layanan",
    "target_text": "Tidak ada pengaduan layanan yang tidak ditindaklanjuti",
    "perspective": "penerima_layanan",
}


def test_it_accepts_a_qualitative_rhk_with_a_success_measure_and_no_number(org, login_as):
    aid = org.assessment_id(org.asn)
    _approach(aid, "kualitatif")
    parent = supervisor_rhk_id(org)
    client = login_as(org.asn)

    response = client.post(f"/assessments/{aid}/rhks", data={
        **QUALITATIVE_RHK, "parent_rhk_id": str(parent), "target_value": "tidak dipakai",
        "version": stored(aid).version})

    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    assert "<th scope=\"col\">Perspektif</th>" in html
    assert "Perspektif Penerima Layanan" in html
    assert QUALITATIVE_RHK["target_text"] in html
    [indicator] = _indicators(aid)
    assert (indicator.target_value, indicator.target_unit, indicator.target_text,
            indicator.perspective) == (None, "", QUALITATIVE_RHK["target_text"],
                                       "penerima_layanan")
    submitted = client.post(f"/assessments/{aid}/actions/submit_targets",
                            data={"confirmed": "y", "version": stored(aid).version})
    assert submitted.status_code == 200, submitted.get_data(as_text=True)


@pytest.mark.parametrize("field, message", [
    ("target_text", "Isi ukuran keberhasilan (target kualitatif)."),
    ("perspective", "Pilih perspektif indikator."),
])
def test_it_refuses_a_qualitative_indicator_without_its_target(org, login_as, field, message):
    aid = org.assessment_id(org.asn)
    _approach(aid, "kualitatif")
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/rhks", data={
        **QUALITATIVE_RHK, field: "", "version": before.version})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html
    assert f"{QUALITATIVE_RHK['rhk_text']}</textarea>" in html
    assert stored(aid) == before


# --- the Lampiran -----------------------------------------------------------------------------

def _lampiran(assessment_id: int) -> list[tuple[str, str]]:
    db.session.expire_all()
    return [(line.kind, line.text) for line in db.session.scalars(
        sa.select(SkpAttachment).where(SkpAttachment.assessment_id == assessment_id)
        .order_by(SkpAttachment.id))]


def test_it_adds_and_removes_lampiran_lines(org, login_as):
    aid = org.assessment_id(org.asn)
    client = login_as(org.asn)
    lines = [("dukungan_sumber_daya", "Akses aplikasi SIAK terpusat"),
             ("skema_pertanggungjawaban", "Laporan bulanan kepada Kepala Bidang"),
             ("konsekuensi", "Teguran tertulis bila target tidak tercapai")]

    for kind, text in lines:
        response = client.post(f"/assessments/{aid}/lampiran/{kind}", data={
            f"{kind}-version": stored(aid).version, f"{kind}-text": f"  {text} "})
        assert response.status_code == 200, response.get_data(as_text=True)
        assert response.headers["HX-Trigger"] == "assessment-changed"
        assert "Baris lampiran ditambahkan." in response.get_data(as_text=True)
    assert _lampiran(aid) == lines
    html = client.get(f"/assessments/{aid}/sections/lampiran").get_data(as_text=True)
    for _kind, text in lines:
        assert f"<li>{text}" in html

    first = db.session.scalar(sa.select(SkpAttachment.id).where(
        SkpAttachment.assessment_id == aid).order_by(SkpAttachment.id).limit(1))
    response = client.post(f"/assessments/{aid}/lampiran/{first}/delete",
                           data={"version": stored(aid).version})

    assert response.status_code == 200
    assert "Baris lampiran dihapus." in response.get_data(as_text=True)
    assert _lampiran(aid) == lines[1:]


def test_it_refuses_an_empty_lampiran_line_keeping_the_form(org, login_as):
    aid = org.assessment_id(org.asn)
    before = stored(aid)

    response = login_as(org.asn).post(f"/assessments/{aid}/lampiran/konsekuensi", data={
        "konsekuensi-version": before.version, "konsekuensi-text": "   "})

    assert response.status_code == 422
    assert "Isi teks baris lampiran." in response.get_data(as_text=True)
    assert _lampiran(aid) == []
    assert stored(aid) == before


def test_a_refused_lampiran_line_comes_back_typed_in_the_open_lampiran(org, login_as):
    aid = org.assessment_id(org.asn)
    before = stored(aid)
    typed = "Teguran " * 300  # over the 2,000 characters a line may have

    response = login_as(org.asn).post(f"/assessments/{aid}/lampiran/konsekuensi", data={
        "konsekuensi-version": before.version, "konsekuensi-text": typed})

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'name="konsekuensi-text" required type="text" value="{typed}"' in html
    assert 'aria-invalid="true"' in html
    assert 'action="/assessments/%d/lampiran/dukungan_sumber_daya"' % aid in html  # open
    assert "data-lampiran-counts" not in html
    assert _lampiran(aid) == []
    assert stored(aid) == before


def _add_lines(aid: int, *lines: tuple[str, str]) -> None:
    """Give the assessment Lampiran lines (set-up in the database)."""
    for kind, text in lines:
        db.session.add(SkpAttachment(assessment_id=aid, kind=kind, text=text))
    db.session.commit()


def test_while_drafting_the_lampiran_is_collapsed_to_its_counts_and_a_link(org, login_as):
    aid = org.assessment_id(org.asn)
    _add_lines(aid, ("konsekuensi", "Teguran tertulis"), ("konsekuensi", "Tunjangan dipotong"),
               ("dukungan_sumber_daya", "Akses SIAK"))

    html = login_as(org.asn).get(f"/assessments/{aid}").get_data(as_text=True)

    section = re.search(r'<div id="section-lampiran" class="step-section">.*?</section>', html,
                        re.S).group(0)
    assert '<h3 id="lampiran-title">Lampiran SKP</h3>' in section
    assert ("Dukungan Sumber Daya: 1 baris · Skema Pertanggungjawaban: 0 baris · "
            "Konsekuensi: 2 baris") in section
    url = f"/assessments/{aid}/sections/lampiran"
    assert (f'<a href="{url}" hx-get="{url}" hx-target="#section-lampiran" '
            f'hx-swap="outerHTML" aria-expanded="false"') in section
    assert "Teguran tertulis" not in html and "/lampiran/konsekuensi" not in html
    assert 'id="new-rhk"' in html  # what the step needs is still there


def test_the_lampiran_opens_on_demand_as_a_fragment_or_as_the_page(org, login_as):
    aid = org.assessment_id(org.asn)
    _add_lines(aid, ("konsekuensi", "Teguran tertulis"))
    client = login_as(org.asn)

    fragment = client.get(f"/assessments/{aid}/sections/lampiran", htmx=True)
    page = client.get(f"/assessments/{aid}/sections/lampiran")

    assert fragment.status_code == page.status_code == 200
    part = fragment.get_data(as_text=True)
    assert part.lstrip().startswith('<div id="section-lampiran" class="step-section">')
    assert "<html" not in part and "data-lampiran-counts" not in part
    for html in (part, page.get_data(as_text=True)):
        assert "<li>Teguran tertulis" in html
        for kind in SkpAttachment.KINDS:
            assert f'action="/assessments/{aid}/lampiran/{kind}"' in html
    whole = page.get_data(as_text=True)
    assert "<html" in whole and 'id="new-rhk"' in whole  # the page, the Lampiran open


def test_a_lampiran_change_answers_with_the_lampiran_open(org, login_as):
    aid = org.assessment_id(org.asn)
    client = login_as(org.asn)

    answer = client.post(f"/assessments/{aid}/lampiran/konsekuensi", data={
        "konsekuensi-version": stored(aid).version, "konsekuensi-text": "Teguran tertulis"})
    line = db.session.scalar(sa.select(SkpAttachment.id).where(
        SkpAttachment.assessment_id == aid))
    plain = client.post(f"/assessments/{aid}/lampiran/{line}/delete",
                        data={"version": stored(aid).version}, htmx=False)

    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert '<section id="assessment-step"' in html and "<li>Teguran tertulis" in html
    assert f'action="/assessments/{aid}/lampiran/konsekuensi"' in html
    # Without JavaScript: to the page with the Lampiran open, the message shown there.
    assert plain.status_code == 302
    assert plain.headers["Location"] == f"/assessments/{aid}/sections/lampiran"
    assert _lampiran(aid) == []
    after = client.get(plain.headers["Location"]).get_data(as_text=True)
    assert "Baris lampiran dihapus." in after
    assert f'action="/assessments/{aid}/lampiran/konsekuensi"' in after


@pytest.mark.parametrize("who", ["peer", "outsider"])
def test_the_lampiran_on_demand_is_refused_to_another_employee_or_agency(org, login_as, who):
    aid = org.assessment_id(org.asn)
    _add_lines(aid, ("konsekuensi", "Teguran tertulis"))
    client = login_as(getattr(org, who))

    for htmx in (True, False):
        response = client.get(f"/assessments/{aid}/sections/lampiran", htmx=htmx)
        assert response.status_code == 403
        assert "Teguran tertulis" not in response.get_data(as_text=True)


def test_it_answers_404_for_an_unknown_lampiran_list(org, login_as):
    aid = org.assessment_id(org.asn)

    response = login_as(org.asn).post(f"/assessments/{aid}/lampiran/lainnya", data={
        "lainnya-version": stored(aid).version, "lainnya-text": "Sesuatu"})

    assert response.status_code == 404
    assert _lampiran(aid) == []


@pytest.mark.parametrize("who, state, status", [
    ("supervisor", "draft_targets", 403), ("asn", "targets_submitted", 409)])
def test_it_refuses_lampiran_lines_from_others_or_after_submitting(org, login_as, who, state,
                                                                   status):
    aid = advance(org, state)
    before = stored(aid)

    response = login_as(getattr(org, who)).post(f"/assessments/{aid}/lampiran/konsekuensi",
                                                data={"konsekuensi-version": before.version,
                                                      "konsekuensi-text": "Teguran"})

    assert response.status_code == status
    assert _lampiran(aid) == []
    assert stored(aid) == before


def test_the_draft_page_reads_the_lampirans_counts_not_its_lines_nor_the_expectations(
        org, login_as):
    aid = org.assessment_id(org.asn)
    _add_lines(aid, ("konsekuensi", "Teguran tertulis"))
    client = login_as(org.asn)
    client.get(f"/assessments/{aid}")  # warm: templates, statements built once per process

    with counting_queries() as statements:
        response = client.get(f"/assessments/{aid}")

    assert response.status_code == 200
    assert not [s for s in statements if "FROM skp_attachments" in s and "count" not in s]
    assert not [s for s in statements if "FROM behaviour_expectations" in s]
    # The user, the assessment (which has no RHK yet: no graph to load; the documents' periods
    # as a column), and one statement of the supervisor's SKP with its RHK, the agency's services
    # and the Lampiran's counts (services.planning.draft_reads).
    assert len(statements) == 3, "\n".join(statements)
