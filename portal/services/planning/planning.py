"""Planning (perencanaan): drafting the SKP and fixing what the supervisor adds to it.

The employee drafts: the approach (kuantitatif / kualitatif), RHK cascaded from the direct
supervisor's approved SKP, indicators with targets, and the Lampiran's three lists. The
supervisor writes the ekspektasi khusus per BerAKHLAK value and, while the SKP is submitted,
comments on single RHK before returning it. Every function checks the section and the version
first (require_edit), refuses bad input with Invalid before changing anything, and commits once.

A quantitative indicator may be bound to an objective data source (portal.rules.sources): its
realisation is then computed (portal.services.execution.indicators), at once when it is bound and again
whenever data arrives. The supervisor's fixing of the SKP covers the binding.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from decimal import Decimal

import sqlalchemy as sa
import sqlalchemy.orm as so

from portal.extensions import db
from portal.labels import PERSPECTIVE_LABELS
from portal.models import (
    Assessment, BehaviourExpectation, Indicator, Rhk, Service, SkpAttachment, Unit,
)
from portal.rules.berakhlak import BY_CODE as BERAKHLAK
from portal.rules.sources import CODES, MANUAL, SOURCES, is_objective
from portal.services.execution import indicators
from portal.services.review.assessments import cascade_required, commit, require_edit
from portal.services.inputs import clean_text
from portal.services.errors import Invalid, NotNow
from workflows.assessment import STATES, Actor

APPROACHES = ("kuantitatif", "kualitatif")
PERSPECTIVES = tuple(PERSPECTIVE_LABELS)
# A supervisor's SKP can be cascaded from once it is fixed (menetapkan), whatever came after.
_FIXED_STATES = frozenset(STATES[STATES.index("targets_approved"):])
_MAX_TEXT = 4000
_MAX_UNIT = 40  # Indicator.target_unit


@dataclass
class CascadeSource:
    """Where an SKP's RHK may cascade from.

    required: the employee's RHK must each intervene an RHK of the supervisor's SKP.
    upper_state: the state of the direct supervisor's assessment of the same period, if there
    is one.
    rhks: the RHK of that assessment that may be intervened (rows of their id, kind and text):
    all of them once it is fixed, else none.
    """

    required: bool
    upper_state: str | None = None
    rhks: list[sa.Row] = field(default_factory=list)

    @property
    def approved(self) -> bool:
        """The supervisor's SKP is fixed, so its RHK can be intervened."""
        return self.upper_state in _FIXED_STATES


def cascade_source(assessment: Assessment) -> CascadeSource:
    """The direct supervisor's SKP of the same period and the RHK this SKP may cascade from."""
    return draft_reads(assessment).cascade


@dataclass
class DraftReads:
    """What the draft page reads besides the assessment (draft_reads): where its RHK cascade
    from, the agency's services (rows of id and name) and the Lampiran's counts per list."""

    cascade: CascadeSource
    services: list[tuple[int, str]]
    lampiran_counts: dict[str, int] | None


def draft_reads(assessment: Assessment, *, services: bool = False,
                counts: bool = False) -> DraftReads:
    """Where the SKP's RHK may cascade from (the state of the direct supervisor's SKP of the
    same period, if there is one, and its RHK once it is fixed), with agency_services() when
    services and when counts how many lines each list of the Lampiran has (every kind, 0 when
    empty: the summary shown while the Lampiran is on demand), in one statement (a UNION ALL,
    each row tagged with its part): the draft page ran them as three, each a statement's
    execution and set-up (about 80 calls each)."""
    required = cascade_required(assessment)
    upper = assessment.assessor_id is not None
    reads = DraftReads(CascadeSource(required), [],
                       dict.fromkeys(SkpAttachment.KINDS, 0) if counts else None)
    if not (upper or services or counts):
        return reads
    rows = db.session.connection().execute(_draft_statement(upper, services, counts), {
        "employee_id": assessment.assessor_id, "period_id": assessment.period_id,
        "agency_id": assessment.agency_id, "assessment_id": assessment.id}).all()
    rhks = []
    for row in rows:
        part = row.part
        if part == "c":
            reads.cascade.upper_state = row.word
            if row.id is not None:
                rhks.append(row)
        elif part == "s":
            reads.services.append((row.id, row.word))
        else:
            reads.lampiran_counts[row.word] = row.id
    if reads.cascade.approved:
        reads.cascade.rhks = rhks
    return reads


