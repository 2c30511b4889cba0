"""Public services of the demo: the service catalogue, and the year's service records and citizen
survey answers behind the Dukcapil counter staff's objective indicators and IKM.

The catalogue names Dukcapil's three counter services (KTP-el, Kartu Keluarga, Akta Kelahiran)
with their officers, a laboratory of Dinas Kesehatan and a school of Dinas Pendidikan. Codes are
fixed here, in the alphabet of portal.services.feedback.catalogue, so the README can print a survey link.

Records and answers are drawn from random.Random seeded per officer (the same data every run),
from the first working day of the year up to today, and inserted with one multi-row INSERT per
table. Every part is skipped where it is present already, so seeding again adds nothing, and a
demo database loaded before the catalogue existed gets it on the next run.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Agency, Service, ServiceOfficer, ServiceRecord, SurveyResponse, Unit
from portal.rules.ikm import PROFILE
from portal.services.clock import JAMBI

# How citizens answer (probability of 1, 2, 3, 4) about an officer, giving IKM grades A, B, C.
SANGAT_BAIK = (0.00, 0.02, 0.28, 0.70)
BAIK = (0.01, 0.06, 0.56, 0.37)
KURANG_BAIK = (0.04, 0.20, 0.58, 0.18)


@dataclass(frozen=True)
class OfficerSpec:
    """An officer at a counter and how their year went."""

    post: str           # post key (portal.demo.org)
    code: str           # the officer's part of the survey link /s/<service>/<officer>
    per_day: float      # services a working day, on average
    pace: float         # how much of the standard a service within it takes (1 = typical)
    late: float         # share of services completed after the standard time
    corrections: float  # share of services whose data needed a correction
    answers: tuple[float, float, float, float]  # see SANGAT_BAIK
    respondents: int    # survey answers naming the officer


@dataclass(frozen=True)
class ServiceSpec:
    code: str
    agency: str              # agency code (portal.demo.org)
    unit: str                # unit name in the agency
    name: str
    standard_minutes: int
    officers: tuple[OfficerSpec, ...] = ()
    respondents: int = 30    # answers naming no officer (the counter card without a name)


KTP_EL, KARTU_KELUARGA, AKTA_KELAHIRAN = "ktpe26", "kkga26", "akta26"

# Service standards: Dukcapil offices commonly promise a Kartu Keluarga or an akta kelahiran
# within the hour once the application is complete (printed on plain paper with an electronic
# signature, the one-hour target of Permendagri 19/2018), and a KTP-el within one day, as its
# card has to be printed from blank stock. Plausible figures for the demo, not any office's own.
SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec(KTP_EL, "DISDUKCAPIL", "Bidang Pelayanan Pendaftaran Penduduk",
                "Penerbitan KTP-el", 24 * 60, (
                    OfficerSpec("dukcapil.operator_ktp", "ktphs2", 1.6, 0.9, 0.05, 0.02,
                                SANGAT_BAIK, 48),
                    OfficerSpec("dukcapil.pengadm_ktp", "ktpfy2", 1.9, 1.2, 0.11, 0.04,
                                BAIK, 56),
                    OfficerSpec("dukcapil.adb_identitas", "ktpmr2", 1.3, 1.0, 0.08, 0.03,
                                BAIK, 40),
                ), respondents=36),
    ServiceSpec(KARTU_KELUARGA, "DISDUKCAPIL", "Bidang Pelayanan Pendaftaran Penduduk",
                "Penerbitan Kartu Keluarga", 60, (
                    OfficerSpec("dukcapil.pengadm_pindah", "kkgmr2", 1.7, 0.8, 0.04, 0.01,
                                SANGAT_BAIK, 44),
                    OfficerSpec("dukcapil.adb_kia", "kkgjs2", 1.4, 1.3, 0.14, 0.05,
                                KURANG_BAIK, 38),
                )),
    ServiceSpec(AKTA_KELAHIRAN, "DISDUKCAPIL", "Bidang Pelayanan Pencatatan Sipil",
                "Penerbitan Akta Kelahiran", 60, (
                    OfficerSpec("dukcapil.pengadm_akta", "aktdw2", 1.8, 1.1, 0.09, 0.03,
                                BAIK, 50),
                    OfficerSpec("dukcapil.verifikator_akta", "aktas2", 1.2, 0.9, 0.06, 0.02,
                                SANGAT_BAIK, 36),
                )),
    ServiceSpec("sehat6", "DINKES", "UPTD Laboratorium Kesehatan Daerah",
                "Pemeriksaan Laboratorium Klinik", 24 * 60, respondents=32),
    ServiceSpec("sman26", "DISDIK", "SMA Negeri 1 Kota Jambi",
                "Legalisir Ijazah dan Surat Keterangan Pengganti Ijazah", 24 * 60,
                respondents=28),
)

COUNTER_OPENS, COUNTER_HOURS = 8, 7  # services are received 08:00-15:00, Jambi time
COMMENT_SHARE = 0.3
# What citizens write, by how they answered overall (mean answer >= 3.5, >= 2.75, lower).
COMMENTS = {
    "puas": (
        "Pelayanan cepat dan petugasnya ramah.",
        "Petugas sabar menjelaskan persyaratan, terima kasih.",
        "Prosesnya jelas dan tidak dipungut biaya.",
        "Antrean tertib dan ruang tunggu nyaman.",
        "Dokumen selesai di hari yang sama, sangat membantu.",
    ),
    "cukup": (
        "Pelayanan cukup baik, tetapi antrean pagi hari panjang.",
        "Sebaiknya daftar persyaratan dipasang lebih jelas di depan loket.",
        "Sudah baik, mohon kursi di ruang tunggu ditambah.",
        "Petugas ramah, hanya sistem sempat gangguan sebentar.",
    ),
    "kecewa": (
        "Saya harus datang dua kali karena berkas dinyatakan kurang.",
        "Waktu tunggu terlalu lama, loket yang buka hanya satu.",
        "Informasi dari petugas berbeda dengan yang tertulis di papan pengumuman.",
    ),
}


def seed(employees: dict[str, int], year: int) -> bool:
    """Add whatever part of the catalogue, records and survey answers is missing.

    employees: post key -> employee id of the demo people; year: the demo period's.
    Returns whether anything was added.
    """
    services = _catalogue(employees)
    now = dt.datetime.now(dt.timezone.utc)
    days = list(_working_days(year, now.astimezone(JAMBI).date()))
    added_records = _records(services, employees, days, now)
    added_answers = _answers(services, employees, days)
    db.session.commit()
    return bool(services.created or added_records or added_answers)


def service_ids() -> dict[str, int]:
    """The demo services' ids by code."""
    return dict(db.session.execute(sa.select(Service.code, Service.id).where(
        Service.code.in_([spec.code for spec in SERVICES]))).all())


