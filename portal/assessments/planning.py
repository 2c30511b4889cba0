"""Views of the planning (perencanaan) part of the step: the draft SKP and what the supervisor adds.

The employee drafts the approach, RHK (cascaded from the direct supervisor's approved SKP),
indicators (each with the source of its realisation: typed in, or computed from the service
records and citizen surveys of the agency's services) and the Lampiran; the supervisor writes
the ekspektasi khusus per BerAKHLAK value and comments on RHK before returning a submitted SKP.
A refused POST shows the step again with the form as typed: forms keyed by a row come back as
`typed` (see _with_slot).

While drafting, the Lampiran is shown collapsed (its heading, how many lines each list has, and
a link loading it on demand, as the step's other sections: see _lampiran.html); its own URL
(GET .../sections/lampiran) and the answers of its forms show it open (lampiran_opened).
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import login_required
from wtforms import SelectChoice

from portal.assessments import bp
from portal.assessments.forms import (
    ActionForm, ApproachForm, BlankForm, ExpectationsForm, IndicatorForm, LampiranForm,
    PageChoicesForm, RhkCommentForm, RhkEditForm, RhkForm, radios_block,
)
from portal.assessments.step import context_provider, get_assessment, respond
from markupsafe import Markup, escape

from portal.i18n import gettext as _, ngettext, translated
from portal.labels import (
    APPROACH_LABELS, LAMPIRAN_LABELS, PERSPECTIVE_LABELS,
)
from portal.models import Assessment, SkpAttachment
from portal.services.planning import planning as service
from portal.services.review.assessments import (
    cascade_required, indicator_has_target, target_blockers,
)
from portal.templating import blocker_text, made_once, template_url_for
from portal.services.errors import Invalid, Refused
from portal.web import current_actor, refusal_text, wants_fragment

# States in which the supervisor's comments on RHK are shown: while the SKP is being planned.
COMMENT_STATES = ("draft_targets", "targets_submitted")
# The views answering with the Lampiran open, besides its own URL: its forms' POSTs.
LAMPIRAN_FORMS = frozenset({"assessments.add_lampiran_line", "assessments.delete_lampiran_line"})


def lampiran_opened() -> bool:
    """Whether this request asked for the Lampiran: its own URL (the fragment for htmx, the
    page with it open otherwise) or one of its forms, whose answer shows it again."""
    endpoint = request.endpoint
    return endpoint in LAMPIRAN_FORMS or (endpoint == "assessments.section"
                                          and request.view_args.get("name") == "lampiran")


class ExpectationTexts(Mapping):
    """The supervisor's ekspektasi khusus per BerAKHLAK value code, read from the assessment
    when first asked: only the behaviours section reads them, and it is on demand while the
    employee drafts (so the draft page does not load them)."""

    def __init__(self, assessment) -> None:
        self._assessment = assessment
        self._texts: dict[str, str] | None = None

    def _loaded(self) -> dict[str, str]:
        if self._texts is None:
            self._texts = {e.value_code: e.text for e in self._assessment.expectations}
        return self._texts

    def __getitem__(self, code: str) -> str:
        return self._loaded()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def parent_choices(source: service.CascadeSource) -> list[SelectChoice]:
    """The picker's options: the supervisor's approved RHK grouped A. Utama / B. Tambahan."""
    groups = {"utama": _("A. Utama"), "tambahan": _("B. Tambahan")}
    options = [SelectChoice("", _("— pilih RHK pimpinan —"))]
    for kind, group in groups.items():
        options += [SelectChoice(str(rhk.id), rhk.text, optgroup=group)
                    for rhk in source.rhks if rhk.kind == kind]
    return options


@context_provider(sections=("targets", "behaviours", "lampiran"))
def planning_context(assessment, actor, editable) -> dict:
    """Forms of the draft SKP for the employee, and of the supervisor's additions."""
    version = assessment.version
    context = {
        "cascades": cascade_required(assessment),
        "has_target": lambda indicator: indicator_has_target(assessment, indicator),
        "show_comments": assessment.state in COMMENT_STATES,
        "expectation_texts": ExpectationTexts(assessment),
        # translated once per catalogue (the same text as the lazy labels, not translated anew
        # each time one is written)
        "APPROACH_LABELS": translated(APPROACH_LABELS),
        "PERSPECTIVE_LABELS": PERSPECTIVE_LABELS,
        "LAMPIRAN_LABELS": translated(LAMPIRAN_LABELS),
        "approach_block": approach_block,
        "typed": None,  # a refused row form, as the user filled it (see _with_slot)
        "indicator_forms": {}, "indicator_edit_forms": {}, "rhk_edit_forms": {},
        "comment_forms": {}, "lampiran_forms": {},
        # Collapsed only while drafting (after it, the step shows the Lampiran only when asked).
        "lampiran_open": not editable["targets"] or lampiran_opened(),
    }
    if editable["targets"]:
        approach = assessment.approach
        # the cascade's source, the services (asked for in the quantitative approach only, as
        # _services) and the collapsed Lampiran's counts: one statement
        reads = service.draft_reads(assessment, services=approach == "kuantitatif",
                                    counts=not context["lampiran_open"])
        source = reads.cascade
        parents = parent_choices(source)
        services = reads.services
        context |= {
            "cascade": source,
            "approach_form": BlankForm(
                lambda: ApproachForm(formdata=None, version=version, approach=approach),
                (ApproachForm, None), approach=approach),
            "rhk_form": BlankForm(
                lambda: RhkForm(formdata=None, version=version).for_approach(approach),
                (RhkForm, approach), page=PageChoicesForm(parents, services)),
            "indicator_forms": {
                rhk.id: IndicatorForm(formdata=None, prefix=f"rhk{rhk.id}", version=version)
                .for_approach(approach).with_services(services)
                for rhk in assessment.rhks},
            "indicator_edit_forms": {
                indicator.id: _indicator_edit_form(indicator, version, approach, services)
                for rhk in assessment.rhks for indicator in rhk.indicators},
            "rhk_edit_forms": {rhk.id: _rhk_edit_form(rhk, version, parents)
                               for rhk in assessment.rhks},
        }
        if context["lampiran_open"]:
            context["lampiran_forms"] = {kind: _lampiran_form(kind, version)
                                         for kind in SkpAttachment.KINDS}
        else:
            context["lampiran_collapsed"] = lampiran_collapsed(assessment.id,
                                                               reads.lampiran_counts)
    if editable["rhk_comments"]:
        context["comment_forms"] = {
            rhk.id: RhkCommentForm(formdata=None, prefix=f"c{rhk.id}", version=version,
                                   comment=rhk.supervisor_comment)
            for rhk in assessment.rhks}
    if editable["expectations"]:
        context["expectations_form"] = ExpectationsForm(
            formdata=None, prefix="exp", version=version, data=context["expectation_texts"])
    return context