@cache
def _draft_statement(upper: bool, services: bool, counts: bool) -> sa.CompoundSelect | sa.Select:
    """draft_reads()'s statement, built once per process and combination of parts. Its columns:
    part ("c" the supervisor's SKP of the period, one at most, with its RHK, or one row of NULLs
    for them; "s" a service; "l" a Lampiran list), word (the SKP's state, the service's name,
    the list's kind), id (the RHK's, the service's; the list's count), kind and text (the RHK's).
    Ordered by part, word and id: the RHK by id (one SKP, one state), the services by name."""
    parts = []
    if upper:
        parts.append(_draft_part("c", Assessment.state, Rhk.id, Rhk.kind, Rhk.text)
                     .outerjoin(Rhk, Rhk.assessment_id == Assessment.id)
                     .where(Assessment.employee_id == sa.bindparam("employee_id"),
                            Assessment.period_id == sa.bindparam("period_id")))
    if services:
        parts.append(_in_agency(_draft_part("s", Service.name, Service.id)))
    if counts:
        parts.append(_draft_part("l", SkpAttachment.kind, sa.func.count())
                     .where(SkpAttachment.assessment_id == sa.bindparam("assessment_id"))
                     .group_by(SkpAttachment.kind))
    statement = parts[0] if len(parts) == 1 else sa.union_all(*parts)
    return statement.order_by(*(sa.literal_column(name) for name in ("part", "word", "id")))


def _draft_part(part: str, word, id_, kind=None, text=None) -> sa.Select:
    """One part of _draft_statement: its tag and columns under the statement's names."""
    return sa.select(sa.literal_column(f"'{part}'").label("part"), word.label("word"),
                     id_.label("id"), (sa.null() if kind is None else kind).label("kind"),
                     (sa.null() if text is None else text).label("text"))


# --- the approach -----------------------------------------------------------------------------

def set_approach(assessment: Assessment, actor: Actor, *, version: int | None,
                 approach: str) -> None:
    """Choose the SKP's approach. Nothing typed is dropped: each indicator keeps the target it
    has, and one written for the other approach is shown as missing until it is rewritten."""
    require_edit(assessment, actor, "targets", version)
    if approach not in APPROACHES:
        raise Invalid("unknown_approach", field="approach")
    assessment.approach = approach
    commit(assessment)
    # Refreshes skip qualitative SKPs: back to quantitative, bound indicators are computed now.
    refresh_if_bound(assessment)


# --- RHK and indicators -----------------------------------------------------------------------

def add_rhk(assessment: Assessment, actor: Actor, *, version: int | None, kind: str, text: str,
            aspect: str, indicator_text: str, parent_rhk_id: int | None = None,
            target_value: Decimal | None = None, target_max: Decimal | None = None,
            target_unit: str = "", lower_is_better: bool = False,
            target_text: str | None = None, perspective: str | None = None,
            data_source: str = MANUAL, source_service_id: int | None = None) -> Rhk:
    """Add an RHK with its first indicator (an RHK needs one) to a draft SKP.

    Args:
        parent_rhk_id: the RHK of the direct supervisor's approved SKP this one intervenes.
            Where cascading is required it may be left empty only while the supervisor's SKP
            is not fixed yet (nothing can be chosen); submitting needs it.
        target_*, lower_is_better, perspective: the indicator's target; see
            indicator_columns.
        data_source, source_service_id: where its realisation comes from; see
            indicator_columns.

    Raises:
        Invalid: with details["field"] naming the input at fault.
    """
    require_edit(assessment, actor, "targets", version)
    rhk = Rhk(**rhk_columns(assessment, kind, text, parent_rhk_id))
    indicator = Indicator(**indicator_columns(
        assessment, aspect, indicator_text, target_value, target_max, target_unit,
        lower_is_better, target_text, perspective, data_source, source_service_id))
    rhk.indicators.append(indicator)
    assessment.rhks.append(rhk)
    commit(assessment)
    refresh_if_bound(assessment, indicator)
    return rhk