def survey_path(post: str) -> str:
    """The path of the survey link naming the officer who holds post (at their first counter)."""
    spec, officer = next((spec, officer) for spec in SERVICES for officer in spec.officers
                         if officer.post == post)
    return f"/s/{spec.code}/{officer.code}"


@dataclass
class _Catalogue:
    ids: dict[str, int]  # service code -> id
    created: bool


def _catalogue(employees: dict[str, int]) -> _Catalogue:
    """The demo services and their officers, added where missing."""
    present = service_ids()
    officers = set(db.session.execute(
        sa.select(ServiceOfficer.service_id, ServiceOfficer.employee_id)).all())
    created = False
    for spec in SERVICES:
        if spec.code not in present:
            service = Service(unit_id=_unit(spec.agency, spec.unit), code=spec.code,
                              name=spec.name, standard_minutes=spec.standard_minutes)
            db.session.add(service)
            db.session.flush()
            present[spec.code] = service.id
            created = True
        for officer in spec.officers:
            if (present[spec.code], employees[officer.post]) not in officers:
                db.session.add(ServiceOfficer(service_id=present[spec.code],
                                              employee_id=employees[officer.post],
                                              code=officer.code))
                created = True
    db.session.flush()
    return _Catalogue(present, created)


def _unit(agency_code: str, name: str) -> int:
    """The unit's id; a unit the demo organisation gained later is added under the agency."""
    agency = db.session.scalar(sa.select(Agency).where(Agency.code == agency_code))
    units = {unit.name: unit for unit in agency.units}
    if name in units:
        return units[name].id
    root = next(unit for unit in agency.units if unit.parent_id is None)
    unit = Unit(agency=agency, parent=root, name=name)
    db.session.add(unit)
    db.session.flush()
    return unit.id


# --- the year so far --------------------------------------------------------------------------

def _working_days(year: int, until: dt.date) -> Iterator[dt.date]:
    """Monday to Friday from 2 January (New Year's Day is a holiday) up to the day before until."""
    day = dt.date(year, 1, 2)
    while day < until and day.year == year:
        if day.weekday() < 5:
            yield day
        day += dt.timedelta(days=1)


def _at(day: dt.date, minute_of_day: int) -> dt.datetime:
    """Jambi local time on day, as the UTC instant stored."""
    local = dt.datetime.combine(day, dt.time(), tzinfo=JAMBI) + dt.timedelta(minutes=minute_of_day)
    return local.astimezone(dt.timezone.utc)


def _records(services: _Catalogue, employees: dict[str, int], days: list[dt.date],
             now: dt.datetime) -> int:
    """Insert the year's records of each officer at each counter that has none yet."""
    present = set(db.session.execute(
        sa.select(ServiceRecord.service_id, ServiceRecord.officer_id).distinct()
        .where(ServiceRecord.service_id.in_(list(services.ids.values())))).all())
    rows = []
    for spec in SERVICES:
        service_id = services.ids[spec.code]
        for officer in spec.officers:
            officer_id = employees[officer.post]
            if (service_id, officer_id) not in present:
                rows += _records_of(spec, officer, service_id, officer_id, days, now)
    if rows:
        db.session.execute(sa.insert(ServiceRecord), rows)
    return len(rows)