def approach_block(assessment: Assessment, form, step_fields: Markup) -> Markup:
    """_approach.html, the approach's form and the indicator library's link, with the page's
    URLs: as the page first shows it (a BlankForm) made once per language and approach, the
    step's hidden fields in its slot; a refused form rendered as typed, with its own. Written
    in _targets.html, it cost ~100 calls on every drafting employee's page."""
    values = {"url": template_url_for("assessments.set_approach", assessment_id=assessment.id),
              "library": template_url_for("library.choose", assessment_id=assessment.id)}
    if form.blank:
        return made_once("assessments/_approach.html", (assessment.approach,),
                         {**values, "fields": step_fields}, approach_form=form,
                         radios=radios_block)
    values["fields"] = form.hidden_tag()
    return Markup(render_template("assessments/_approach.html", slot=values.__getitem__,
                                  approach_form=form, radios=radios_block))


def lampiran_collapsed(assessment_id: int, counts: Mapping[str, int]) -> Markup:
    """The collapsed Lampiran (_lampiran_collapsed.html), made once per language, with the
    section's URL and the lists' counts (lampiran_summary): written by the template, its
    texts, link and escapes cost ~60 calls on every drafting employee's page."""
    url = template_url_for("assessments.section", assessment_id=assessment_id, name="lampiran")
    return made_once("assessments/_lampiran_collapsed.html", (), {
        "url": url, "counts": lampiran_summary(counts)})