def update_rhk(assessment: Assessment, actor: Actor, rhk_id: int, *, version: int | None,
               kind: str, text: str, parent_rhk_id: int | None) -> None:
    """Change an RHK's kind, text and the supervisor's RHK it intervenes."""
    require_edit(assessment, actor, "targets", version)
    rhk = _rhk(assessment, rhk_id)
    for name, value in rhk_columns(assessment, kind, text, parent_rhk_id).items():
        setattr(rhk, name, value)
    commit(assessment)


def add_indicator(assessment: Assessment, actor: Actor, rhk_id: int, *, version: int | None,
                  aspect: str, text: str, target_value: Decimal | None = None,
                  target_max: Decimal | None = None, target_unit: str = "",
                  lower_is_better: bool = False, target_text: str | None = None,
                  perspective: str | None = None, data_source: str = MANUAL,
                  source_service_id: int | None = None) -> Indicator:
    """Add another indicator to an RHK of a draft SKP."""
    require_edit(assessment, actor, "targets", version)
    rhk = _rhk(assessment, rhk_id)
    indicator = Indicator(**indicator_columns(
        assessment, aspect, text, target_value, target_max, target_unit, lower_is_better,
        target_text, perspective, data_source, source_service_id))
    rhk.indicators.append(indicator)
    commit(assessment)
    refresh_if_bound(assessment, indicator)
    return indicator


def update_indicator(assessment: Assessment, actor: Actor, indicator_id: int, *,
                     version: int | None, aspect: str, text: str,
                     target_value: Decimal | None = None, target_max: Decimal | None = None,
                     target_unit: str = "", lower_is_better: bool = False,
                     target_text: str | None = None, perspective: str | None = None,
                     data_source: str = MANUAL, source_service_id: int | None = None) -> None:
    """Rewrite an indicator, its target and its data source in the SKP's current approach.

    An indicator unbound from its source keeps the last computed values as a starting point,
    no longer marked computed, so the employee can overwrite them.
    """
    require_edit(assessment, actor, "targets", version)
    indicator = _indicator(assessment, indicator_id)
    for name, value in indicator_columns(
            assessment, aspect, text, target_value, target_max, target_unit, lower_is_better,
            target_text, perspective, data_source, source_service_id).items():
        setattr(indicator, name, value)
    if not is_objective(indicator.data_source):
        for realisation in indicator.realisations:
            realisation.computed_at = realisation.source_count = None
    commit(assessment)
    refresh_if_bound(assessment, indicator)


def delete_rhk(assessment: Assessment, actor: Actor, rhk_id: int, *,
               version: int | None) -> None:
    """Remove an RHK and its indicators from a draft SKP."""
    require_edit(assessment, actor, "targets", version)
    assessment.rhks.remove(_rhk(assessment, rhk_id))
    commit(assessment)


def delete_indicator(assessment: Assessment, actor: Actor, indicator_id: int, *,
                     version: int | None) -> None:
    """Remove one indicator from a draft SKP."""
    require_edit(assessment, actor, "targets", version)
    indicator = _indicator(assessment, indicator_id)
    indicator.rhk.indicators.remove(indicator)
    commit(assessment)


def rhk_columns(assessment: Assessment, kind: str, text: str,
                 parent_rhk_id: int | None) -> dict:
    """An RHK's columns, checked: its kind, its cleaned text and the leader's RHK it intervenes
    where the SKP must cascade (used by the library too, when it copies a template)."""
    if kind not in Rhk.KINDS:
        raise Invalid("unknown_kind", field="kind")
    text = clean_text(text, max_length=_MAX_TEXT, field="rhk_text")
    if not text:
        raise Invalid("rhk_text_required", field="rhk_text")
    choosable = ({rhk.id for rhk in cascade_source(assessment).rhks}
                 if parent_rhk_id is not None or cascade_required(assessment) else set())
    if parent_rhk_id is not None and parent_rhk_id not in choosable:
        # Only the direct supervisor's fixed SKP counts: not a colleague's RHK, not a draft.
        raise Invalid("parent_not_in_supervisor_skp", field="parent_rhk_id")
    if parent_rhk_id is None and choosable:
        # The SKP could never be submitted with it: say so now rather than at submission.
        # (Before the supervisor's SKP is fixed there is nothing to choose yet, so the RHK is
        # kept as a draft and the page says it still needs its leader's RHK.)
        raise Invalid("parent_required", field="parent_rhk_id")
    return {"kind": kind, "text": text, "parent_rhk_id": parent_rhk_id}


