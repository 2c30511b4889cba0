"""Help over HTTP: the guides (one's own role first) and the glossary in both languages, the help
on the assessment's step, and the practice assessment's whole life: private to its user, a step
sent twice acts once, and no real table is touched."""
from __future__ import annotations

import re

import sqlalchemy as sa

from portal.extensions import db
from portal.help.content import GLOSSARY, ROLES
from portal.models import (
    Assessment,
    AuditEvent,
    Notification,
    Objection,
    PracticeRun,
    Realisation,
    Rhk,
)

REAL_TABLES = (Assessment, AuditEvent, Rhk, Realisation, Notification, Objection)


def counts() -> dict[str, int]:
    return {model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in REAL_TABLES}


def run_of(user_id: int) -> PracticeRun:
    db.session.expire_all()
    return db.session.scalar(sa.select(PracticeRun).where(PracticeRun.user_id == user_id))


def step(client, run: PracticeRun, action: str, version: int | None = None, **fields):
    return client.post(f"/help/practice/{run.id}/{action}",
                       data={"version": run.version if version is None else version, **fields})


def in_english(client):
    client.post("/auth/language/en", htmx=False, csrf=False, data={"csrf_token": client.csrf})
    return client


# --- guides and glossary ----------------------------------------------------------------------

def test_the_help_lists_the_guides_of_ones_own_roles_first(org, login_as):
    html = login_as(org.supervisor).get("/help/").get_data(as_text=True)

    mine = html[html.index('class="help-roles mine"'):html.index("Peran lain")]
    assert "/help/guides/employee" in mine and "/help/guides/supervisor" in mine
    assert "/help/guides/admin" not in mine
    assert "/help/guides/admin" in html[html.index("Peran lain"):]


def test_an_admin_without_a_post_sees_the_admin_guide_as_theirs(org, login_as):
    html = login_as(org.admin).get("/help/").get_data(as_text=True)

    mine = html[html.index('class="help-roles mine"'):html.index("Peran lain")]
    assert "/help/guides/admin" in mine and "/help/guides/employee" not in mine


def test_the_layout_links_to_the_help_for_every_signed_in_user(org, login_as):
    assert 'href="/help/"' in login_as(org.outsider).get("/").get_data(as_text=True)


def test_every_guide_renders_in_indonesian_and_in_english(org, login_as):
    client = login_as(org.asn)
    indonesian = {role: client.get(f"/help/guides/{role}") for role in ROLES}
    in_english(client)
    english = {role: client.get(f"/help/guides/{role}") for role in ROLES}

    for role in ROLES:
        assert indonesian[role].status_code == english[role].status_code == 200
        assert f'data-role="{role}"' in indonesian[role].get_data(as_text=True)
        # The English guide is translated: its stage headings are not the Indonesian ones.
        ind_h2 = re.findall(r"<h2>([^<]+)</h2>", indonesian[role].get_data(as_text=True))
        eng_h2 = re.findall(r"<h2>([^<]+)</h2>", english[role].get_data(as_text=True))
        assert ind_h2 and len(ind_h2) == len(eng_h2) and not set(ind_h2) & set(eng_h2), role


def test_an_unknown_guide_is_not_found(org, login_as):
    assert login_as(org.asn).get("/help/guides/governor").status_code == 404


def test_the_glossary_has_an_anchor_and_a_source_for_every_term_in_both_languages(org, login_as):
    client = login_as(org.asn)
    indonesian = client.get("/help/glossary").get_data(as_text=True)
    english = in_english(client).get("/help/glossary").get_data(as_text=True)

    for term in GLOSSARY:
        assert f'id="{term.anchor}"' in indonesian and f'href="#{term.anchor}"' in indonesian
        assert term.source in indonesian
    for anchor in ("skp", "rhk", "iki", "berakhlak", "predikat", "kurva-distribusi",
                   "keberatan", "angka-kredit"):
        assert f'id="{anchor}"' in english
    assert "Sasaran Kinerja Pegawai" in indonesian
    assert "Employee Performance Targets" in english and "Sumber:" not in english


