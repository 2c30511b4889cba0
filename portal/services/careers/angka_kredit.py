"""Angka kredit konversi of an employee's evaluations, and the data BKD keeps for it.

Which evaluations count, and how often (PerBKN 3/2023 as domain.md 12 reads it):

- An approved assessment (state 'approved', its final predikat after calibration and any
  objection) is the year's annual evaluation: one conversion of 12 months.
- An assessment not approved (the year still running, a reopened one, or a year that ended
  without an annual result after a move or on leaving) counts its periodic evaluations instead,
  each for its own months (3 for a quarter, 1 for a month): the periodic conversion.
- Never both for the same year: once the annual evaluation is approved it covers every month,
  and its periodic evaluations no longer count. So no month is counted twice (one assessment a
  year per employee, enforced by the database).

The jenjang of a conversion is that of the employee's own post held at the end of the year
(people.history.post_in: the post's jenjang, else the one its jenis jabatan names); a post that is
not functional converts nothing. The total within the current jenjang adds the conversions made
in the jenjang of the post held now; AK earned before the portal (an earlier PAK) is not known
here. The targets for the next pangkat and jenjang are cumulative AK within the jenjang.

A reader sees the conversions of the periods they may read (people.history): the employee and
BKD see all of them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.models import Employee, Position
from portal.models.careers import AngkaKreditEvent, AngkaKreditJenjang, AngkaKreditPercent
from portal.rules import angka_kredit as rules
from portal.rules.predikat import PREDIKAT_ORDER
from portal.rules.reference import JENJANG, jenjang_of
from portal.services.errors import Invalid, NotAllowed, NotNow, Refused
from portal.services.people import history
from portal.services.people.history import Entry
from workflows.assessment import Actor

APPROVED = "approved"


@dataclass(frozen=True)
class Table:
    """The angka kredit data as stored: per jenjang and per predikat, with the figures an admin
    has not yet checked against the regulation."""

    jenjang: dict[str, rules.Jenjang]
    percent: dict[str, Decimal]
    unverified: frozenset[str] = frozenset()  # jenjang and predikat not yet verified


@dataclass(frozen=True)
class Conversion:
    """The angka kredit of one evaluation."""

    assessment_id: int
    year: int
    period_no: int          # 0: the annual evaluation; else the periodic one of that number
    first_month: int
    last_month: int
    predikat: str
    jenjang: str
    percent: Decimal
    koefisien: Decimal
    angka_kredit: Decimal

    @property
    def months(self) -> int:
        return self.last_month - self.first_month + 1

    @property
    def annual(self) -> bool:
        return self.period_no == 0


@dataclass
class Standing:
    """An employee's angka kredit: every conversion (oldest first) and where they stand in the
    jenjang of their post now. jenjang None: the post now is not functional."""

    jenjang: str | None
    conversions: list[Conversion] = field(default_factory=list)
    total: Decimal = Decimal("0.00")  # within the current jenjang
    target_pangkat: Decimal | None = None
    target_jenjang: Decimal | None = None
    left_pangkat: Decimal | None = None
    left_jenjang: Decimal | None = None
    # The current jenjang has no koefisien stored: nothing converts until BKD enters one.
    missing: bool = False
    unverified: bool = False  # a figure used is not yet verified by BKD

    @property
    def in_jenjang(self) -> list[Conversion]:
        return [c for c in self.conversions if c.jenjang == self.jenjang]

    def of(self, assessment_id: int, period_no: int | None = None) -> list[Conversion]:
        """The conversions of one assessment (of one of its evaluations, if period_no)."""
        return [c for c in self.conversions if c.assessment_id == assessment_id
                and (period_no is None or c.period_no == period_no)]

    def year_total(self, assessment_id: int) -> Decimal | None:
        """The AK one assessment's year earned (annual, or its periodic ones); None if none."""
        found = self.of(assessment_id)
        return sum((c.angka_kredit for c in found), Decimal("0.00")) if found else None


def jenjang_of_post(post: Position | None) -> str | None:
    """The jenjang of a functional post (its own column, else its jenis jabatan), else None."""
    if post is None:
        return None
    return post.jenjang or jenjang_of(post.jenis_jabatan)


def load_table() -> Table:
    """The stored data (two statements)."""
    jenjang, percent, unverified = {}, {}, set()
    for row in db.session.scalars(sa.select(AngkaKreditJenjang)):
        jenjang[row.jenjang] = rules.Jenjang(row.koefisien, row.target_pangkat,
                                             row.target_jenjang)
        if not row.verified:
            unverified.add(row.jenjang)
    for row in db.session.scalars(sa.select(AngkaKreditPercent)):
        percent[row.predikat] = row.percent
        if not row.verified:
            unverified.add(row.predikat)
    return Table(jenjang, percent, frozenset(unverified))