def indicator_columns(assessment: Assessment, aspect: str, text: str,
                       target_value: Decimal | None, target_max: Decimal | None,
                       target_unit: str, lower_is_better: bool, target_text: str | None,
                       perspective: str | None, data_source: str = MANUAL,
                       source_service_id: int | None = None) -> dict:
    """The indicator's columns for the SKP's approach; the other approach's are emptied.

    Quantitative: a number and a unit; a range when target_max is given (target_value is then
    the lower bound); lower_is_better for time and cost (not with a range). Qualitative: the
    success measure (target_text) and a perspective, no number.

    data_source: 'manual' or an objective source, which only a quantitative indicator can have;
    the source then sets the unit and lower_is_better (so capaian reads the value the right way
    round). source_service_id: an active service of the employee's agency, required by sources
    that measure one service (ikm_service), else an optional filter (None: all the officer's
    services); ignored for 'manual'.
    """
    if aspect not in Indicator.ASPECTS:
        raise Invalid("unknown_aspect", field="aspect")
    text = clean_text(text, max_length=_MAX_TEXT, field="text")
    if not text:
        raise Invalid("indicator_text_required", field="text")
    if data_source not in CODES:
        raise Invalid("unknown_data_source", field="data_source")
    columns = {"aspect": aspect, "text": text, "target_value": None,
               "target_max": None, "target_unit": "", "lower_is_better": False,
               "target_text": None, "perspective": None, "data_source": MANUAL,
               "source_service_id": None}
    if assessment.approach == "kualitatif":
        if data_source != MANUAL:
            raise Invalid("source_needs_quantitative", field="data_source")
        target_text = clean_text(target_text, max_length=_MAX_TEXT, field="target_text")
        if not target_text:
            raise Invalid("success_measure_required", field="target_text")
        if perspective not in PERSPECTIVES:
            raise Invalid("perspective_required", field="perspective")
        return columns | {"target_text": target_text, "perspective": perspective}
    source = SOURCES.get(data_source)
    if source is not None:
        target_unit, lower_is_better = source.unit, source.lower_is_better
        source_service_id = _source_service(assessment, source.needs_service, source_service_id)
        columns |= {"data_source": data_source, "source_service_id": source_service_id}
    target_unit = clean_text(target_unit, max_length=_MAX_UNIT, field="target_unit")
    if target_value is None:
        raise Invalid("target_required", field="target_value")
    if target_value < 0 or (target_max is not None and target_max < 0):
        raise Invalid("target_negative", field="target_value")
    if not target_unit:
        raise Invalid("unit_required", field="target_unit")
    if target_max is not None:
        if target_value > target_max:
            raise Invalid("range_inverted", field="target_max")
        if lower_is_better:
            raise Invalid("range_lower_is_better", field="lower_is_better")
    return columns | {"target_value": target_value, "target_max": target_max,
                      "target_unit": target_unit, "lower_is_better": bool(lower_is_better)}


def _source_service(assessment: Assessment, required: bool,
                    service_id: int | None) -> int | None:
    """The service a source is bound to, checked: an active one of the employee's agency."""
    if service_id is None:
        if required:
            raise Invalid("source_service_required", field="source_service_id")
        return None
    if not db.session.scalar(sa.select(sa.exists(
            _agency_services(assessment).where(Service.id == service_id)))):
        raise Invalid("source_service_not_in_agency", field="source_service_id")
    return service_id


def _agency_services(assessment: Assessment) -> sa.Select:
    return (sa.select(Service).join(Unit, Unit.id == Service.unit_id)
            .where(Unit.agency_id == assessment.agency_id, Service.active))


def agency_services(assessment: Assessment) -> list[sa.Row]:
    """The active services of the units of the employee's agency, which indicators may use:
    rows of their id and name (the choices offered), read without building Service objects."""
    return db.session.connection().execute(_agency_services_statement(),
                                           {"agency_id": assessment.agency_id}).all()