def lampiran_summary(counts: Mapping[str, int]) -> Markup:
    """The collapsed Lampiran's line: each list with how many lines it has ("Dukungan Sumber
    Daya: 1 baris · Skema Pertanggungjawaban: 0 baris · Konsekuensi: 2 baris"), written here
    rather than by a loop of three `ngettext()` in the template (about 40 calls each), joined
    as text rather than through Markup's formatting (which escapes every piece again)."""
    return Markup(" · ".join([  # the labels are Markup already (translated)
        f'{label}: {escape(ngettext("%(num)s baris", "%(num)s baris", counts[kind]))}'
        for kind, label in translated(LAMPIRAN_LABELS).items()]))


def _services(assessment) -> list:
    """The services an indicator may be bound to: none asked for in the qualitative approach."""
    return service.agency_services(assessment) if assessment.approach == "kuantitatif" else []


def _indicator_edit_form(indicator, version: int, approach: str, services) -> IndicatorForm:
    return IndicatorForm(
        formdata=None, prefix=f"i{indicator.id}", version=version, aspect=indicator.aspect,
        text=indicator.text, target_value=indicator.target_value,
        target_max=indicator.target_max, target_unit=indicator.target_unit,
        lower_is_better=indicator.lower_is_better, target_text=indicator.target_text,
        perspective=indicator.perspective or "", data_source=indicator.data_source,
        source_service_id=indicator.source_service_id,
    ).for_approach(approach).with_services(services)


def _rhk_edit_form(rhk, version: int, parents: list[SelectChoice]) -> RhkEditForm:
    form = RhkEditForm(formdata=None, prefix=f"e{rhk.id}", version=version, kind=rhk.kind,
                       rhk_text=rhk.text, parent_rhk_id=rhk.parent_rhk_id)
    form.parent_rhk_id.choices = parents
    return form


def _lampiran_form(kind: str, version: int) -> LampiranForm:
    form = LampiranForm(formdata=None, prefix=kind, version=version)
    form.text.label.text = _("Baris baru: %(list)s", list=LAMPIRAN_LABELS[kind])
    return form.drawn_once()


def _with_slot(form, slot: str):
    """Mark a row's form so the template shows it, as typed, in place of that row's empty one."""
    form.slot = slot
    return form


def _refused(assessment_id: int, form, refusal: Refused | None = None, **overrides):
    """The step again with form as typed; an Invalid input is marked on the field at fault."""
    field = refusal.details.get("field") if isinstance(refusal, Invalid) else None
    if field and field in form:
        form[field].errors = [*form[field].errors, refusal_text(refusal)]
    if refusal is None:
        return respond(assessment_id, status=422, **overrides)
    return respond(assessment_id, refusal=refusal, **overrides)


def still_missing(done: str):
    """The message after a change of the draft SKP: what was done and, when the SKP cannot be
    submitted yet, what still keeps it (the very items the submit action lists)."""
    def message(assessment) -> str:
        blockers = target_blockers(assessment)
        if not blockers:
            return done
        first = blocker_text(blockers[0])
        if len(blockers) == 1:
            return " ".join([done, _("SKP belum dapat diajukan: %(first)s", first=first)])
        return " ".join([done, _(
            "SKP belum dapat diajukan karena %(count)s hal, antara lain: %(first)s Daftar "
            "lengkapnya ada di bagian Tindakan.", count=len(blockers), first=first)])
    return message


# --- the approach -----------------------------------------------------------------------------

@bp.route("/<int:assessment_id>/approach", methods=["POST"])
@login_required
def set_approach(assessment_id: int):
    """Choose the SKP's approach (kuantitatif / kualitatif) while drafting."""
    assessment = get_assessment(assessment_id)
    form = ApproachForm()
    if not form.validate():
        return _refused(assessment_id, form, message=_("Pilih pendekatan SKP."),
                        approach_form=form)
    try:
        service.set_approach(assessment, current_actor(), version=form.version.data,
                             approach=form.approach.data)
    except Refused as refusal:
        return _refused(assessment_id, form, refusal, approach_form=form)
    return respond(assessment_id, message=still_missing(_(
        "Pendekatan SKP disimpan: %(approach)s.", approach=APPROACH_LABELS[form.approach.data])))


# --- RHK and indicators -----------------------------------------------------------------------

