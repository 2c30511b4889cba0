"""The assessment page's current step: loading it for a user, its context, answering a POST.

Shared by the route modules of the assessments blueprint (routes, planning, execution); each
section of the step adds what its partial needs through a context provider.
"""
from __future__ import annotations

import functools
from collections.abc import Callable

import sqlalchemy as sa
from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from markupsafe import Markup

from portal.assessments.forms import (
    BlankForm, CalibrationForm, RatingForm, StepFields, VersionedForm)
from portal.extensions import db
from portal.i18n import lazy_gettext as _l, per_catalogue
from portal.labels import REFUSALS
from portal.models import Assessment
from portal.services.review import assessments as service
from portal.services.review.assessment_rows import view_graph
from portal.services.review import objections
from portal.services.errors import NotAllowed, Refused
from portal.rules.deadlines import Deadline
from portal.rules.reference import pangkat
from portal.templating import made_once, template_url_for
from portal.web import current_actor, refusal_text, render_page_or_fragment, wants_fragment
from workflows.assessment import EDITS, STATES, Actor, may_edit, offers

CHANGED_EVENT = "assessment-changed"

# The sections of the step, each a partial. The step shows first, in full, the sections the
# current step needs (see step_sections); the others are a heading with a link that loads the
# section on demand (GET .../sections/<name>: the fragment for htmx, the page with the section
# open otherwise), so the page stays light however full the assessment is.
SECTIONS = ("targets", "behaviours", "lampiran", "realisations", "peers", "ratings",
            "objection")
# The headings of the sections shown on demand, each with its anchor (on_demand).
SECTION_TITLES = {"targets": (_l("Hasil kerja"), "targets-title"),
                  "behaviours": (_l("Perilaku kerja"), "behaviours-title"),
                  "lampiran": (_l("Lampiran SKP"), "lampiran-title"),
                  "realisations": (_l("Realisasi dan bukti dukung"), "real-title"),
                  "peers": (_l("Umpan balik rekan"), "peer-feedback-title"),
                  "objection": (_l("Keberatan"), "objection-title")}
# The sections that read the RHK, indicators and realisations (the others read the assessment's
# own row): the page's views load the assessment without them, and the step loads them only
# when one of these is shown in full (services.review.assessment_rows.view_graph).
GRAPH_SECTIONS = frozenset({"targets", "behaviours", "lampiran", "realisations", "peers"})

# Functions (assessment, actor, editable) -> dict adding a section's forms to the step context,
# each with the sections it serves (None: every step); a provider runs only when one of its
# sections is shown in full, so a section behind a link costs no query.
CONTEXT_PROVIDERS: list[tuple[Callable[[Assessment, Actor, dict[str, bool]], dict],
                              tuple[str, ...] | None]] = []


def context_provider(function=None, *, sections: tuple[str, ...] | None = None):
    """Register function as a provider of step context (see CONTEXT_PROVIDERS)."""
    def register(function):
        CONTEXT_PROVIDERS.append((function, sections))
        return function
    return register(function) if function is not None else register


@context_provider(sections=("ratings",))
def ratings_context(assessment: Assessment, _actor: Actor, editable: dict[str, bool]) -> dict:
    """The rating and calibration forms, only where _ratings.html shows them (building a form
    costs its fields on every page), drawn by the assessments' field_block and radios_block (the
    HTML of _macros/forms.html's macros in a third of their calls).

    Before the supervisor saved anything the rating form is a BlankForm: its four fields drawn
    from the catalogue's copies, its hidden fields the step's. Built and drawn through the
    macros, it cost about 1,300 of the review page's 8,000 calls."""
    values = {"rating_hasil_kerja": assessment.rating_hasil_kerja,
              "hasil_kerja_note": assessment.rating_hasil_kerja_note,
              "rating_perilaku": assessment.rating_perilaku,
              "perilaku_note": assessment.rating_perilaku_note}
    rating_form = None
    if editable["ratings"]:
        build = functools.partial(RatingForm, formdata=None, version=assessment.version, **values)
        rating_form = (BlankForm(build, (RatingForm,))
                       if all(value is None for value in values.values()) else build())
    return {
        "rating_form": rating_form,
        "calibration_form": CalibrationForm(
            formdata=None, version=assessment.version,
            rating_hasil_kerja=assessment.rating_hasil_kerja,
            rating_perilaku=assessment.rating_perilaku,
        ) if editable["calibration"] else None,
    }


def period_chosen() -> bool:
    """Whether an evaluation period was asked for (?p=N, or posted by its peer-feedback form)."""
    return g.get("selected_period") is not None or "p" in request.args


def period_posted() -> bool:
    """Whether the step answers a POST of a form of the realisations section of one period
    (its realisations, evidence, feedback or periodic rating; execution._answer)."""
    return g.get("posted_period") is not None