def test_the_assessment_page_folds_the_help_of_its_current_step(org, login_as):
    html = login_as(org.asn).get(f"/assessments/{org.assessment_id(org.asn)}").get_data(
        as_text=True)

    help_box = html[html.index('<details class="step-help">'):]
    help_box = help_box[:help_box.index("</details>")]
    assert "Siapa yang bertindak" in help_box and "Ajukan SKP" in help_box
    assert 'href="/help/guides/employee"' in help_box


# --- the practice assessment ------------------------------------------------------------------

def test_a_first_time_user_takes_the_practice_through_every_step(org, login_as):
    client = login_as(org.asn)
    before = counts()
    assert "Mulai latihan penilaian" in client.get("/help/practice").get_data(as_text=True)

    assert client.post("/help/practice").status_code == 200
    run = run_of(org.asn.user_id)
    assert run.state == "draft_targets"

    response = step(client, run, "targets", rhk="Meningkatnya ketepatan waktu penerbitan KTP-el",
                    indicator="Jumlah KTP-el yang diterbitkan", aspect="kuantitas",
                    target="1.200", unit="dokumen")
    assert response.status_code == 200, response.get_data(as_text=True)
    run = run_of(org.asn.user_id)
    assert run.state == "targets_submitted"
    assert run.data["targets"]["target"] == "1200"
    assert "Pejabat penilai (simulasi)" in response.get_data(as_text=True)
    stepper = re.search(r'<ol class="stepper".*?</ol>', response.get_data(as_text=True), re.S)
    marks = re.findall(r'<li class="(\w+)"', stepper.group(0))
    assert marks[:3] == ["done", "current", "todo"] and set(marks[3:]) == {"todo"}
    assert 'aria-current="step">SKP diajukan<' in stepper.group(0)

    assert "Continue: Assessor (simulated) acts" in in_english(client).get(
        "/help/practice").get_data(as_text=True)
    client.post("/auth/language/id", htmx=False, csrf=False, data={"csrf_token": client.csrf})

    step(client, run, "simulate")
    run = run_of(org.asn.user_id)
    assert run.state == "targets_approved"

    step(client, run, "realisation", value="1.310",
         evidence="Rekap SIAK Januari–Desember: https://drive.example.go.id/rekap.pdf")
    run = run_of(org.asn.user_id)
    assert run.state == "targets_approved" and run.data["realisation"]["value"] == "1310"

    step(client, run, "self_assessment", note="Target terlampaui.")
    run = run_of(org.asn.user_id)
    assert run.state == "self_assessed"

    for expected in ("reviewed", "calibrated", "approved"):
        step(client, run, "simulate")
        run = run_of(org.asn.user_id)
        assert run.state == expected
    assert run.data["ratings"] == {"hasil_kerja": "above", "perilaku": "meets",
                                   "capaian": "109.17"}
    html = client.get("/help/practice").get_data(as_text=True)
    assert 'data-predikat="baik"' in html and "Baik" in html

    step(client, run, "objection", reasons="Rating perilaku tidak disertai umpan balik.")
    run = run_of(org.asn.user_id)
    assert run.data["objection"]["state"] == "filed"
    step(client, run, "simulate")
    run = run_of(org.asn.user_id)
    assert run.data["objection"]["state"] == "decided"
    assert [e["action"] for e in run.data["log"]] == [
        "start", "submit_targets", "approve_targets", "submit_self_assessment", "submit_review",
        "calibrate", "approve", "file_objection", "decide"]
    english = in_english(client).get("/help/practice").get_data(as_text=True)
    assert "achievement 109.17 %" in english and "above 100 % Above" in english
    # Nothing real was written: no assessment, RHK, realisation, audit event, notification.
    assert counts() == before