@bp.route("/<int:assessment_id>/rhks", methods=["POST"])
@login_required
def add_rhk(assessment_id: int):
    """Add an RHK with its first indicator to the draft SKP."""
    assessment = get_assessment(assessment_id)
    form = RhkForm().for_approach(assessment.approach).with_services(_services(assessment))
    form.parent_rhk_id.choices = parent_choices(service.cascade_source(assessment))
    if not form.validate():
        return _refused(assessment_id, form, message=_("Periksa isian RHK."), rhk_form=form)
    try:
        service.add_rhk(assessment, current_actor(), version=form.version.data,
                        kind=form.kind.data, text=form.rhk_text.data,
                        parent_rhk_id=form.parent_rhk_id.data, aspect=form.aspect.data,
                        indicator_text=form.text.data, **form.target())
    except Refused as refusal:
        return _refused(assessment_id, form, refusal, rhk_form=form)
    return respond(assessment_id, message=still_missing(_("RHK ditambahkan.")))


@bp.route("/<int:assessment_id>/rhks/<int:rhk_id>", methods=["POST"])
@login_required
def update_rhk(assessment_id: int, rhk_id: int):
    """Change an RHK's kind, text and the supervisor's RHK it intervenes."""
    assessment = get_assessment(assessment_id)
    form = _with_slot(RhkEditForm(prefix=f"e{rhk_id}"), f"rhk-{rhk_id}")
    form.parent_rhk_id.choices = parent_choices(service.cascade_source(assessment))
    if not form.validate():
        return _refused(assessment_id, form, message=_("Periksa isian RHK."), typed=form)
    try:
        service.update_rhk(assessment, current_actor(), rhk_id, version=form.version.data,
                           kind=form.kind.data, text=form.rhk_text.data,
                           parent_rhk_id=form.parent_rhk_id.data)
    except Refused as refusal:
        return _refused(assessment_id, form, refusal, typed=form)
    return respond(assessment_id, message=still_missing(_("RHK diperbarui.")))


@bp.route("/<int:assessment_id>/rhks/<int:rhk_id>/indicators", methods=["POST"])
@login_required
def add_indicator(assessment_id: int, rhk_id: int):
    """Add an indicator to one RHK of the draft SKP."""
    assessment = get_assessment(assessment_id)
    form = IndicatorForm(prefix=f"rhk{rhk_id}").for_approach(assessment.approach).with_services(
        _services(assessment))
    form.rhk_id = rhk_id
    if not form.validate():
        return _refused(assessment_id, form, message=_("Periksa isian indikator."),
                        indicator_form=form)
    try:
        service.add_indicator(assessment, current_actor(), rhk_id, version=form.version.data,
                              aspect=form.aspect.data, text=form.text.data, **form.target())
    except Refused as refusal:
        return _refused(assessment_id, form, refusal, indicator_form=form)
    return respond(assessment_id, message=still_missing(_("Indikator ditambahkan.")))


@bp.route("/<int:assessment_id>/indicators/<int:indicator_id>", methods=["POST"])
@login_required
def update_indicator(assessment_id: int, indicator_id: int):
    """Rewrite an indicator, its target and the source of its realisation."""
    assessment = get_assessment(assessment_id)
    form = _with_slot(IndicatorForm(prefix=f"i{indicator_id}").for_approach(
        assessment.approach).with_services(_services(assessment)), f"indicator-{indicator_id}")
    if not form.validate():
        return _refused(assessment_id, form, message=_("Periksa isian indikator."), typed=form)
    try:
        service.update_indicator(assessment, current_actor(), indicator_id,
                                 version=form.version.data, aspect=form.aspect.data,
                                 text=form.text.data, **form.target())
    except Refused as refusal:
        return _refused(assessment_id, form, refusal, typed=form)
    return respond(assessment_id, message=still_missing(_("Indikator diperbarui.")))


@bp.route("/<int:assessment_id>/rhks/<int:rhk_id>/delete", methods=["POST"])
@login_required
def delete_rhk(assessment_id: int, rhk_id: int):
    """Remove an RHK (with its indicators) from the draft SKP."""
    return _remove(assessment_id, lambda a, actor, version: service.delete_rhk(
        a, actor, rhk_id, version=version), still_missing(_("RHK dihapus.")))


@bp.route("/<int:assessment_id>/indicators/<int:indicator_id>/delete", methods=["POST"])
@login_required
def delete_indicator(assessment_id: int, indicator_id: int):
    """Remove an indicator from the draft SKP."""
    return _remove(assessment_id, lambda a, actor, version: service.delete_indicator(
        a, actor, indicator_id, version=version), still_missing(_("Indikator dihapus.")))