def conversions(entries: list[Entry], table: Table) -> list[Conversion]:
    """The conversions of the periods of entries (people.history.entries), oldest first, under
    the rule of the module's docstring. Pure: no statement."""
    found: list[Conversion] = []
    for entry in sorted(entries, key=lambda e: e.assessment.period.year):
        a = entry.assessment
        jenjang = jenjang_of_post(entry.post)
        step = table.jenjang.get(jenjang) if jenjang else None
        if step is None:
            continue
        if a.state == APPROVED and a.predikat:
            evaluations = [(0, a.predikat)]
        else:
            # A rating left from before the frequency changed (month 7 of a quarterly year)
            # names no evaluation period of the year now: it converts nothing.
            evaluations = [(r.period_no, r.predikat) for r in entry.periodic
                           if r.period_no in a.period.evaluation_periods]
        count = len(a.period.evaluation_periods)
        for period_no, predikat in evaluations:
            percent = table.percent.get(predikat)
            if percent is None:
                continue
            first, last = rules.months_of(period_no, count)
            found.append(Conversion(
                a.id, a.period.year, period_no, first, last, predikat, jenjang, percent,
                step.koefisien, rules.credit(percent, step.koefisien, last - first + 1)))
    return found


def standing(employee: Employee, entries: list[Entry], table: Table) -> Standing:
    """Where employee stands: the conversions of entries and, in the jenjang of the post held
    now, the total and what is left to the next pangkat and jenjang."""
    jenjang = jenjang_of_post(employee.position)
    found = conversions(entries, table)
    result = Standing(jenjang, found)
    if jenjang is None:
        return result
    step = table.jenjang.get(jenjang)
    if step is None:
        result.missing = True
        return result
    result.total = sum((c.angka_kredit for c in result.in_jenjang), Decimal("0.00"))
    result.target_pangkat, result.target_jenjang = step.target_pangkat, step.target_jenjang
    result.left_pangkat = rules.left(result.total, step.target_pangkat)
    result.left_jenjang = rules.left(result.total, step.target_jenjang)
    used = {jenjang, *(c.jenjang for c in found), *(c.predikat for c in found)}
    result.unverified = bool(used & table.unverified)
    return result


class NoAngkaKredit(Refused):
    """The employee's post now is not functional: there is no angka kredit to give."""

    status = 404


def of_employee(actor: Actor, employee: Employee) -> Standing:
    """employee's standing from the periods actor may read (people.history.entries), for the
    Penetapan Angka Kredit and the SIASN export.

    Raises:
        NotAllowed: actor may not open the employee's history.
        NoAngkaKredit: the employee's post now is not functional.
    """
    entries = history.entries(actor, employee)
    if entries is None:
        raise NotAllowed("ak_not_yours")
    found = standing(employee, entries, load_table())
    if found.jenjang is None:
        raise NoAngkaKredit("ak_not_functional")
    return found


def siasn_rows(employee: Employee, found: list[Conversion]) -> list[tuple]:
    """The conversions as SIASN angka-kredit records (rules.angka_kredit.FIELDS)."""
    return [rules.record(employee.nip, c.year, c.first_month, c.last_month, c.predikat,
                         c.koefisien, c.angka_kredit) for c in found]


def annual_record(year: int, found, table: Table) -> tuple | None:
    """One approved assessment of review.monitoring.credit_results (NIP, predikat, the post's
    jenjang and jenis jabatan) as a SIASN angka-kredit record of the whole year; None for a
    post that is not functional, or whose jenjang or predikat has no figure stored."""
    nip, predikat, jenjang, jenis_jabatan = found
    jenjang = jenjang or jenjang_of(jenis_jabatan)
    step, percent = table.jenjang.get(jenjang), table.percent.get(predikat)
    if step is None or percent is None:
        return None
    return rules.record(nip, year, 1, rules.MONTHS_IN_YEAR, predikat, step.koefisien,
                        rules.credit(percent, step.koefisien, rules.MONTHS_IN_YEAR))


# --- the data, as BKD edits it --------------------------------------------------------------------

def jenjang_rows() -> list[AngkaKreditJenjang]:
    """The stored jenjang, in reference order (keahlian, then keterampilan, highest first)."""
    rows = {row.jenjang: row for row in db.session.scalars(sa.select(AngkaKreditJenjang))}
    return [rows[name] for name in JENJANG if name in rows]