def test_a_practice_can_be_started_again_from_the_first_step(org, login_as):
    client = login_as(org.asn)
    client.post("/help/practice")
    run = run_of(org.asn.user_id)
    step(client, run, "targets", rhk="RHK", indicator="IKI", aspect="kuantitas", target="10",
         unit="dokumen")

    client.post("/help/practice", htmx=False)

    again = run_of(org.asn.user_id)
    assert again.id == run.id and again.state == "draft_targets" and "targets" not in again.data


def test_a_step_sent_twice_acts_once(org, login_as):
    client = login_as(org.asn)
    client.post("/help/practice")
    run = run_of(org.asn.user_id)
    fields = {"rhk": "RHK", "indicator": "IKI", "aspect": "kuantitas", "target": "10",
              "unit": "dokumen"}
    version = run.version

    first = step(client, run, "targets", version=version, **fields)
    second = step(client, run, "targets", version=version, **fields)

    assert first.status_code == 200 and second.status_code == 409
    assert "sudah dijalankan" in second.get_data(as_text=True)
    run = run_of(org.asn.user_id)
    assert run.state == "targets_submitted"
    assert [e["action"] for e in run.data["log"]] == ["start", "submit_targets"]


def test_another_user_can_neither_see_nor_act_on_my_practice(org, login_as):
    mine = login_as(org.asn)
    mine.post("/help/practice")
    run = run_of(org.asn.user_id)
    other = login_as(org.supervisor)

    response = step(other, run, "targets", rhk="RHK", indicator="IKI", aspect="kuantitas",
                    target="10", unit="dokumen")
    simulated = step(other, run, "simulate")

    assert response.status_code == simulated.status_code == 404
    assert run_of(org.asn.user_id).state == "draft_targets"
    # Their own practice page shows no trace of mine.
    assert f"/help/practice/{run.id}/" not in other.get("/help/practice").get_data(as_text=True)


def test_a_practice_step_without_a_csrf_token_is_refused(org, login_as):
    client = login_as(org.asn)
    client.post("/help/practice")
    run = run_of(org.asn.user_id)

    response = client.post(f"/help/practice/{run.id}/simulate", csrf=False,
                           data={"version": run.version})

    assert response.status_code == 400
    assert run_of(org.asn.user_id).state == "draft_targets"


def test_incomplete_targets_are_refused_with_the_input_kept(org, login_as):
    client = login_as(org.asn)
    client.post("/help/practice")
    run = run_of(org.asn.user_id)

    response = step(client, run, "targets", rhk="Meningkatnya layanan KTP-el", indicator="",
                    aspect="kuantitas", target="dua belas", unit="dokumen")

    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Meningkatnya layanan KTP-el" in html and 'value="dua belas"' in html
    assert "Isi indikator kinerja." in html
    assert run_of(org.asn.user_id).state == "draft_targets"


def test_the_learner_cannot_play_the_supervisor_out_of_turn(org, login_as):
    client = login_as(org.asn)
    client.post("/help/practice")
    run = run_of(org.asn.user_id)

    response = step(client, run, "simulate")  # nobody but the learner acts on a draft
    objection = step(client, run, "objection", reasons="Terlalu awal.")

    assert response.status_code == objection.status_code == 409
    assert run_of(org.asn.user_id).state == "draft_targets"


def test_a_plain_form_step_redirects_to_the_practice_page(org, login_as):
    client = login_as(org.asn)
    client.post("/help/practice", htmx=False)
    run = run_of(org.asn.user_id)

    response = client.post(f"/help/practice/{run.id}/targets", htmx=False, data={
        "version": run.version, "rhk": "RHK", "indicator": "IKI", "aspect": "kuantitas",
        "target": "10", "unit": "dokumen"})

    assert response.status_code == 303 and response.headers["Location"] == "/help/practice"
    assert run_of(org.asn.user_id).state == "targets_submitted"