def step_sections(assessment: Assessment, editable: dict[str, bool],
                  opened: frozenset[str] = frozenset()) -> list[tuple[str, bool]]:
    """The step's sections in the order shown, each with whether it is shown in full.

    First what the current step needs: the SKP form while planning, the realisations of the
    running evaluation period while the year runs (with the peer feedback once a period is
    chosen; the answer to a POST of the realisations section shows that section, of the posted
    period, and leaves the peer feedback on demand), the ratings (the supervisor's form) and the
    objection from the self-assessment on; then "actions" (the buttons); then the rest, on
    demand. opened names sections asked for (a section's own URL) and shown in full too.
    """
    step = STATES.index(assessment.state)
    executing = step >= STATES.index("targets_approved")
    chosen = period_chosen()
    planning = [("targets", step < STATES.index("targets_approved")),
                ("behaviours", editable["expectations"]), ("lampiran", editable["targets"])]
    posted = period_posted()
    running = [("realisations", assessment.state == "targets_approved" or chosen or posted),
               ("peers", chosen)] if executing else []
    if step < STATES.index("targets_approved"):
        order = [*planning, ("actions", True)]
    elif step < STATES.index("self_assessed"):
        order = [*running, ("actions", True), *planning]
    else:
        # The objection is the business of the approved result; one decided before an admin
        # reopened the assessment stays on record, on demand.
        objection = ([("objection", True)] if assessment.state == "approved"
                     else [("objection", False)] if objections.exists(assessment) else [])
        order = [("ratings", True), *objection, ("actions", True), *running, *planning]
    return [(name, shown or name in opened) for name, shown in order]


def get_assessment(assessment_id: int, whole: bool = False, graph: bool = True,
                   view: bool = False) -> Assessment:
    """The assessment (whole: with every list; without graph, its RHK graph loaded only when
    needed; view, for a page that only shows it, its people as rows: see service.load), or 404
    when it does not exist and 403 when the user may not see it."""
    assessment = service.load(assessment_id, whole=whole, graph=graph, view=view)
    if assessment is None:
        abort(404)
    try:
        service.check_view(assessment, current_actor())
    except NotAllowed as refusal:
        abort(403, description=REFUSALS[refusal.message])
    return assessment


def step_context(assessment: Assessment, failed_action: str | None = None,
                 opened: frozenset[str] = frozenset(), **overrides) -> dict:
    """Everything the step partial needs; overrides (forms, typed values) keep what the user typed.

    failed_action names the action button whose form (with its reason) is being shown again;
    opened names sections asked for, shown in full wherever they stand (see step_sections).
    """
    actor = current_actor()
    case = service.case_for(assessment)
    editable = {section: may_edit(case, actor, section) for section in EDITS}
    sections = step_sections(assessment, editable, opened)
    shown = {name for name, full in sections if full}
    if shown & GRAPH_SECTIONS:
        view_graph(assessment)
    context = {
        "sections": sections,
        "a": assessment,
        "offers": offers(case, actor),  # as service.allowed_offers, from the case above
        "editable": editable,
        # The hidden fields (version, CSRF token) every form of the step draws through it; a
        # refused action answers with its own ActionForm (its reason kept) in its place.
        "action_form": StepFields(assessment.version),
        "failed_action": failed_action,
        "confirming": None,  # a follows.Confirmation while an action waits for its second click
        # The period of a POST's answer, which the link to the peer feedback on demand carries
        # (the panel is per period; the page itself names its period in ?p=N).
        "posted_period": g.get("posted_period"),
    }
    for provider, served in CONTEXT_PROVIDERS:
        if served is None or shown.intersection(served):
            context.update(provider(assessment, actor, editable))
    for name, value in overrides.items():
        if isinstance(value, VersionedForm):
            # Keep what the user typed, but bind it to the version now shown: after a conflict
            # the user sees the fresh state and may resubmit deliberately.
            value.version.data = assessment.version
            value.version.raw_data = [str(assessment.version)]
        if name == "indicator_form":
            context["indicator_forms"][value.rhk_id] = value
        else:
            context[name] = value
    return context


def confirm(assessment: Assessment, confirmation):
    """Show the step with the confirmation of one action in place of its button (nothing changes).

    Without JavaScript this is the whole page; with htmx, the step alone.
    """
    context = step_context(assessment, confirming=confirmation)
    return render_page_or_fragment("assessments/page.html", "assessments/_step.html", **context)


def kept_for_answer():
    """Around a service call whose commit the answer then shows (respond(done=...)): the commit
    leaves the assessment as the transaction wrote it instead of expiring it, as perform() does
    (the service's kept_after_commit). Expired, every object of the assessment would be loaded
    again one by one as the step reads it, dearer than loading the assessment again."""
    return service.kept_after_commit()