def _remove(assessment_id: int, remove, done, answer=None):
    """Run remove(assessment, actor, version) for a one-button delete; answer with the step
    (answer(assessment_id, done): another answer of a success)."""
    assessment = get_assessment(assessment_id)
    form = ActionForm()
    try:
        remove(assessment, current_actor(), form.version.data)
    except Refused as refusal:
        return respond(assessment_id, refusal=refusal)
    if answer is not None:
        return answer(assessment_id, done)
    return respond(assessment_id, message=done)


# --- the Lampiran -----------------------------------------------------------------------------

@bp.route("/<int:assessment_id>/lampiran/<kind>", methods=["POST"])
@login_required
def add_lampiran_line(assessment_id: int, kind: str):
    """Add a line to one list of the Lampiran SKP."""
    if kind not in SkpAttachment.KINDS:
        abort(404)
    assessment = get_assessment(assessment_id)
    form = _with_slot(LampiranForm(prefix=kind), f"lampiran-{kind}")
    form.text.label.text = _("Baris baru: %(list)s", list=LAMPIRAN_LABELS[kind])
    if not form.validate():
        return _refused(assessment_id, form, message=_("Periksa isian lampiran."), typed=form)
    try:
        service.add_lampiran_line(assessment, current_actor(), version=form.version.data,
                                  kind=kind, text=form.text.data)
    except Refused as refusal:
        return _refused(assessment_id, form, refusal, typed=form)
    return _lampiran_changed(assessment_id, _("Baris lampiran ditambahkan."))


@bp.route("/<int:assessment_id>/lampiran/<int:line_id>/delete", methods=["POST"])
@login_required
def delete_lampiran_line(assessment_id: int, line_id: int):
    """Remove a line from the Lampiran SKP."""
    return _remove(assessment_id, lambda a, actor, version: service.delete_lampiran_line(
        a, actor, line_id, version=version), _("Baris lampiran dihapus."), _lampiran_changed)


def _lampiran_changed(assessment_id: int, message: str):
    """The answer to a change of the Lampiran: for htmx the step with the Lampiran open (see
    lampiran_opened); a plain form goes to the Lampiran's own URL, the page with it open (the
    assessment's page shows it collapsed while drafting)."""
    if wants_fragment():
        return respond(assessment_id, message=message)
    flash(message, "success")
    return redirect(url_for("assessments.section", assessment_id=assessment_id,
                            name="lampiran"))


# --- what the supervisor adds -----------------------------------------------------------------

@bp.route("/<int:assessment_id>/expectations", methods=["POST"])
@login_required
def save_expectations(assessment_id: int):
    """Save the supervisor's ekspektasi khusus pimpinan for the seven BerAKHLAK values."""
    assessment = get_assessment(assessment_id)
    form = ExpectationsForm(prefix="exp")
    if not form.validate():
        return _refused(assessment_id, form, message=_("Periksa isian ekspektasi."),
                        expectations_form=form)
    try:
        service.save_expectations(assessment, current_actor(), version=form.version.data,
                                  texts=form.texts())
    except Refused as refusal:
        return _refused(assessment_id, form, refusal, expectations_form=form)
    return respond(assessment_id, message=_("Ekspektasi khusus pimpinan disimpan."))


@bp.route("/<int:assessment_id>/rhks/<int:rhk_id>/comment", methods=["POST"])
@login_required
def comment_rhk(assessment_id: int, rhk_id: int):
    """Write the supervisor's comment on one RHK of the submitted SKP."""
    assessment = get_assessment(assessment_id)
    form = _with_slot(RhkCommentForm(prefix=f"c{rhk_id}"), f"comment-{rhk_id}")
    if not form.validate():
        return _refused(assessment_id, form, message=_("Periksa isian komentar."), typed=form)
    try:
        service.comment_rhk(assessment, current_actor(), rhk_id, version=form.version.data,
                            text=form.comment.data)
    except Refused as refusal:
        return _refused(assessment_id, form, refusal, typed=form)
    message = _("Komentar disimpan.") if (form.comment.data or "").strip() else _(
        "Komentar dihapus.")
    return respond(assessment_id, message=message)