def _records_of(spec: ServiceSpec, officer: OfficerSpec, service_id: int, officer_id: int,
                days: list[dt.date], now: dt.datetime) -> list[dict]:
    """One officer's records at one counter: a few a working day, completed before now.

    Most are completed well within the standard (a beta-distributed share of it, scaled by the
    officer's pace), officer.late of them after it (up to three times the standard); a few need
    one or two data corrections.
    """
    rng = random.Random(f"records:{spec.code}:{officer.code}")
    standard = spec.standard_minutes
    rows = []
    for day in days:
        # A binomial count of four draws has the officer's mean and varies from day to day.
        count = sum(rng.random() < officer.per_day / 4 for _ in range(4))
        for minute in sorted(rng.sample(range(COUNTER_HOURS * 60), count)):
            received = _at(day, COUNTER_OPENS * 60 + minute)
            if rng.random() < officer.late:
                duration = round(standard * rng.uniform(1.1, 3.0))
            else:
                duration = max(5, round(standard * min(0.98, rng.betavariate(2, 5) * officer.pace)))
            completed = received + dt.timedelta(minutes=duration)
            corrections = (0 if rng.random() >= officer.corrections
                           else 1 + (rng.random() < 0.2))
            if completed <= now:  # a service still in progress has no record yet
                rows.append(dict(service_id=service_id, officer_id=officer_id,
                                 received_at=received, completed_at=completed,
                                 duration_minutes=duration, corrections=corrections))
    return rows


def _answers(services: _Catalogue, employees: dict[str, int], days: list[dt.date]) -> int:
    """Insert the survey answers not stored yet (known by their deterministic form tokens)."""
    drafts = []
    for spec in SERVICES:
        service_id = services.ids[spec.code]
        drafts += _answers_of(spec, None, service_id, None, days)
        for officer in spec.officers:
            drafts += _answers_of(spec, officer, service_id, employees[officer.post], days)
    tokens = [row["form_token"] for row in drafts]
    stored = set()
    for start in range(0, len(tokens), 500):  # a bounded IN list
        stored.update(db.session.scalars(sa.select(SurveyResponse.form_token).where(
            SurveyResponse.form_token.in_(tokens[start:start + 500]))))
    rows = [row for row in drafts if row["form_token"] not in stored]
    if rows:
        db.session.execute(sa.insert(SurveyResponse), rows)
    return len(rows)


def _answers_of(spec: ServiceSpec, officer: OfficerSpec | None, service_id: int,
                officer_id: int | None, days: list[dt.date]) -> list[dict]:
    """The answers about a service, naming officer (or nobody), spread over the year so far.

    Biaya/Tarif (u4) scores high: Dukcapil documents are free; Waktu Penyelesaian (u3) and
    Sarana dan Prasarana (u9) a little lower, as citizens' comments usually say.
    """
    who = officer.code if officer else "-"
    rng = random.Random(f"survey:{spec.code}:{who}")
    weights = officer.answers if officer else BAIK
    respondents = officer.respondents if officer else spec.respondents
    rows = []
    for number in range(respondents):
        answers = rng.choices((1, 2, 3, 4), weights=weights, k=9)
        if rng.random() < 0.6:
            answers[3] = 4
        for element in (2, 8):
            if rng.random() < 0.15:
                answers[element] = max(1, answers[element] - 1)
        mean = sum(answers) / len(answers)
        mood = "puas" if mean >= 3.5 else "cukup" if mean >= 2.75 else "kecewa"
        comment = rng.choice(COMMENTS[mood]) if rng.random() < COMMENT_SHARE else None
        key = f"{spec.code}:{who}:{number}"
        rows.append(dict(
            service_id=service_id, officer_id=officer_id,
            submitted_at=_at(rng.choice(days), COUNTER_OPENS * 60 + rng.randrange(8 * 60)),
            comment=comment,
            # What the survey stores for a client is a keyed hash; the demo's look the same.
            client_key=hashlib.sha256(f"demo-client:{key}".encode()).hexdigest(),
            form_token=hashlib.sha256(f"demo-form:{key}".encode()).hexdigest(),
            **_profile(key),
            **{f"u{n}": answer for n, answer in enumerate(answers, start=1)}))
    return rows


def _profile(key: str) -> dict[str, str | None]:
    """The optional respondent profile of a demo answer: most citizens give it, some skip a
    question. Its own random stream, so the answers stay those the demo always had."""
    rng = random.Random(f"profile:{key}")
    return {name: (rng.choice(codes) if rng.random() < 0.8 else None)
            for name, codes in PROFILE.items()}
