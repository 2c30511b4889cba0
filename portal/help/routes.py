"""Views of help: the guides, the glossary and the practice assessment."""
from __future__ import annotations

from flask import abort, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.forms import PortalForm
from portal.help import bp
from portal.help.content import (
    GLOSSARY,
    PRACTICE_ACTORS,
    PRACTICE_STEPS,
    REFUSALS,
    ROLE_SUMMARIES,
    ROLES,
    STEP_HELP,
    roles_of,
)
from portal.help.forms import (
    PracticeObjectionForm,
    PracticeRealisationForm,
    PracticeSelfAssessmentForm,
    PracticeStepForm,
    PracticeTargetsForm,
)
from portal.services import clock, learning
from portal.services.errors import Refused
from portal.services.people import search as people_search
from portal.web import current_actor, render_page_or_fragment, wants_fragment


@bp.app_template_global()
def step_help(state: str) -> dict:
    """The help on a step of the assessment (what it is, who acts, what comes next)."""
    return STEP_HELP[state]


def _my_roles() -> list[str]:
    # The header's team check, answered once per request (see portal.templating).
    if "has_team" not in g:
        g.has_team = people_search.has_team(current_actor())
    return roles_of(current_actor(), g.has_team)


@bp.route("/")
@login_required
def index():
    """List the guides, the user's own roles first, with the glossary and the practice."""
    mine = _my_roles()
    others = [role for role in ROLES if role not in mine]
    return render_template("help/index.html", mine=mine, others=others, ROLES=ROLES,
                           ROLE_SUMMARIES=ROLE_SUMMARIES)


@bp.route("/guides/<role>")
@login_required
def guide(role: str):
    """Show the guide of one role: what to do at each stage, with examples."""
    if role not in ROLES:
        abort(404)
    return render_template("help/guide.html", role=role, ROLES=ROLES, mine=_my_roles())


@bp.route("/glossary")
@login_required
def glossary():
    """Show the glossary of the regulation's terms, each with an anchor to link to."""
    return render_template("help/glossary.html", terms=GLOSSARY)


# Each practice action: its form and the service function that takes the step.
ACTIONS = {
    "targets": (PracticeTargetsForm, lambda run, uid, v, f: learning.submit_targets(
        run, uid, v, rhk=f.rhk.data.strip(), indicator=f.indicator.data.strip(),
        aspect=f.aspect.data, target=f.target.data, unit=f.unit.data.strip())),
    "realisation": (PracticeRealisationForm, lambda run, uid, v, f: learning.save_realisation(
        run, uid, v, value=f.value.data, evidence=f.evidence.data.strip())),
    "self_assessment": (PracticeSelfAssessmentForm, lambda run, uid, v, f:
                        learning.submit_self_assessment(run, uid, v, note=f.note.data.strip())),
    "simulate": (PracticeStepForm, lambda run, uid, v, f: learning.simulate(run, uid, v)),
    "objection": (PracticeObjectionForm, lambda run, uid, v, f: learning.file_objection(
        run, uid, v, reasons=f.reasons.data)),
}


def _practice(run, status: int = 200, message: str | None = None, failed: str | None = None,
              failed_form=None):
    """The practice page or, for htmx, its partial; the form that failed keeps its input."""
    forms = {name: form_class(formdata=None) for name, (form_class, _) in ACTIONS.items()}
    if failed:
        forms[failed] = failed_form
    if run is not None:
        for form in forms.values():
            form.version.data = run.version
    return render_page_or_fragment(
        "help/practice.html", "help/_practice.html", status, run=run, forms=forms,
        message=message, offered=learning.offered(run, current_user.id) if run else set(),
        predikat=learning.outcome(run) if run else None,
        objection_open=bool(run) and learning.objection_window_open(run, clock.today()),
        SIMULATED=learning.SIMULATED, PRACTICE_ACTORS=PRACTICE_ACTORS,
        PRACTICE_STEPS=PRACTICE_STEPS)


@bp.route("/practice")
@login_required
def practice():
    """Show the user's practice assessment (or the start of one)."""
    return _practice(learning.run_for(current_user.id))


@bp.route("/practice", methods=["POST"])
@login_required
def practice_start():
    """Start the practice, or start it again from the first step."""
    # No version: starting again twice leaves the same fresh practice as starting once.
    if not PortalForm().validate_on_submit():
        abort(400)
    run = learning.start(current_user.id)
    if wants_fragment():
        return _practice(run)
    return redirect(url_for("help.practice"), 303)


@bp.route("/practice/<int:run_id>/<action>", methods=["POST"])
@login_required
def practice_act(run_id: int, action: str):
    """Take one step of the user's practice; another user's practice is not found."""
    if action not in ACTIONS:
        abort(404)
    try:
        run = learning.run_of(run_id, current_user.id)
    except Refused:
        abort(404)
    form_class, step = ACTIONS[action]
    form = form_class()
    if not form.validate_on_submit():
        return _practice(run, 422, failed=action, failed_form=form)
    try:
        run = step(run, current_user.id, form.version.data, form)
    except Refused as refusal:
        run = learning.run_of(run_id, current_user.id)  # fresh, after the service's rollback
        return _practice(run, refusal.status, str(REFUSALS[refusal.message]))
    if wants_fragment():
        return _practice(run)
    return redirect(url_for("help.practice"), 303)