@cache
def _agency_services_statement() -> sa.Select:
    """agency_services()'s statement, built once per process (the draft page runs it)."""
    return _in_agency(sa.select(Service.id, Service.name)).order_by(Service.name)


def _in_agency(statement: sa.Select) -> sa.Select:
    """statement (of services) narrowed to the active services of the units of the agency
    bound as agency_id: agency_services()' and draft_reads()' services."""
    return (statement.join(Unit, Unit.id == Service.unit_id)
            .where(Unit.agency_id == sa.bindparam("agency_id"), Service.active))


def refresh_if_bound(assessment: Assessment, *changed: Indicator) -> None:
    """Compute just-bound (or rebound) indicators' realisations now, not at the next data;
    changed: the indicators to look at (all of the SKP's when none is named)."""
    candidates = changed or [i for rhk in assessment.rhks for i in rhk.indicators]
    if any(is_objective(i.data_source) for i in candidates):
        indicators.refresh_assessment(assessment)


# --- the Lampiran -----------------------------------------------------------------------------

def add_lampiran_line(assessment: Assessment, actor: Actor, *, version: int | None, kind: str,
                      text: str) -> SkpAttachment:
    """Add a line to one of the Lampiran's lists (dukungan sumber daya, skema
    pertanggungjawaban, konsekuensi)."""
    require_edit(assessment, actor, "targets", version)
    if kind not in SkpAttachment.KINDS:
        raise Invalid("unknown_lampiran_kind", field="kind")
    text = clean_text(text, max_length=_MAX_TEXT, field="text")
    if not text:
        raise Invalid("lampiran_text_required", field="text")
    line = SkpAttachment(kind=kind, text=text)
    assessment.attachments.append(line)
    commit(assessment)
    return line


def delete_lampiran_line(assessment: Assessment, actor: Actor, line_id: int, *,
                         version: int | None) -> None:
    """Remove a line from the Lampiran."""
    require_edit(assessment, actor, "targets", version)
    line = next((line for line in assessment.attachments if line.id == line_id), None)
    if line is None:
        raise NotNow("unknown_lampiran_line")
    assessment.attachments.remove(line)
    commit(assessment)


# --- what the supervisor adds -----------------------------------------------------------------

def save_expectations(assessment: Assessment, actor: Actor, *, version: int | None,
                      texts: dict[str, str]) -> None:
    """Write the supervisor's ekspektasi khusus pimpinan per BerAKHLAK value.

    Args:
        texts: value code -> expectation; a value left out is kept, an empty text removes it.
    """
    require_edit(assessment, actor, "expectations", version)
    if set(texts) - set(BERAKHLAK):
        raise Invalid("unknown_value")
    existing = {e.value_code: e for e in assessment.expectations}
    texts = {code: clean_text(text, max_length=_MAX_TEXT, field=code)
             for code, text in texts.items()}
    for code, text in texts.items():
        if code in existing and not text:
            assessment.expectations.remove(existing[code])
        elif code in existing:
            existing[code].text = text
        elif text:
            assessment.expectations.append(BehaviourExpectation(value_code=code, text=text))
    commit(assessment)


def comment_rhk(assessment: Assessment, actor: Actor, rhk_id: int, *, version: int | None,
                text: str) -> None:
    """Write (or, with an empty text, clear) the supervisor's comment on one submitted RHK.

    The comment stays beside the RHK while the SKP is being planned, so after a return the
    employee sees what to fix and, after the resubmission, the supervisor sees what was asked;
    the supervisor replaces or clears it at the next review.
    """
    require_edit(assessment, actor, "rhk_comments", version)
    text = clean_text(text, max_length=_MAX_TEXT, field="comment")
    _rhk(assessment, rhk_id).supervisor_comment = text or None
    commit(assessment)


def _rhk(assessment: Assessment, rhk_id: int) -> Rhk:
    for rhk in assessment.rhks:
        if rhk.id == rhk_id:
            return rhk
    raise NotNow("unknown_rhk")


def _indicator(assessment: Assessment, indicator_id: int) -> Indicator:
    for rhk in assessment.rhks:
        for indicator in rhk.indicators:
            if indicator.id == indicator_id:
                return indicator
    raise NotNow("unknown_indicator")
