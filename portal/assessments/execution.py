"""Views of the execution (pelaksanaan) part of the step: realisations per evaluation period,
their evidence (bukti dukung), the supervisor's continuous feedback, the periodic evaluation, and
the assessment's timeline.

The evaluation period shown is `?p=N` on the page URL (0 = the annual realisation); every POST
here carries its period_no and answers with the step for that same period.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from functools import cache
from typing import NamedTuple

from flask import abort, flash, g, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException, NotFound, RequestEntityTooLarge

from portal.assessments import bp
from portal.assessments.forms import ActionForm, BlankForm, PeriodicRatingForm, StepFields
from portal.assessments.step import (
    context_provider, get_assessment, kept_for_answer, respond, step_context)
from portal.fields import parse_local_decimal
from portal.i18n import lazy_gettext as _l, translated
from portal.labels import ASPECT_LABELS, evaluation_period_label
from portal.templating import file_size, template_url_for
from portal.models import Assessment, Period, Realisation
from portal.services.execution import evidence as evidence_service
from portal.services.execution import execution as service
from portal.services.execution.execution import Capaian
from portal.rules.deadlines import periodic_deadline
from portal.services import clock
from portal.services.clock import JAMBI, today
from portal.services.errors import Invalid, Refused
from portal.web import current_actor, refusal_text, render_page_or_fragment, wants_fragment
from workflows.assessment import STATES

bp.record_once(lambda state: evidence_service.init_app(state.app))


# The fixed texts of every indicator card (_realisations.html), translated once per
# request and language for all the cards (portal.i18n.translated) rather than each by `_()`.
CARD_TEXTS = {
    "aspect": _l("Aspek"),
    "target": _l("Target"),
    "realisation": _l("Realisasi"),
    "note": _l("Keterangan"),
    "capaian": _l("Capaian"),
    "evidence": _l("Bukti dukung"),
    "link": _l("tautan"),
    "delete_evidence": _l("Hapus bukti dukung ini?"),
    "delete": _l("Hapus"),
    "no_evidence_year": _l("Belum ada bukti dukung tahun ini."),
    "no_evidence": _l("Belum ada bukti dukung."),
    "add_evidence": _l("Tambah bukti dukung"),
    "feedback_title": _l("Umpan balik atasan"),
    "no_feedback": _l("Belum ada umpan balik."),
    "feedback": _l("Umpan balik"),
    "send_feedback": _l("Kirim umpan balik"),
    "feedback_later": _l("Umpan balik dapat diberikan setelah pegawai mencatat realisasi periode "
                         "ini."),
    # a computed realisation's facts (written by the card of _realisations.html)
    "computed": _l("dihitung otomatis"),
    "source": _l("Sumber data"),
    "formula": _l("Rumus"),
    "basis": _l("Dasar perhitungan"),
    "not_computed": _l("belum dihitung"),
}


def period_label(period: Period, period_no: int) -> str:
    """"Tahunan", a month name ("Januari") or a quarter ("Triwulan I")."""
    return evaluation_period_label(period.evaluation_frequency, period_no)


class Card(NamedTuple):
    """One indicator card's facts in the chosen evaluation period, gathered in Python for every
    card (a call or look-up written in the template costs Jinja several calls more each)."""

    ind_id: Markup  # the indicator's id as written in the card's ids and names
    text: Markup  # the indicator's text, escaped
    aspect: str  # the indicator's aspect, named in the request's language
    real: Realisation | None  # the indicator's realisation of the period, if recorded
    computed: bool  # computed from its data source, never typed in
    capaian: Capaian | None
    evidence: list[tuple[int, list]]  # (period, evidence), as service.evidence_by_period
    feedback: list  # the supervisor's feedback on real, oldest first
    add_evidence_url: Markup | None  # the evidence forms' link (escaped), while they may be added


@cache
def _period_names(frequency: str) -> dict[int, LazyString]:
    """The names of a frequency's evaluation periods and of the year (0), in the picker's order,
    as lazy strings: portal.i18n.translated translates them once per request language."""
    numbers = (*range(1, Period.FREQUENCIES[frequency] + 1), 0)
    return {n: LazyString(evaluation_period_label, frequency, n) for n in numbers}


def selected_period(assessment: Assessment) -> int:
    """The evaluation period the step shows: the one asked for (selected_period, set by a form
    of the period's peer panel), the one whose realisations section answers a POST
    (posted_period), else ?p=N, else the default.

    The default is the evaluation period running today while realisations are being recorded,
    and the annual one (0) once the self-assessment is submitted.
    """
    raw = g.get("selected_period")
    if raw is None:
        raw = g.get("posted_period")
    if raw is None:
        raw = request.args.get("p")
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = None
    if number == 0 or number in assessment.period.evaluation_periods:
        return number
    if assessment.state == "targets_approved":
        return service.evaluation_period_of(assessment.period, today())
    return 0


@context_provider(sections=("realisations",))
def execution_context(assessment, actor, editable) -> dict:
    """The chosen evaluation period with its feedback and periodic rating, from SKP fixed on."""
    context = {"realisation_input": {}, "realisation_errors": {}, "evidence_errors": {},
               "link_input": {}, "feedback_input": {}, "feedback_errors": {},
               "adding_evidence": None}  # the indicator whose evidence forms were asked for
    if STATES.index(assessment.state) < STATES.index("targets_approved"):
        return context
    period = assessment.period
    number = selected_period(assessment)
    # What the section shows beside the graph, read in one statement (service.page_rows): the
    # period's feedback, and the evidence and the periodic ratings unless read already.
    evidence = evidence_service.loaded_evidence(assessment)
    ratings = remembered_periodic_ratings(assessment)
    rows = service.page_rows(assessment, number, evidence=evidence is None,
                             ratings=ratings is None)
    if evidence is None:
        evidence = rows.evidence
    if ratings is None:
        ratings = rows.ratings
        # kept for the page's documents' list (see remembered_periodic_ratings)
        g.periodic_ratings = ((assessment.id, assessment.version), ratings)
    feedback = rows.feedback
    by_realisation: dict[int, list] = {}
    by_value: dict[str, list] = {}
    for item in feedback:
        if item.realisation_id is not None:
            by_realisation.setdefault(item.realisation_id, []).append(item)
        else:
            by_value.setdefault(item.value_code, []).append(item)
    # The links with a query string are the path url_for gives without it, followed by the
    # query in the order url_for writes it (the values outside the rule, as given): one URL
    # built per page rather than one per card and period.
    add_evidence = (template_url_for("assessments.add_evidence_form",
                                     assessment_id=assessment.id)
                    if editable["realisations"] else None)
    aspects = translated(ASPECT_LABELS)
    cards = {}
    for rhk in assessment.rhks:
        for indicator in rhk.indicators:
            real = indicator.realisation_for(number)
            cards[indicator.id] = Card(
                Markup(indicator.id), escape(indicator.text),
                aspects.get(indicator.aspect, indicator.aspect),
                real, service.is_computed(assessment, indicator),
                service.capaian_of_realisation(indicator, real, number),
                service.evidence_by_period(indicator, number, evidence),
                by_realisation.get(real.id, []) if real else [],
                escape(f"{add_evidence}?indicator_id={indicator.id}&p={number}")
                if add_evidence else None)
    rated = ratings.get(number)
    start, end = service.evaluation_window(period, number)
    names = translated(_period_names(period.evaluation_frequency))
    show = template_url_for("assessments.show", assessment_id=assessment.id)
    context.update(
        # The picker's links (?p=N), each with its name; the running month or quarter is
        # marked while realisations are recorded.
        eval_periods=[(n, name, f"{show}?p={n}") for n, name in names.items()],
        running_period=(service.evaluation_period_of(period, today())
                        if assessment.state == "targets_approved" else None),
        selected_period=number,
        selected_label=names[number],
        # The periodic evaluation of the chosen month or quarter is due on its own date.
        periodic_deadline=(periodic_deadline(period, number, clock.today())
                           if number and rated is None else None),
        # The first and last day (in Jambi) of the window computed realisations cover.
        selected_window=(start.astimezone(JAMBI).date(),
                         (end.astimezone(JAMBI) - dt.timedelta(days=1)).date()),
        period_label=names.__getitem__,
        cards=cards,
        feedback_by_value=by_value,
        periodic_ratings=ratings,
        periodic_form=(periodic_rating_form(assessment.version, number, rated)
                       if number and editable["periodic_ratings"] else None),
        card_texts=translated(CARD_TEXTS),
        evidence_accept=evidence_service.ACCEPT,
        evidence_max_bytes=evidence_service.max_bytes(),  # written by _evidence_add.html only
        file_size=file_size,
    )
    return context


def periodic_rating_form(version: int, number: int, rated) -> PeriodicRatingForm | BlankForm:
    """The periodic evaluation's form of period number, as rated (or not yet), built only where
    _realisations.html shows it (a month or quarter, to the supervisor). Before the period is
    rated it is a BlankForm: its four fields drawn from the catalogue's copies, its hidden
    fields (version, period, CSRF token) a StepFields; built and drawn, the blank form cost
    about 560 calls of the supervisor's page."""
    build = functools.partial(
        PeriodicRatingForm, formdata=None, prefix="periodic", version=version, period_no=number,
        rating_hasil_kerja=rated.rating_hasil_kerja if rated else None,
        hasil_kerja_note=rated.rating_hasil_kerja_note if rated else None,
        rating_perilaku=rated.rating_perilaku if rated else None,
        perilaku_note=rated.rating_perilaku_note if rated else None)
    if rated is not None:
        return build()
    return BlankForm(build, (PeriodicRatingForm,),
                     hidden=StepFields(version, "periodic", period_no=number))


def remembered_periodic_ratings(assessment: Assessment) -> dict | None:
    """The periodic ratings execution_context read in this request for this version of the
    assessment (the realisations section shown), or None. Every change of the assessment bumps
    its version, so an answer to a POST reads them again after its commit."""
    found = g.get("periodic_ratings")
    if found is None or found[0] != (assessment.id, assessment.version):
        return None
    return found[1]


def _posted_int(name: str) -> int:
    """A posted whole number, or -1 (refused downstream) when missing or garbled."""
    raw = request.form.get(name, "")
    return int(raw) if raw.isdigit() else -1


def _answer(assessment_id: int, period_no: int, **kwargs):
    """respond() for the step of period_no; a plain form POST returns to that period's page.

    The step answers with the realisations section of period_no, where the POST's form is, and
    the other sections as the page first shows them: the period's peer feedback stays a link
    (to that period's panel), not opened in full (see step.step_sections)."""
    g.posted_period = period_no
    if kwargs.get("refusal") is None and kwargs.get("status", 200) == 200 \
            and not wants_fragment():
        flash(kwargs.get("message"), "success")
        return redirect(url_for("assessments.show", assessment_id=assessment_id, p=period_no))
    return respond(assessment_id, **kwargs)


@bp.route("/<int:assessment_id>/realisations", methods=["POST"])
@login_required
def save_realisations(assessment_id: int):
    """Record the realisations of one evaluation period (0, the default, is the annual one)."""
    assessment = get_assessment(assessment_id)
    form = ActionForm()  # carries CSRF and the version
    period_no = _posted_int("period_no") if "period_no" in request.form else 0
    posted = {m.group(2) for key in request.form
              if (m := re.fullmatch(r"(value|note)-(.+)", key))}
    values, errors, typed = {}, {}, {}
    indicators = {i.id: i for rhk in assessment.rhks for i in rhk.indicators}
    for raw_id in sorted(posted):
        raw = request.form.get(f"value-{raw_id}", "")
        note = request.form.get(f"note-{raw_id}", "")
        indicator_id = int(raw_id) if raw_id.isdigit() else -1  # the service refuses unknown ids
        typed[indicator_id] = (raw, note)
        if not raw.strip() and not note.strip():
            continue  # left empty: saved later; submitting checks the annual one is filled
        try:
            value = parse_local_decimal(raw) if raw.strip() else None
        except ValueError as error:
            errors[indicator_id] = str(error)
            continue
        if indicator_id in indicators:  # an unknown one is refused by the service
            try:
                service.check_realisation(indicators[indicator_id], value, note)
            except Refused as refusal:
                errors[indicator_id] = _realisation_error(refusal)
                continue
        values[indicator_id] = (value, note)
    if errors:
        return _answer(assessment_id, period_no, status=422,
                       message=_("Periksa isian realisasi."),
                       realisation_input=typed, realisation_errors=errors)
    try:
        with kept_for_answer():
            service.save_realisations(assessment, current_actor(), version=form.version.data,
                                      values=values, period_no=period_no)
    except Refused as refusal:
        return _answer(assessment_id, period_no, refusal=refusal, realisation_input=typed)
    return _answer(assessment_id, period_no, message=_("Realisasi disimpan."), done=assessment)


def _realisation_error(refusal: Refused) -> str:
    """A refused realisation's message, saying whether the number or the note is at fault."""
    text = refusal_text(refusal)
    if refusal.details.get("field") == "note":
        return _("Keterangan: %(problem)s", problem=text)
    return text


# --- evidence ---------------------------------------------------------------------------------

def _refusal_text(refusal: Refused) -> str:
    if refusal.message == "evidence_too_large":
        return _("Berkas terlalu besar: ukuran maksimal bukti dukung %(size)s.",
                 size=file_size(evidence_service.max_bytes()))
    return refusal_text(refusal)


@bp.route("/<int:assessment_id>/evidence/files", methods=["POST"])
@login_required
def upload_evidence(assessment_id: int):
    """Attach an uploaded file (PDF, image, Office document) to a realisation."""
    assessment = get_assessment(assessment_id)
    form = ActionForm()
    period_no, indicator_id = _posted_int("period_no"), _posted_int("indicator_id")
    upload = request.files.get("file")
    try:
        with kept_for_answer():
            evidence_service.add_file(
                assessment, current_actor(), version=form.version.data,
                indicator_id=indicator_id, period_no=period_no,
                filename=upload.filename if upload else None,
                stream=upload.stream if upload else None)
    except Refused as refusal:
        text = _refusal_text(refusal)
        return _answer(assessment_id, period_no, status=refusal.status, message=text,
                       evidence_errors={indicator_id: text})
    return _answer(assessment_id, period_no, message=_("Bukti dukung diunggah."),
                   done=assessment)


@bp.route("/<int:assessment_id>/evidence/new")
@login_required
def add_evidence_form(assessment_id: int):
    """The forms adding evidence to one indicator, asked for by its "Tambah bukti dukung" link:
    for htmx the forms alone, in place of the link; opened directly, the page with them shown."""
    assessment = get_assessment(assessment_id)
    g.selected_period = request.args.get("p")
    indicator = next((i for rhk in assessment.rhks for i in rhk.indicators
                      if i.id == request.args.get("indicator_id", type=int)), None)
    context = step_context(assessment, adding_evidence=indicator.id if indicator else None)
    if indicator is None or not context["editable"]["realisations"]:
        # Nothing to add to now (the step has moved on, or no such indicator): the page as is.
        if wants_fragment():
            abort(409)
        return redirect(url_for("assessments.show", assessment_id=assessment_id))
    return render_page_or_fragment("assessments/page.html", "assessments/_evidence_add.html",
                                   ind=indicator, **context)


@bp.route("/<int:assessment_id>/evidence/links", methods=["POST"])
@login_required
def add_evidence_link(assessment_id: int):
    """Attach a link (http or https) to a realisation."""
    assessment = get_assessment(assessment_id)
    form = ActionForm()
    period_no, indicator_id = _posted_int("period_no"), _posted_int("indicator_id")
    url, title = request.form.get("url", ""), request.form.get("title", "")
    try:
        with kept_for_answer():
            evidence_service.add_link(assessment, current_actor(), version=form.version.data,
                                      indicator_id=indicator_id, period_no=period_no, url=url,
                                      title=title)
    except Refused as refusal:
        text = _refusal_text(refusal)
        return _answer(assessment_id, period_no, status=refusal.status, message=text,
                       evidence_errors={indicator_id: text},
                       link_input={indicator_id: (url, title)})
    return _answer(assessment_id, period_no, message=_("Tautan bukti dukung disimpan."),
                   done=assessment)


@bp.route("/<int:assessment_id>/evidence/<int:evidence_id>/delete", methods=["POST"])
@login_required
def delete_evidence(assessment_id: int, evidence_id: int):
    """Remove one's own evidence while the realisations can still be changed."""
    assessment = get_assessment(assessment_id)
    form = ActionForm()
    period_no = _posted_int("period_no")
    try:
        with kept_for_answer():
            evidence_service.delete(assessment, current_actor(), version=form.version.data,
                                    evidence_id=evidence_id)
    except Refused as refusal:
        return _answer(assessment_id, period_no, refusal=refusal)
    return _answer(assessment_id, period_no, message=_("Bukti dukung dihapus."), done=assessment)


@bp.route("/<int:assessment_id>/evidence/<int:evidence_id>")
@login_required
def download_evidence(assessment_id: int, evidence_id: int):
    """Send an uploaded file to someone who may see the assessment, as a download."""
    assessment = get_assessment(assessment_id)
    try:
        evidence = evidence_service.find(assessment, evidence_id)
    except Invalid:
        raise NotFound() from None
    path = evidence_service.file_path(evidence)
    if path is None:
        raise NotFound()
    response = send_file(path, mimetype=evidence.content_type, as_attachment=True,
                         download_name=evidence.title, conditional=True, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.errorhandler(RequestEntityTooLarge)
def request_too_large(_error):
    """An upload far over the limit is cut off before it is read: say so in the step."""
    message = _("Berkas terlalu besar: ukuran maksimal bukti dukung %(size)s.",
                size=file_size(evidence_service.max_bytes()))
    assessment_id = (request.view_args or {}).get("assessment_id")
    if assessment_id is not None and current_user.is_authenticated:
        try:
            g.selected_period = None
            return respond(assessment_id, status=413, message=message)
        except HTTPException:
            pass  # not theirs to see: the plain error page below says no more than that
    return render_page_or_fragment("errors/page.html", "errors/_error.html", 413,
                                   status_code=413, title=_("Berkas terlalu besar"),
                                   message=message)


# --- feedback and periodic evaluation ---------------------------------------------------------

@bp.route("/<int:assessment_id>/feedback", methods=["POST"])
@login_required
def add_feedback(assessment_id: int):
    """Record the supervisor's feedback on a realisation or a BerAKHLAK value."""
    assessment = get_assessment(assessment_id)
    form = ActionForm()
    period_no = _posted_int("period_no")
    text = request.form.get("text", "")
    raw_realisation = request.form.get("realisation_id", "")
    value_code = request.form.get("value_code") or None
    realisation_id = (int(raw_realisation) if raw_realisation.isdigit()
                      else (-1 if raw_realisation else None))
    key = f"r{realisation_id}" if realisation_id is not None else "value"
    try:
        with kept_for_answer():
            service.add_feedback(assessment, current_actor(), version=form.version.data,
                                 period_no=period_no, text=text, realisation_id=realisation_id,
                                 value_code=value_code)
    except Refused as refusal:
        return _answer(assessment_id, period_no, refusal=refusal,
                       feedback_input={key: (value_code, text)},
                       feedback_errors={key: refusal_text(refusal)})
    return _answer(assessment_id, period_no, message=_("Umpan balik disimpan."), done=assessment)


@bp.route("/<int:assessment_id>/periodic-ratings", methods=["POST"])
@login_required
def save_periodic_rating(assessment_id: int):
    """Record the supervisor's evaluation of one month or quarter."""
    assessment = get_assessment(assessment_id)
    form = PeriodicRatingForm(prefix="periodic")
    period_no = form.period_no.data if isinstance(form.period_no.data, int) else -1
    if not form.validate():
        return _answer(assessment_id, period_no, status=422,
                       message=_("Periksa isian evaluasi periodik."), periodic_form=form)
    try:
        with kept_for_answer():
            service.save_periodic_rating(
                assessment, current_actor(), version=form.version.data, period_no=period_no,
                hasil_kerja=form.rating_hasil_kerja.data,
                hasil_kerja_note=form.hasil_kerja_note.data,
                perilaku=form.rating_perilaku.data, perilaku_note=form.perilaku_note.data)
    except Refused as refusal:
        return _answer(assessment_id, period_no, refusal=refusal, periodic_form=form)
    return _answer(assessment_id, period_no, message=_("Evaluasi periodik disimpan."),
                   done=assessment)


# --- timeline ---------------------------------------------------------------------------------

@bp.route("/<int:assessment_id>/timeline")
@login_required
def timeline(assessment_id: int):
    """Show what happened to the assessment, oldest first: entries, feedback, transitions."""
    assessment = get_assessment(assessment_id)
    return render_page_or_fragment(
        "assessments/timeline.html", "assessments/_timeline.html", a=assessment,
        entries=service.timeline(assessment),
        period_label=lambda n: period_label(assessment.period, n))