def percent_rows() -> list[AngkaKreditPercent]:
    """The stored percentages, best predikat first."""
    rows = {row.predikat: row for row in db.session.scalars(sa.select(AngkaKreditPercent))}
    return [rows[name] for name in PREDIKAT_ORDER if name in rows]


def events(limit: int = 20) -> list[AngkaKreditEvent]:
    """The latest changes to the data, newest first."""
    return list(db.session.scalars(sa.select(AngkaKreditEvent).options(
        so.joinedload(AngkaKreditEvent.actor)).order_by(
        AngkaKreditEvent.at.desc(), AngkaKreditEvent.id.desc()).limit(limit)))


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _change(row, changes: list[dict], name: str, value) -> None:
    old = getattr(row, name)
    if isinstance(value, Decimal) or isinstance(old, Decimal):
        differs = (None if old is None else Decimal(old)) != value
        shown_old, shown_new = _money(old), _money(value)
    else:
        differs, shown_old, shown_new = old != value, old, value
    if differs:
        changes.append({"field": name, "from": shown_old, "to": shown_new})
        setattr(row, name, value)


def _record(actor: Actor, subject: str, changes: list[dict], reason: str) -> AngkaKreditEvent:
    if not changes:
        raise Invalid("angka_kredit_unchanged")
    if not reason.strip():
        raise Invalid("reason_required")
    event = AngkaKreditEvent(actor_id=actor.user_id, subject=subject, changes=changes,
                             reason=reason.strip())
    db.session.add(event)
    db.session.commit()
    return event


def save_jenjang(actor: Actor, jenjang: str, *, koefisien: Decimal | None,
                 target_pangkat: Decimal | None, target_jenjang: Decimal | None,
                 verified: bool, reason: str) -> AngkaKreditEvent:
    """Change a jenjang's koefisien and targets (empty target: no next step), audited.

    Raises:
        NotNow: jenjang is not stored.
        Invalid: koefisien missing or not above 0, a target below 0, a jenjang target below the
            pangkat target, nothing changed, or no reason.
    """
    row = db.session.get(AngkaKreditJenjang, jenjang)
    if row is None:
        raise NotNow("ak_unknown_jenjang")
    if koefisien is None or koefisien <= 0:
        raise Invalid("koefisien_out_of_range")
    if any(t is not None and t < 0 for t in (target_pangkat, target_jenjang)):
        raise Invalid("target_out_of_range")
    if None not in (target_pangkat, target_jenjang) and target_jenjang < target_pangkat:
        raise Invalid("target_jenjang_below_pangkat")
    changes: list[dict] = []
    _change(row, changes, "koefisien", koefisien.quantize(rules.CENT))
    for name, value in (("target_pangkat", target_pangkat), ("target_jenjang", target_jenjang)):
        _change(row, changes, name, None if value is None else value.quantize(rules.CENT))
    _change(row, changes, "verified", bool(verified))
    return _record(actor, jenjang, changes, reason)


def save_percent(actor: Actor, predikat: str, *, percent: Decimal | None, verified: bool,
                 reason: str) -> AngkaKreditEvent:
    """Change the percentage one predikat earns, audited.

    Raises:
        NotNow: predikat is not stored.
        Invalid: percent missing or outside 0-200, nothing changed, or no reason.
    """
    row = db.session.get(AngkaKreditPercent, predikat)
    if row is None:
        raise NotNow("ak_unknown_predikat")
    if percent is None or not Decimal(0) <= percent <= Decimal(200):
        raise Invalid("ak_percent_out_of_range")
    changes: list[dict] = []
    _change(row, changes, "percent", percent.quantize(rules.CENT))
    _change(row, changes, "verified", bool(verified))
    return _record(actor, predikat, changes, reason)


def seed_defaults() -> int:
    """Insert the rows of portal.rules.angka_kredit that are not stored yet, unverified (the
    migration seeds a migrated database; this serves databases made by create_all: the demo's
    snapshot and the tests). Returns how many rows it added."""
    have_jenjang = set(db.session.scalars(sa.select(AngkaKreditJenjang.jenjang)))
    have_percent = set(db.session.scalars(sa.select(AngkaKreditPercent.predikat)))
    added = [AngkaKreditJenjang(jenjang=name, koefisien=step.koefisien,
                                target_pangkat=step.target_pangkat,
                                target_jenjang=step.target_jenjang, verified=False)
             for name, step in rules.JENJANG.items() if name not in have_jenjang]
    added += [AngkaKreditPercent(predikat=name, percent=value, verified=False)
              for name, value in rules.PERCENT.items() if name not in have_percent]
    db.session.add_all(added)
    db.session.commit()
    return len(added)