def respond(assessment_id: int, *, refusal: Refused | None = None, status: int = 200,
            message: str | Callable[[Assessment], str] | None = None,
            failed_action: str | None = None, done: Assessment | None = None, **overrides):
    """Answer a POST: the fresh step for htmx, or redirect-after-post for a plain form.

    message may be a function of the fresh assessment, for a message about its new state.
    done: the assessment the POST changed and committed (within kept_for_answer()), answered
    as it stands (its commit is the stored state) rather than loaded again; only for an answer
    with nothing refused, and only if the commit did not expire it.

    On a refusal the step is rendered with the refusal's status and message and with the forms
    as the user filled them, so nothing typed is lost, from the stored state: what the refused
    operation left pending is rolled back and the assessment loaded again.
    """
    if (done is not None and refusal is None and status == 200
            and not sa.inspect(done).expired_attributes):
        assessment = done
    else:
        db.session.rollback()  # drop anything a refused operation left pending; reload fresh
        assessment = get_assessment(assessment_id)
    if callable(message):  # a message that reads the fresh assessment
        message = message(assessment)
    if refusal is not None:
        status = refusal.status
        message = refusal_text(refusal)
    if status == 200 and not wants_fragment():
        if message:
            flash(message, "success")
        return redirect(url_for("assessments.show", assessment_id=assessment_id))
    context = step_context(assessment, failed_action, **overrides)
    context["message"] = message
    context["message_category"] = "success" if status == 200 else "error"
    response = render_page_or_fragment("assessments/page.html", "assessments/_step.html",
                                       status, **context)
    if status == 200:
        response.headers["HX-Trigger"] = CHANGED_EVENT
    return response



def on_demand(assessment_id: int, section: str, posted_period: int | None) -> Markup:
    """_on_demand.html for section, the heading and the link of a section shown on demand,
    with the assessment's URL (for the peers, of the period a POST answered: see
    step_context). Written by the step's loop, each cost about 75 calls (five on the review
    page)."""
    title, anchor = SECTION_TITLES[section]
    url = template_url_for("assessments.section", assessment_id=assessment_id, name=section,
                           p=posted_period if section == "peers" else None)
    return made_once("assessments/_on_demand.html", (section,), {"url": url},
                     section=section, title=title, anchor=anchor)


def identity(assessment: Assessment) -> Markup:
    """_identity.html, the SKP's two identity blocks, with the assessment's people: through the
    template, its eight labels translated and twelve values looked up and escaped on every
    page (~270 calls). A person without a post shows a dash for the post, its unit and agency."""
    values = {}
    for role, person in (("employee", assessment.employee), ("assessor", assessment.assessor)):
        if person is not None:
            position = person.position
            values.update({
                f"{role}.name": person.name, f"{role}.nip": person.nip_display,
                f"{role}.pangkat": pangkat(person.golongan),
                f"{role}.jabatan": position.title if position else "—",
                f"{role}.unit": position.unit.name if position else "—",
                f"{role}.instansi": position.unit.agency.name if position else "—"})
    has_assessor = assessment.assessor is not None
    return made_once("assessments/_identity.html", (has_assessor,), values,
                     has_assessor=has_assessor)


def loaded_later(assessment_id: int) -> Markup:
    """_loaded_later.html, the timeline's and the history's links, with the assessment's URLs:
    through the page's loop, their texts, links and escapes cost ~150 calls a page."""
    urls = {name: template_url_for(f"assessments.{name}", assessment_id=assessment_id)
            for name in ("timeline", "history")}
    return made_once("assessments/_loaded_later.html", (), urls)


def followup_slot(assessment: Assessment) -> Markup:
    """followup/_assessment_slot.html: the follow-up section of an approved assessment (loaded
    when shown), nothing for the others; included, it cost ~30 calls on every page."""
    if assessment.state != "approved":
        return made_once("followup/_assessment_slot.html", (False,), approved=False)
    url = template_url_for("followup.for_assessment", assessment_id=assessment.id)
    return made_once("followup/_assessment_slot.html", (True,), {"url": url}, approved=True)


def stepper(state: str) -> Markup:
    """_stepper.html for state in the request's language: the stepper, the step's name and hint
    (the same for every assessment in that state)."""
    return made_once("assessments/_stepper.html", (state, request.script_root), state=state)


def deadline_line(step_deadline: Deadline | None) -> Markup:
    """_deadline.html, the line naming the step's deadline and how late it is: the same for
    every step due that day and seen that day (a Deadline is its due date and today), so made
    once per language and deadline; a catalogue keeps the last few dozen (each day brings new
    ones). Included, with its macro's import and call and the date's formatting, it cost ~160
    calls on every assessment page."""
    lines = per_catalogue().setdefault("deadline lines", {})
    found = lines.get(step_deadline)
    if found is None:
        if len(lines) >= 64:
            lines.clear()
        found = lines[step_deadline] = Markup(render_template("assessments/_deadline.html",
                                                              step_deadline=step_deadline))
    return found


def help_for_step(state: str, step_deadline: Deadline | None) -> Markup:
    """help/_step_help.html for state in the request's language, with the step's deadline
    (the step computed it once, for its own line and this)."""
    if step_deadline is None:
        return made_once("help/_step_help.html", (state, request.script_root, False),
                         state=state, has_deadline=False)
    due = current_app.jinja_env.filters["date"](step_deadline.due)
    return made_once("help/_step_help.html", (state, request.script_root, True), {"due": due},
                     state=state, has_deadline=True)
