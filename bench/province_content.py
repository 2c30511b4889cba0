"""A province with realistic assessments: bench/province.py's organisation, one open period, and
every assessment filled as on deadline day, in set-based SQL (INSERT ... SELECT), so that 100,000
employees take a minute or two to build on SQLite or PostgreSQL.

What each assessment holds (the same for every size; ids are derived from the assessment's id so
that each table is one statement joined to the previous one):
- a state spread over the whole workflow (STATE_SHARE), with the ratings, calibration and
  finalisation its state implies, and one chained audit event for the step that led to it;
- 3 RHK (2 utama, 1 tambahan) cascading from the supervisor's first RHK, 2 indicators each, one
  of them computed from service records (objective; realisations with source_count/computed_at);
- realisations per quarter (quarters 1-3 closed, the 4th running on deadline day) and, once the
  self-assessment is in, the annual one; evidence metadata (a file, plus a link for the annual);
- the supervisor's feedback on a realisation and on a BerAKHLAK value per closed quarter, the
  periodic ratings, the ekspektasi khusus per value and the Lampiran SKP;
- three peers asked for the annual 360 feedback, with their scores on the seven values.

Used by bench/http_load.py and tested (small) by tests/db/test_bench_province.py.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from portal.extensions import db
from portal.models import (Assessment, Evidence, Indicator, PeerReview, Period,
                           Position, Realisation, Rhk, RoleGrant, Unit, User)
from portal.rules.berakhlak import VALUES
from portal.services.review import audit_chain

import province  # bench/province.py: the organisation and the period

PASSWORD = province.PASSWORD
# A cheap hash for every bench account: logging in the hundreds of users a load run needs takes
# seconds instead of minutes; the login is not what is measured.
CHEAP_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")

STATES = ("draft_targets", "targets_submitted", "targets_approved", "self_assessed", "reviewed",
          "calibrated", "approved")
# State of an assessment by its id modulo 50: deadline day of the self-assessment, when most of
# the province records realisations or waits for its supervisor.
STATE_SHARE = (("draft_targets", 1), ("targets_submitted", 1), ("targets_approved", 18),
               ("self_assessed", 13), ("reviewed", 9), ("calibrated", 6), ("approved", 2))
# The trigger that led into each state (for the one audit event each assessment gets).
ARRIVED_BY = {"targets_submitted": "submit_targets", "targets_approved": "approve_targets",
              "self_assessed": "submit_self_assessment", "reviewed": "submit_review",
              "calibrated": "calibrate", "approved": "approve"}
COMPUTED_SOURCE = "records_within_standard"

RHK_TEXTS = (
    "Meningkatnya kualitas pelayanan administrasi kependudukan yang cepat, tepat dan akuntabel",
    "Tersusunnya laporan kinerja dan dokumen perencanaan bidang sesuai ketentuan",
    "Terlaksananya pendampingan dan sosialisasi program kepada perangkat daerah kabupaten/kota",
)
FEEDBACK_TEXTS = (
    "Realisasi sudah sesuai target, pertahankan ketepatan waktu pelaporan dan lengkapi bukti.",
    "Mohon lampirkan notulen rapat koordinasi sebagai bukti dukung kegiatan triwulan ini.",
    "Koordinasi dengan bidang lain sudah baik; tingkatkan inisiatif dalam menyelesaikan kendala.",
)


def at_least(state: str) -> str:
    """An SQL condition on a.state: state or any later one."""
    later = STATES[STATES.index(state):]
    return "a.state IN (" + ", ".join(f"'{s}'" for s in later) + ")"


def build(employees: int, agencies: int) -> Period:
    """The organisation (province.build), the accounts a load run logs in, the open period with
    every assessment (open_period) and their content. Needs an empty, migrated database."""
    province.build(employees, agencies)
    db.session.execute(sa.update(User).values(password_hash=CHEAP_HASH))
    heads = db.session.execute(
        sa.select(Unit.agency_id, Position.id).join(Position, Position.unit_id == Unit.id)
        .where(Position.parent_id.is_(None))).all()
    committee_one = db.session.scalar(sa.select(User.id).where(User.email == "komite@bench"))
    grants = [dict(user_id=head, role="approver", agency_id=agency) for agency, head in heads]
    for agency in range(2, agencies + 1):  # province.build made the committee of agency 1
        user = User(email=f"komite{agency}@bench", display_name=f"Komite {agency}",
                    password_hash=CHEAP_HASH)
        db.session.add(user)
        db.session.flush()
        grants.append(dict(user_id=user.id, role="committee", agency_id=agency))
    admin = User(email="admin@bench", display_name="Admin BKD", password_hash=CHEAP_HASH)
    db.session.add(admin)
    db.session.flush()
    grants.append(dict(user_id=admin.id, role="admin", agency_id=None))
    db.session.execute(sa.insert(RoleGrant), grants)
    db.session.execute(sa.update(User).where(User.id == committee_one)
                       .values(password_hash=CHEAP_HASH))
    db.session.commit()
    period = province.add_period()
    from portal.services.planning.periods import open_period
    open_period(period)
    add_content(period)
    return period


def add_content(period: Period, now: dt.datetime | None = None) -> None:
    """Fill every assessment of period as described in the module docstring, and commit."""
    now = now or dt.datetime.now(dt.UTC)
    quarter_at = {n: now - dt.timedelta(days=92 * (4 - n)) for n in range(1, 5)}
    run = _runner(period, now, quarter_at)
    run("CREATE TABLE bench_n (n INTEGER PRIMARY KEY)")
    run("INSERT INTO bench_n (n) VALUES " + ", ".join(f"({n})" for n in range(13)))
    bucket, low = [], 0
    for state, share in STATE_SHARE:
        bucket.append(f"WHEN id % 50 < {low + share} THEN '{state}'")
        low += share
    run(f"UPDATE assessments SET state = CASE {' '.join(bucket)} END, version = 6 "
        "WHERE period_id = :period")
    # Ratings: every assessment from reviewed on, and half of those waiting for review (rated,
    # not yet submitted); calibration kept the supervisor's ratings as the original ones.
    run("""UPDATE assessments SET
             rating_hasil_kerja = CASE WHEN id % 7 = 0 THEN 'below'
                                       WHEN id % 3 = 0 THEN 'above' ELSE 'meets' END,
             rating_perilaku = CASE WHEN id % 3 = 0 THEN 'above' ELSE 'meets' END,
             predikat = CASE WHEN id % 7 = 0 THEN 'butuh_perbaikan'
                             WHEN id % 3 = 0 THEN 'sangat_baik' ELSE 'baik' END,
             rating_hasil_kerja_note = 'Seluruh RHK tercapai sesuai target dengan bukti dukung '
                 || 'yang lengkap; laporan triwulan disampaikan tepat waktu.',
             rating_perilaku_note = 'Menunjukkan perilaku berorientasi pelayanan dan mampu '
                 || 'bekerja sama dengan rekan kerja lintas bidang.'
           WHERE period_id = :period AND (state IN ('reviewed', 'calibrated', 'approved')
                                          OR (state = 'self_assessed' AND id % 2 = 0))""")
    run("""UPDATE assessments SET original_rating_hasil_kerja = rating_hasil_kerja,
             original_rating_perilaku = rating_perilaku
           WHERE period_id = :period AND state IN ('calibrated', 'approved')""")
    run("UPDATE assessments SET finalised_at = :now WHERE period_id = :period "
        "AND state = 'approved'")
    rhk_text = " ".join(f"WHEN {n} THEN '{text}'" for n, text in enumerate(RHK_TEXTS, 1))
    run(f"""INSERT INTO rhks (id, assessment_id, kind, text, parent_rhk_id)
            SELECT a.id * 3 + n.n - 1, a.id, CASE WHEN n.n < 3 THEN 'utama' ELSE 'tambahan' END,
                   CASE n.n {rhk_text} END,
                   (SELECT b.id * 3 FROM assessments b
                    WHERE b.employee_id = a.assessor_id AND b.period_id = a.period_id)
            FROM assessments a JOIN bench_n n ON n.n BETWEEN 1 AND 3
            WHERE a.period_id = :period""")
    # Two indicators per RHK: a count of documents, and a percentage; the percentage of the
    # first RHK is computed from the officer's service records.
    run(f"""INSERT INTO indicators (id, rhk_id, aspect, text, target_value, target_unit,
                                    lower_is_better, data_source)
            SELECT r.id * 2 + k.n, r.id, CASE k.n WHEN 0 THEN 'kuantitas' ELSE 'kualitas' END,
                   CASE WHEN k.n = 0 THEN 'Jumlah dokumen laporan yang diselesaikan'
                        WHEN r.id % 3 = 0 THEN 'Persentase layanan selesai sesuai standar waktu'
                        ELSE 'Persentase rekomendasi yang ditindaklanjuti' END,
                   CASE k.n WHEN 0 THEN 12 + (r.id % 5) * 6 ELSE 90 END,
                   CASE k.n WHEN 0 THEN 'dokumen' ELSE '%' END, :false,
                   CASE WHEN k.n = 1 AND r.id % 3 = 0 THEN '{COMPUTED_SOURCE}' ELSE 'manual' END
            FROM rhks r JOIN assessments a ON a.id = r.assessment_id
            JOIN bench_n k ON k.n < 2 WHERE a.period_id = :period""")
    # Realisations: computed ones for every quarter and the year; manual ones for the closed
    # quarters (and the running one for half the employees) while recording, and for every
    # quarter and the year once the self-assessment is in.
    run(f"""INSERT INTO realisations (id, indicator_id, period_no, value, note, source_count,
                                      computed_at, updated_at)
            SELECT i.id * 5 + p.n, i.id, p.n,
                   CASE WHEN i.data_source = 'manual'
                        THEN i.target_value * (70 + (i.id + p.n) % 40) / 100
                        ELSE 80 + i.id % 20 END,
                   CASE WHEN i.data_source <> 'manual' THEN ''
                        WHEN p.n = 0 THEN 'Capaian tahunan sesuai laporan kinerja; rincian '
                             || 'per triwulan terlampir pada bukti dukung.'
                        ELSE 'Realisasi triwulan ' || p.n || ': kegiatan terlaksana, laporan '
                             || 'disampaikan kepada atasan langsung.' END,
                   CASE WHEN i.data_source = 'manual' THEN NULL ELSE 30 + i.id % 50 END,
                   CASE WHEN i.data_source = 'manual' THEN NULL ELSE :now END,
                   :now
            FROM indicators i JOIN rhks r ON r.id = i.rhk_id
            JOIN assessments a ON a.id = r.assessment_id JOIN bench_n p ON p.n <= 4
            WHERE a.period_id = :period AND {at_least('targets_approved')}
              AND (i.data_source <> 'manual' OR {at_least('self_assessed')}
                   OR p.n BETWEEN 1 AND 3 OR (p.n = 4 AND a.id % 2 = 0))""")
    # Evidence (metadata only; no file on disk) of the document counts: a PDF per realisation,
    # and a link beside the annual one.
    run("""INSERT INTO evidence (id, realisation_id, kind, title, url, stored_name, content_type,
                                 size, uploaded_by_id, at)
           SELECT re.id * 2 + l.n, re.id, CASE l.n WHEN 0 THEN 'file' ELSE 'link' END,
                  CASE l.n WHEN 0 THEN 'laporan-kegiatan-periode-' || re.period_no || '.pdf'
                           ELSE 'Dokumentasi kegiatan' END,
                  CASE l.n WHEN 0 THEN NULL
                           ELSE 'https://drive.jambiprov.go.id/kinerja/' || re.id END,
                  CASE l.n WHEN 0 THEN 'bench-' || re.id ELSE NULL END,
                  CASE l.n WHEN 0 THEN 'application/pdf' ELSE NULL END,
                  CASE l.n WHEN 0 THEN 150000 + re.id % 900000 ELSE NULL END,
                  u.id, :now
           FROM realisations re JOIN indicators i ON i.id = re.indicator_id
           JOIN rhks r ON r.id = i.rhk_id JOIN assessments a ON a.id = r.assessment_id
           JOIN users u ON u.employee_id = a.employee_id
           JOIN bench_n l ON l.n < 2
           WHERE a.period_id = :period AND i.id % 2 = 0 AND (l.n = 0 OR re.period_no = 0)""")
    feedback_text = " ".join(f"WHEN {n} THEN '{t}'" for n, t in enumerate(FEEDBACK_TEXTS))
    value_code = " ".join(f"WHEN {n} THEN '{v.code}'" for n, v in enumerate(VALUES))
    # The supervisor's feedback per closed quarter: on the first document count's realisation
    # (indicator a.id * 6) and on one BerAKHLAK value.
    run(f"""INSERT INTO feedback (assessment_id, period_no, realisation_id, value_code, author_id,
                                  text, at)
            SELECT a.id, p.n, CASE WHEN v.n = 0 THEN a.id * 30 + p.n ELSE NULL END,
                   CASE WHEN v.n = 0 THEN NULL ELSE CASE (a.id + p.n) % 7 {value_code} END END,
                   u.id, CASE (a.id + p.n + v.n) % 3 {feedback_text} END,
                   CASE p.n WHEN 1 THEN :q1 WHEN 2 THEN :q2 ELSE :q3 END
            FROM assessments a JOIN users u ON u.employee_id = a.assessor_id
            JOIN bench_n p ON p.n BETWEEN 1 AND 3 JOIN bench_n v ON v.n < 2
            WHERE a.period_id = :period AND {at_least('targets_approved')}""")
    run(f"""INSERT INTO periodic_ratings (assessment_id, period_no, rating_hasil_kerja,
                rating_hasil_kerja_note, rating_perilaku, rating_perilaku_note, predikat,
                rated_by_id, at)
            SELECT a.id, p.n, 'meets', 'Target triwulan tercapai sesuai rencana.', 'meets',
                   'Perilaku kerja sesuai ekspektasi.', 'baik', u.id,
                   CASE p.n WHEN 1 THEN :q1 WHEN 2 THEN :q2 ELSE :q3 END
            FROM assessments a JOIN users u ON u.employee_id = a.assessor_id
            JOIN bench_n p ON p.n BETWEEN 1 AND 3
            WHERE a.period_id = :period AND {at_least('targets_approved')}""")
    run(f"""INSERT INTO behaviour_expectations (assessment_id, value_code, text)
            SELECT a.id, CASE v.n {value_code} END,
                   'Diharapkan menjadi teladan dalam penerapan nilai ini di lingkungan bidang, '
                   || 'terutama saat layanan mencapai puncaknya di akhir tahun.'
            FROM assessments a JOIN bench_n v ON v.n < 7
            WHERE a.period_id = :period AND {at_least('targets_submitted')}""")
    run("""INSERT INTO skp_attachments (assessment_id, kind, text)
           SELECT a.id, CASE k.n WHEN 0 THEN 'dukungan_sumber_daya'
                                 WHEN 1 THEN 'skema_pertanggungjawaban' ELSE 'konsekuensi' END,
                  CASE k.n WHEN 0 THEN 'Anggaran kegiatan bidang dan sarana aplikasi SIAK'
                           WHEN 1 THEN 'Laporan bulanan kepada atasan langsung'
                           ELSE 'Predikat kinerja menjadi dasar pemberian TPP' END
           FROM assessments a JOIN bench_n k ON k.n < 3 WHERE a.period_id = :period""")
    # The annual 360 feedback: three peers (colleagues a few posts away), all answered once the
    # self-assessment is in, two of three while half of those recording still wait.
    employees = db.session.scalar(sa.select(sa.func.max(Assessment.employee_id)))
    run(f"""INSERT INTO peer_reviews (id, assessment_id, period_no, reviewer_id, requested_by_id,
                                      approved_by_id, deadline, created_at, answered_at, comment)
            SELECT a.id * 3 + k.n - 1, a.id, 0, (a.employee_id - 1 + k.n * 7) % {employees} + 1,
                   u.id, u.id, :due, :q2,
                   CASE WHEN {at_least('self_assessed')} OR k.n < 3 THEN :q3 ELSE NULL END,
                   CASE WHEN {at_least('self_assessed')} OR k.n < 3
                        THEN 'Rekan kerja yang responsif dan mau berbagi pengetahuan.' END
            FROM assessments a
            JOIN users u ON u.employee_id = COALESCE(a.assessor_id, a.employee_id)
            JOIN bench_n k ON k.n BETWEEN 1 AND 3
            WHERE a.period_id = :period AND ({at_least('self_assessed')}
                  OR (a.state = 'targets_approved' AND a.id % 2 = 0))""")
    run(f"""INSERT INTO peer_scores (review_id, value_code, score)
            SELECT pr.id, CASE v.n {value_code} END,
                   CASE WHEN (pr.id + v.n) % 5 = 0 THEN 3 WHEN (pr.id + v.n) % 11 = 0 THEN 1
                        ELSE 2 END
            FROM peer_reviews pr JOIN assessments a ON a.id = pr.assessment_id
            JOIN bench_n v ON v.n < 7
            WHERE a.period_id = :period AND pr.answered_at IS NOT NULL""")
    run("DROP TABLE bench_n")
    province.advance_sequences(Rhk, Indicator, Realisation, Evidence, PeerReview)
    _audit_events(period, now)
    db.session.commit()


def _runner(period: Period, now: dt.datetime, quarter_at: dict):
    """execute(sql) with the parameters every statement may use, typed for both databases."""
    stamp = sa.DateTime(timezone=True)
    params = {"period": period.id, "now": now, "false": False, "due": period.self_assessment_due,
              **{f"q{n}": quarter_at[n] for n in range(1, 4)}}

    def run(sql: str) -> None:
        statement = sa.text(sql).bindparams(
            *(sa.bindparam(name, type_=stamp) for name in ("now", "q1", "q2", "q3")
              if f":{name}" in sql),
            *([sa.bindparam("due", type_=sa.Date())] if ":due" in sql else []),
            *([sa.bindparam("false", type_=sa.Boolean())] if ":false" in sql else []))
        db.session.execute(statement, {k: v for k, v in params.items() if f":{k}" in sql})
    return run


def _audit_events(period: Period, now: dt.datetime, chunk: int = 20_000) -> None:
    """One chained audit event per assessment past its draft: the step that led to its state,
    by whoever takes that step."""
    grants = db.session.execute(sa.select(RoleGrant.role, RoleGrant.agency_id, RoleGrant.user_id)
                                .where(RoleGrant.agency_id.is_not(None))).all()
    committee = {agency: user for role, agency, user in grants if role == "committee"}
    approver = {agency: user for role, agency, user in grants if role == "approver"}
    user_of = dict(db.session.execute(
        sa.select(User.employee_id, User.id).where(User.employee_id.is_not(None))).all())
    rows = db.session.execute(
        sa.select(Assessment.id, Assessment.state, Assessment.employee_id,
                  Assessment.assessor_id, Assessment.agency_id)
        .where(Assessment.period_id == period.id, Assessment.state != "draft_targets")
        .order_by(Assessment.id)).all()
    events = []
    for aid, state, employee, assessor, agency in rows:
        trigger = ARRIVED_BY[state]
        if state in ("targets_submitted", "self_assessed") or assessor is None:
            actor = user_of[employee]
        elif state == "calibrated":
            actor = committee[agency]
        elif state == "approved":
            actor = approver[agency]
        else:
            actor = user_of[assessor]
        events.append(dict(assessment_id=aid, actor_id=actor, at=now - dt.timedelta(days=3),
                           trigger=trigger, from_state=STATES[STATES.index(state) - 1],
                           to_state=state, reason="", changes=None))
    for start in range(0, len(events), chunk):
        audit_chain.append(events[start:start + chunk])


def counts(period: Period) -> dict[str, int]:
    """Rows per table and assessments per state, for the report and the test."""
    tables = ("rhks", "indicators", "realisations", "evidence", "feedback", "periodic_ratings",
              "peer_reviews", "peer_scores", "behaviour_expectations", "skp_attachments",
              "audit_events")
    result = {t: db.session.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in tables}
    result.update(db.session.execute(
        sa.select(Assessment.state, sa.func.count()).where(Assessment.period_id == period.id)
        .group_by(Assessment.state)).all())
    return result

