"""Views of the calibration blueprint: the spread of a unit, its list (and its .xlsx export),
rating changes, finishing.

Committee members and the head (approver) of an agency may read its calibration page; only
committee members change ratings or finish a unit, only the head sets the organisation predikat.
"""
from __future__ import annotations

import dataclasses
from functools import cached_property, lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

from flask import (
    abort,
    current_app,
    flash,
    get_template_attribute,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from jinja2.filters import do_truncate
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from portal.assessments.follows import join_names
from portal.calibration import bp
from portal.calibration.forms import FinishUnitForm, OrgPredikatForm, RowCalibrationForm
from portal.downloads import Column, streamed, xlsx_response
from portal.extensions import db
from portal.forms import PortalForm
from portal.i18n import lazy_gettext, per_catalogue, translated
from portal.labels import (
    CAPAIAN_BANDS,
    DISTRIBUTION_KIND_LABELS,
    NOBODY_FOR,
    ORG_PREDIKAT_LABELS,
    PREDIKAT_LABELS,
    RATING_LABELS,
    REFUSALS,
    STATE_LABELS,
)
from portal.models import Assessment
from portal.rules.deadlines import deadline
from portal.rules.distribution import AT_MOST, SOME
from portal.rules.nip import format_nip
from portal.rules.predikat import PREDIKAT_ORDER
from portal.services import clock
from portal.services.errors import NotAllowed, Refused
from portal.services.messaging import notifications
from portal.services.people.units import find_units, pick_unit, unit_tree
from portal.services.planning.periods import choose_among, opened_for, presumed_period
from portal.services.review import assessments as assessment_service
from portal.services.review import calibration as service
from portal.signing import csrf_token
from portal.templating import (
    _escape_inner,
    deadline_of,
    made_once,
    slot,
    template_url_for,
)
from portal.web import chosen_period, current_actor, refusal_text, wants_fragment
from workflows.assessment import Actor

CHANGED_EVENT = "distribution-changed"


# --- what the page looks at ----------------------------------------------------------------------

def _agencies_of(actor: Actor) -> frozenset[int]:
    """The agencies whose calibration page actor may read: as committee member or as head."""
    return actor.committee_agencies | actor.approver_agencies


def _refuse_outsiders(actor: Actor) -> frozenset[int]:
    agencies = _agencies_of(actor)
    if not agencies:
        abort(403, description=_("Halaman ini untuk tim penilai kinerja dan pimpinan instansi."))
    return agencies


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# An agency's choice in the agency picker: its assessments waiting for calibration.
WAITING = lazy_gettext("%(count)s menunggu kalibrasi")


class View:
    """The period, agency, unit and list filters a request asks for, checked against what actor
    may see.

    A view that reads the page's facts (facts()) may presume its period: the one asked for, else
    the remembered one, else the one this page last showed by default
    (periods.presumed_period), when its agency is known without reading the agencies (asked
    for, or the actor's only one). The facts then bring the periods it may show, and facts()
    settles the period (choose_among) before anything reads it (view.period)."""

    def __init__(self, actor: Actor, args: MultiDict, presume: bool = False):
        allowed = _refuse_outsiders(actor)
        # The period asked for (?period=, or inside a posted view), else the remembered one;
        # among the periods opened for the agency asked for (else for any of the actor's).
        asked = _int(args.get("agency"))
        self.requested = args.get("period")
        self.concerning = sorted({asked} if asked in allowed else allowed)
        self.presumed = (presumed_period(current_user, self.requested, self._default_key)
                         if presume and (asked in allowed or len(allowed) == 1) else None)
        if self.presumed is None:
            concerning, params = opened_for(self.concerning)
            self.period, self.periods = chosen_period(self.requested, concerning, params,
                                                      key=self._default_key)
            self.period_id = self.period.id if self.period else None
        else:
            self.period_id = self.presumed
        self.actor = actor
        self.agency_ids = sorted(allowed)
        agency_id = asked
        if agency_id is None and len(allowed) == 1:
            (agency_id,) = allowed
        elif agency_id is None:  # the agency with the most waiting for calibration; ties by name
            agency_id = max(self.agencies, key=lambda a: a.waiting).id
        elif agency_id not in allowed:
            abort(403, description=_("Anda bukan anggota tim penilai kinerja atau pimpinan "
                                     "instansi ini."))
        self.agency_id = agency_id
        self.unit_id = _int(args.get("unit")) or None
        self.unit = None
        if self.unit_id is not None:
            self.unit = next((u for u in self.units if u.id == self.unit_id), None) or abort(404)
        # The unit picker's text (?unit_q=): the unit it settles on, or the units it may mean
        # (the view then stays on the unit it had). The agency's unit tree is read only when a
        # unit or a text asks for it: the whole agency needs none.
        typed = args.get("unit_q")
        self.picker = pick_unit(typed, self.units if typed is not None else [], self.unit)
        self.unit = self.picker.unit
        self.unit_id = self.unit.id if self.unit else None
        self.filters = service.Filters(args.get("golongan") or None, args.get("jenis") or None,
                                       _int(args.get("assessor")) or None)
        self.page = max(_int(args.get("page")) or 1, 1)
        self.edit = _int(args.get("edit"))  # the listed row whose rating form is open
        self.scope = (service.scope_for(agency_id, self.period_id, self.unit_id,
                                        self.units if self.unit_id is not None else None)
                      if self.period_id else None)

    @property
    def _default_key(self) -> tuple:
        """What the period shown by default depends on: the agencies whose periods are shown."""
        return ("calibration", *self.concerning)

    def facts(self, listed: bool = True) -> service.PageFacts | None:
        """service.page_facts of the view (None without a period), with when listed the page of
        the list and its filters' options; a presumed period settled first: the facts read
        with the periods it may be, and read again in the rare case the period shown is
        another."""
        if self.scope is None:
            return None

        def read(periods: list[int] | None) -> service.PageFacts:
            return service.page_facts(
                self.scope, heads=self.is_committee, agencies=self.agencies_unread,
                listed=service.ListPage(self.filters, self.page, PAGE_SIZE) if listed else None,
                periods=periods)

        if self.presumed is None:
            return read(None)
        facts = read(self.concerning)
        self.presumed, self.periods = None, facts.periods
        self.period = choose_among(current_user, self.requested, self.periods, self._default_key)
        if self.period is None:
            self.period_id = self.scope = None
            return None
        if self.period.id == self.period_id:
            return facts
        self.period_id = self.period.id
        self.scope = dataclasses.replace(self.scope, period_id=self.period_id)
        return read(None)

    @cached_property
    def labels(self) -> dict:
        """The page's labels and texts in the request's language (_labels), found once a view."""
        return _labels()

    @cached_property
    def agencies(self) -> list[service.AgencyChoice]:
        """The agencies actor may choose, by name, with their waiting counts
        (service.agency_choices), read when first needed: a view showing its spread reads
        them with its facts instead (service.page_facts, _context), one statement fewer."""
        return service.agency_choices(self.agency_ids, self.period_id)

    @property
    def agencies_unread(self) -> list[int] | None:
        """The ids of the agencies to read with the page's facts, None when already read."""
        return None if "agencies" in self.__dict__ else self.agency_ids

    @property
    def agency(self) -> service.AgencyChoice:
        """The agency shown (its id is known from the request: agency_id)."""
        return next(a for a in self.agencies if a.id == self.agency_id)

    @cached_property
    def units(self) -> list:
        """The agency's units depth first (people.units.unit_tree), read when first needed."""
        return unit_tree(self.agency_id)

    @property
    def agency_options(self) -> list[tuple[int, str, bool]]:
        """The agency picker's options: each agency's id, its choice as the picker says it
        ("Dinas X (3 menunggu kalibrasi)") and whether it is the one shown."""
        text = self.labels["waiting"]
        return [(a.id, f"{a.name} ({text % {'count': a.waiting}})", a.id == self.agency_id)
                for a in self.agencies]

    @property
    def is_committee(self) -> bool:
        return self.agency_id in self.actor.committee_agencies

    @property
    def assessor_name(self) -> str | None:
        """The name of the assessor the list is narrowed to (the fairness monitor links so)."""
        if not self.filters.assessor_id or self.scope is None:
            return None
        return service.assessor_name(self.scope, self.filters.assessor_id)

    @property
    def is_approver(self) -> bool:
        return self.agency_id in self.actor.approver_agencies

    def args(self, with_filters: bool = True, **more) -> dict:
        """The query arguments that bring this view back (empty ones left out); more adds
        some (the page of the list, the row whose form is open)."""
        args = {"period": self.period_id,
                "agency": self.agency_id, "unit": self.unit_id}
        if with_filters:
            args |= {"golongan": self.filters.golongan, "jenis": self.filters.jenis_jabatan,
                     "assessor": self.filters.assessor_id}
        return {k: v for k, v in (args | more).items() if v is not None}

    @cached_property
    def query(self) -> str:
        """The view as a query string, posted back by the forms (see _view_from_post), with
        the list's page: a change refused without JavaScript shows the page its row was on."""
        return _query_string(tuple(self.args(page=self.page if self.page > 1 else None).items()))


@lru_cache(maxsize=1024)
def _query_string(args: tuple) -> str:
    """urlencode(args), remembered per process: a view's query string is encoded on every page
    (about 25 calls an argument), and the same few views come back again and again."""
    return urlencode(args)


def _view_from_post(actor: Actor) -> View:
    """The view a form was posted from (its hidden `view` field): the period, agency and unit
    it acts on."""
    return View(actor, MultiDict(parse_qsl(request.form.get("view", ""))))


# A row's average capaian (its cell's first line), translated once a page.
CAPAIAN_AVERAGE = lazy_gettext("rata-rata %(percent)s %%")

# Rows of the list per page. A row is about 850 bytes even with its rating form fetched only when
# opened (name, NIP, unit, ratings, predikat, the supervisor's notes, capaian); 10 of them keep
# the page within its 20 KB of HTML (tests/http/test_list_pages_budget.py).
PAGE_SIZE = 10


def _org_form(org) -> OrgPredikatForm:
    return OrgPredikatForm(formdata=None, prefix="org",
                           predikat=org.predikat if org else None,
                           basis=org.basis if org else None)


def _row_form(row, actor: Actor) -> RowCalibrationForm | None:
    if not service.may_calibrate(row, actor):
        return None
    return RowCalibrationForm(formdata=None, prefix=f"a{row.id}", version=row.version,
                              rating_hasil_kerja=row.rating_hasil_kerja,
                              rating_perilaku=row.rating_perilaku)


def late_tag(deadline) -> Markup | None:
    """The "late" tag of templates/_macros/deadline.html for deadline (None if not late)."""
    if not deadline or not deadline.overdue:
        return None
    return get_template_attribute("_macros/deadline.html", "late_tag")(deadline)


# The labels every row of the list repeats, translated once a language; _rows.html unpacks them
# (row_labels) into these names, in this order.
ROW_LABELS = {
    "l_hasil": lazy_gettext("Hasil kerja"), "l_perilaku": lazy_gettext("Perilaku kerja"),
    "l_unit": lazy_gettext("Unit"), "l_rating": lazy_gettext("Rating"),
    "l_predikat": lazy_gettext("Predikat"), "l_notes": lazy_gettext("Justifikasi pejabat penilai"),
    "l_capaian": lazy_gettext("Capaian"), "l_evidence": lazy_gettext("Bukti dukung"),
    "l_open": lazy_gettext("Ubah rating"),
    "l_cannot": lazy_gettext("Tidak dapat Anda kalibrasi (penilaian Anda sendiri atau yang "
                             "Anda nilai)."),
}


def _labels() -> dict:
    """The labels and texts the page shows, in the request's language: translated once a
    language (portal.i18n.translated) and found with one look-up a view (View.labels), not one
    a mapping; what is made from them (_rule_texts, _spread_rows) is kept here too."""
    made = per_catalogue()
    found = made.get("calibration.labels")
    if found is None:
        found = made["calibration.labels"] = {
            "RATING_LABELS": translated(RATING_LABELS), "STATE_LABELS": translated(STATE_LABELS),
            "PREDIKAT_LABELS": translated(PREDIKAT_LABELS),
            "ORG_PREDIKAT_LABELS": translated(ORG_PREDIKAT_LABELS),
            "row_labels": tuple(translated(ROW_LABELS).values()),
            "bands": translated(CAPAIAN_BANDS), "average": str(CAPAIAN_AVERAGE),
            "waiting": str(WAITING),
            "shares": {},  # the spread's shares as written (_spread_rows)
            "capaian": {},  # the rows' capaian as written (_capaian_texts)
            "rule_texts": {},  # the rules in words (_rule_texts)
            # The page's fixed texts (`t.…` in its templates), made once per language.
            "texts": current_app.jinja_env.get_template(
                "calibration/_texts.html").make_module(),
        }
    return found


def _rows_context(rows: list, view: View, edit: int | None = None,
                  summaries: dict | None = None) -> dict:
    """The list's rows (service.ListedAssessment) with their capaian (summaries, read with the
    list's page: service.page_facts; else read here), whether the view's actor may change each
    one's ratings, and the rating form of the row edit (the others open theirs on demand: see
    rating_form)."""
    actor, labels = view.actor, view.labels
    if rows and isinstance(rows[0], Assessment):
        # A row answered alone (its rating form, a change): read again as the list reads it.
        lates = {row.state: late_tag(deadline_of(row)) for row in rows}
        rows = service.listed([row.id for row in rows])
    else:
        # The "late" tag of each state shown (the rows of a page share the view's period).
        period = view.period
        today = clock.today()
        lates = {state: late_tag(deadline(state, period, today))
                 for state in {row.state for row in rows}}
    calibratable = {row.id for row in rows if service.may_calibrate(row, actor)}
    if summaries is None:
        summaries = service.capaian_summaries([row.id for row in rows])
    capaian = {row_id: _capaian_texts(summary, labels) for row_id, summary in summaries.items()}
    # Each row with its capaian and late tag (None for none); its form is read by key (every
    # listed row has its entry), as an answer may put the form it was posted with in its place.
    return {
        "rows": [_shown(row, capaian.get(row.id), lates[row.state], labels) for row in rows],
        "calibratable": calibratable,
        "row_forms": {row.id: (_row_form(row, actor)
                               if row.id == edit and row.id in calibratable else None)
                      for row in rows},
        "row_message": None,
        # The labels the rows show, translated once a language rather than once a row.
        "row_labels": labels["row_labels"],
    }


def _capaian_texts(summary, labels: dict) -> tuple[str, str]:
    """A row's capaian (service.CapaianSummary) as its cell says it, escaped: the average
    ("rata-rata 95,0 %") and the indicators per band ("3 Baik, 1 Cukup"). Kept with the view's
    labels (the catalogue's) by the average and the bands, which are all they depend on:
    written anew they cost about 15 calls a row (the number's format, the join, the escapes),
    found again 4. At most a few thousand (averages to a tenth of a percent, a handful of
    indicators per assessment); emptied when full."""
    made = labels["capaian"]
    # The average by its text: equal Decimals may be written differently (95.0, 95.00).
    key = (str(summary.average), tuple(summary.bands.items()))
    texts = made.get(key)
    if texts is None:
        if len(made) >= 4096:
            made.clear()
        number = current_app.jinja_env.filters["number"]
        names = labels["bands"]
        texts = made[key] = (
            _html(labels["average"] % {"percent": number(summary.average)}),
            _html(", ".join(f"{count} {names[band]}" for band, count in summary.bands.items())))
    return texts


def _html(value) -> str:
    """value as `{{ value | e }}` writes it (None as "None"), escaped by markupsafe's C function
    in one call: `| e` costs five (escape, Markup's constructor and its look-ups)."""
    return _escape_inner(value if type(value) is str else str(value))


def _note(text: str | None) -> tuple[str | None, str | None]:
    """A supervisor's justification as its cell shows it: escaped, and its summary clipped to 80
    characters (the `truncate(80, true, "…", 0)` filter's) when it is longer (else None); two
    Nones for none."""
    if not text:
        return None, None
    clipped = (_html(do_truncate(current_app.jinja_env, text, 80, True, "…", 0))
               if len(text) > 80 else None)
    return _html(text), clipped


def _shown(row, capaian: tuple[str, str] | None, late: Markup | None, labels: dict) -> tuple:
    """A listed row (service.ListedAssessment) as _rows.html unpacks it, with its capaian's two
    texts and its late tag: the codes it compares, its ratings', predikat's and state's labels
    (labels: the view's), its link and its texts from the database escaped here (about 30
    calls a row fewer than a `| e` each in the template, and the link without the template's
    call through its context), its two justifications and capaian as two texts each. The texts
    that are never NULL go to markupsafe's escaping directly; the others through _html. A
    label looked up here is a dict's subscript; in the template it was a call (Jinja's
    getitem), as was each part of a pair: about 10 calls a row."""
    ratings = labels["RATING_LABELS"]
    hasil, perilaku = row.rating_hasil_kerja, row.rating_perilaku
    hasil_before, perilaku_before = row.original_rating_hasil_kerja, row.original_rating_perilaku
    return (row.id, row.state, ratings[hasil] if hasil else "—",
            # The supervisor's rating when calibration changed it (None when unchanged).
            ratings[hasil_before] if hasil_before and hasil_before != hasil else None,
            ratings[perilaku] if perilaku else "—",
            ratings[perilaku_before] if perilaku_before and perilaku_before != perilaku else None,
            labels["PREDIKAT_LABELS"][row.predikat] if row.predikat else "—",
            labels["STATE_LABELS"][row.state], row.evidence,
            _escape_inner(template_url_for("assessments.show", assessment_id=row.id)),
            _escape_inner(row.name), _escape_inner(format_nip(row.nip)),
            _html(row.unit_name) if row.position_id else "—", _html(row.golongan),
            _html(row.jenis_jabatan), _escape_inner(row.predikat or ""),
            _escape_inner(row.state), *_note(row.rating_hasil_kerja_note),
            *_note(row.rating_perilaku_note), *(capaian or (None, None)), late)


def _context(view: View, listed: bool = True, justification: str | None = None,
             **overrides) -> dict:
    """Everything the page and its partials show for view (without the list and its filters'
    options unless listed); justification (the finishing form's, as typed) and overrides keep
    typed input."""
    # The spread, the organisation predikat and its rules, the scope's last record, for the
    # committee the heads' names, the agencies to choose from unless the view read them already
    # (to choose one), and with the list its page and its filters' options, in one statement.
    facts = view.facts(listed)
    if facts is not None and facts.agencies is not None:
        view.agencies = facts.agencies
    org = facts.org if facts else None
    labels = view.labels
    context = {
        "view": view, "period": view.period, "periods": view.periods,
        "DISTRIBUTION_KIND_LABELS": DISTRIBUTION_KIND_LABELS,
        "PREDIKAT_ORDER": PREDIKAT_ORDER, "AT_MOST": AT_MOST, "SOME": SOME,
        # The labels shown, translated once a language rather than once a use.
        "ORG_PREDIKAT_LABELS": labels["ORG_PREDIKAT_LABELS"],
        "PREDIKAT_LABELS": labels["PREDIKAT_LABELS"], "t": labels["texts"],
        # What the spread and the finishing form name the scope.
        "scope_name": view.unit.name if view.unit else labels["texts"].whole_agency,
        # The head's form, built only for the head (who alone is shown it).
        "org_form": _org_form(org) if view.is_approver else None, "org": org,
    }
    if facts is not None and org is None:
        # Who must set it, and whether the committee asked them today already.
        context |= {
            "org_setters": [name for _, name in notifications.org_predikat_setters(view.agency_id)],
            "org_asked": notifications.asked_today(view.agency_id, view.period.id),
            "ask_form": PortalForm(formdata=None),
        }
    if facts is not None:
        spread = facts.spread
        context |= {"spread": spread, "spread_rows": _spread_rows(spread, labels),
                    "rule_texts": _rule_texts(spread.verdicts, labels),
                    "spread_head": made_once("calibration/_spread_head.html",
                                             (request.script_root,)),
                    "last_record": facts.last_record}
        if view.is_committee and spread.pending:  # the finishing form, for the committee alone
            context["finish_form"] = _finish_form(
                view, spread, context["scope_name"], _heads_text(facts.heads), justification,
                refused=bool(overrides.get("finish_message")))
    if facts is not None and listed:
        context |= {
            "golongan_options": facts.golongan, "jenis_options": facts.jenis_jabatan,
            "has_more": facts.has_more,
            "filter_tail": made_once("calibration/_filter_tail.html", (request.script_root,)),
            "list_head": made_once("calibration/_list_head.html", (request.script_root,)),
            **_rows_context(facts.rows, view, view.edit, facts.capaian),
        }
    for name, value in overrides.items():
        if name == "row_form":
            context.setdefault("row_forms", {})[value[0]] = value[1]
        else:
            context[name] = value
    return context


def _finish_form(view: View, spread, scope_name: str, heads: str, justification: str | None,
                 refused: bool) -> Markup:
    """The committee's finishing form (calibration/_finish.html) with the page's values in it:
    made once per language and look (made_once) from a blank FinishUnitForm, not bound and
    drawn on every view: the form, its hidden fields, label and text box, the confirmation's
    macro and texts were 354 of the committee's 6,049 calls a page. A refused finish (refused)
    keeps what was typed (justification), its field marked when the spread breaks a rule."""
    broken = bool(spread.broken)
    return made_once("calibration/_finish.html", (request.script_root, broken, refused and broken),
                     {"seen": spread.fingerprint, "csrf": csrf_token(), "view": view.query,
                      "justification": justification or "", "count": spread.pending,
                      "unit": scope_name, "next": heads},
                     blank_form=_blank_finish_form, t=view.labels["texts"], broken=broken,
                     refused=refused and broken)


def _blank_finish_form() -> FinishUnitForm:
    """The finishing form _finish.html draws once, the slots of its piece as its values."""
    return FinishUnitForm(formdata=None, prefix="finish", justification=slot("justification"))


def _spread_rows(spread, labels: dict) -> list[tuple[str, Markup, int, Markup | str]]:
    """The spread table's rows (Spread.table): each predikat, its label, its count and its share
    as the table writes it ("95,0 %", "—" when no one is rated yet), escaped. A share's text is
    kept with the catalogue (the locale's): a tenth of a percent apart, there are at most 1,001
    of them, and the `number` filter costs about 20 calls a share."""
    names, texts = labels["PREDIKAT_LABELS"], labels["shares"]
    rows = []
    for predikat, count, share in spread.table:
        if share is None:
            text = "—"
        else:
            text = texts.get(share)
            if text is None:
                number = current_app.jinja_env.filters["number"]
                text = texts[share] = Markup(_html(f"{number(share)} %"))
        rows.append((predikat, names[predikat], count, text))
    return rows


def _rule_texts(verdicts: list, labels: dict) -> dict:
    """Each verdict's rule in words (calibration/_macros.html's rule_text), made once per language
    and rule: its words depend on nothing else, and the macro costs about 100 calls a rule. The
    rules are the admins' few (an edited rule is another key); kept with the view's labels."""
    made = labels["rule_texts"]
    missing = [v.rule for v in verdicts if v.rule not in made]
    if missing:
        macros = current_app.jinja_env.get_template("calibration/_macros.html").make_module(
            {"SOME": SOME, "AT_MOST": AT_MOST})
        made.update((rule, macros.rule_text(rule)) for rule in missing)
    return made


def _approver_names(view: View) -> str:
    """Who approves what the committee finishes: the agency's head(s), by name."""
    return _heads_text(service.approver_names(view.agency_id))


def _heads_text(names: list[str]) -> str:
    """The heads' names (service.approver_names) as a sentence says them, or "nobody yet"."""
    return join_names(names) or str(NOBODY_FOR["approver"])


def _fragment_wanted() -> bool:
    """An htmx swap, but not htmx restoring a page missing from its history cache."""
    return wants_fragment() and not request.headers.get("HX-History-Restore-Request")


def _render(page_or_fragment: str, status: int, context: dict):
    response = make_response(render_template(page_or_fragment, **context), status)
    response.vary.add("HX-Request")
    return response


# --- reading -------------------------------------------------------------------------------------

@bp.route("/")
@login_required
def index():
    """Show a unit's spread against the rules and its rated assessments; htmx gets the results."""
    view = View(current_actor(), request.args, presume=True)
    template = "calibration/_results.html" if _fragment_wanted() else "calibration/index.html"
    response = _render(template, 422 if view.picker.refused else 200, _context(view))
    if view.picker.settled and _fragment_wanted():
        # The address bar gets the unit found (?unit=), not the text typed.
        response.headers["HX-Push-Url"] = url_for("calibration.index", **view.args())
    return response


@bp.route("/units")
@login_required
def unit_options():
    """The agency's units whose path contains the typed text (?unit_q=), as the unit picker's
    suggestions (htmx); opened as a plain link, the page with that text typed."""
    view = View(current_actor(), request.args)
    typed = request.args.get("unit_q", "")
    if not wants_fragment():
        return redirect(url_for("calibration.index", **view.args(), unit_q=typed), code=303)
    return _render("partials/_unit_options.html", 200, {"matches": find_units(typed, view.units)})


@bp.route("/distribution")
@login_required
def distribution():
    """Show the spread panel alone (re-fetched by htmx whenever a rating or the org changes)."""
    view = View(current_actor(), request.args, presume=True)
    if _fragment_wanted():  # the panel alone: the list is not read
        return _render("calibration/_distribution.html", 200, _context(view, listed=False))
    return _render("calibration/index.html", 200, _context(view))


EXPORT_COLUMNS = [
    Column(_l("Pegawai"), 36), Column(_l("NIP"), 22), Column(_l("Unit kerja"), 36),
    Column(_l("Golongan"), 10), Column(_l("Jenis jabatan"), 22), Column(_l("Tahap"), 16),
    Column(_l("Rating hasil kerja"), 20), Column(_l("Rating perilaku kerja"), 20),
    Column(_l("Predikat"), 18), Column(_l("Rating hasil kerja semula"), 20),
    Column(_l("Rating perilaku kerja semula"), 20),
]


@bp.route("/export.xlsx")
@login_required
def export():
    """The page's list (the unit's rated assessments, with its filters) as an .xlsx file; the
    supervisor's ratings before calibration changed them are kept in their own columns."""
    view = View(current_actor(), request.args)
    if view.scope is None:
        abort(404)

    def label(labels, key):
        return str(labels[key]) if key else None

    def rows():
        for row in streamed(service.listing_statement(view.scope, view.filters)):
            yield (row.name, row.nip, row.unit_name, row.golongan, row.jenis_jabatan,
                   str(STATE_LABELS[row.state]),
                   label(RATING_LABELS, row.rating_hasil_kerja),
                   label(RATING_LABELS, row.rating_perilaku),
                   label(PREDIKAT_LABELS, row.predikat),
                   label(RATING_LABELS, row.original_rating_hasil_kerja),
                   label(RATING_LABELS, row.original_rating_perilaku))

    name = f"kalibrasi-{view.agency.code}-{view.period.year}-{view.period.id}.xlsx"
    return xlsx_response(EXPORT_COLUMNS, rows(), name, _("Kalibrasi"))


# --- the head: the organisation predikat ---------------------------------------------------------

@bp.route("/org-predikat", methods=["POST"])
@login_required
def set_org_predikat():
    """Record the predikat kinerja organisasi with its basis (the agency head only)."""
    actor = current_actor()
    view = _view_from_post(actor)
    period, agency_id = view.period, view.agency_id
    try:
        service.check_may_set_org_predikat(actor, agency_id)
    except NotAllowed as refusal:
        abort(403, description=refusal_text(refusal))
    form = OrgPredikatForm(prefix="org")
    if period is None or period.status != "open":
        return _org_answer(view, 409, str(REFUSALS["no_open_period" if period is None
                                                    else "period_not_open"]), form)
    if not form.validate():
        return _org_answer(view, 422, _("Periksa isian predikat kinerja organisasi."), form)
    try:
        service.set_org_predikat(actor, agency_id, period.id, form.predikat.data, form.basis.data)
    except Refused as refusal:
        db.session.rollback()
        return _org_answer(view, refusal.status, refusal_text(refusal), form)
    message = _("Predikat kinerja organisasi disimpan.")
    if not _fragment_wanted():
        flash(message, "success")
        return redirect(url_for("calibration.index", **view.args()), code=303)
    response = _org_answer(view, 200, message)
    response.headers["HX-Trigger"] = CHANGED_EVENT
    return response


def _org_answer(view: View, status: int, message: str, form: OrgPredikatForm | None = None):
    context = _context(view, org_message=message,
                       org_message_category="success" if status == 200 else "error",
                       **({"org_form": form} if form is not None else {}))
    template = ("calibration/_org_predikat.html" if _fragment_wanted()
                else "calibration/index.html")
    return _render(template, status, context)


@bp.route("/org-predikat/ask", methods=["POST"])
@login_required
def ask_for_org_predikat():
    """Ask the agency's head to set the organisation predikat (committee members; once a day)."""
    actor = current_actor()
    view = _view_from_post(actor)
    if not view.is_committee:
        abort(403, description=_("Hanya tim penilai kinerja instansi ini yang dapat meminta "
                                 "pimpinan menetapkan predikat organisasi."))
    if not PortalForm().validate_on_submit():
        abort(400)
    if view.period is None or view.period.status != "open":
        return _org_answer(view, 409, str(REFUSALS["no_open_period" if view.period is None
                                                    else "period_not_open"]))
    if service.org_predikat_for(view.agency_id, view.period.id) is not None:
        return _org_answer(view, 409, _("Predikat kinerja organisasi sudah ditetapkan."))
    try:
        asked = notifications.ask_for_org_predikat(actor, view.agency, view.period)
    except Refused as refusal:
        db.session.rollback()
        return _org_answer(view, refusal.status, refusal_text(refusal))
    heads = ", ".join(asked.heads)
    if asked.sent:
        message = _("Permintaan dikirim kepada %(heads)s: pemberitahuan di portal (dan e-mail "
                    "bila alamatnya terdaftar). Halaman ini menampilkan predikatnya setelah "
                    "ditetapkan.", heads=heads)
    else:
        message = _("%(heads)s sudah diminta hari ini (%(time)s, oleh %(by)s); permintaan tidak "
                    "dikirim ulang. Permintaan berikutnya dapat dikirim besok.", heads=heads,
                    time=format_datetime(asked.at, "short"), by=asked.by)
    if not _fragment_wanted():
        flash(message, "success")
        return redirect(url_for("calibration.index", **view.args()), code=303)
    return _org_answer(view, 200, message)


# --- the committee: changing a rating, finishing a unit ------------------------------------------

@bp.route("/assessments/<int:assessment_id>/ratings", methods=["POST"])
@login_required
def calibrate_ratings(assessment_id: int):
    """Change one listed assessment's ratings with a reason; answer with its row, and tell the
    page the distribution changed."""
    actor = current_actor()
    assessment = assessment_service.load(assessment_id) or abort(404)
    try:
        assessment_service.check_view(assessment, actor)
    except NotAllowed as refusal:
        abort(403, description=refusal_text(refusal))
    view = _view_from_post(actor)
    form = RowCalibrationForm(prefix=f"a{assessment_id}")
    refusal = None
    if form.validate():
        try:
            assessment_service.calibrate_ratings(
                assessment, actor, version=form.version.data,
                hasil_kerja=form.rating_hasil_kerja.data, perilaku=form.rating_perilaku.data,
                reason=form.reason.data)
        except Refused as error:
            refusal = error
    if refusal is None and not form.errors:
        message = _("Rating %(name)s diubah; sebaran dihitung ulang.",
                    name=assessment.employee.name)
        if not _fragment_wanted():
            flash(message, "success")
            return redirect(url_for("calibration.index", **view.args(
                page=view.page if view.page > 1 else None)), code=303)
        response = _row_answer(view, assessment_id, 200, message)
        response.headers["HX-Trigger"] = CHANGED_EVENT
        return response
    db.session.rollback()
    status, message = ((refusal.status, refusal_text(refusal)) if refusal
                       else (422, _("Periksa isian perubahan rating.")))
    # Keep what was typed, bound to the version now stored (a conflict shows the fresh row).
    db.session.expire_all()
    current = assessment_service.load(assessment_id)
    form.version.data, form.version.raw_data = current.version, [str(current.version)]
    return _row_answer(view, assessment_id, status, message, form)


@bp.route("/assessments/<int:assessment_id>/ratings")
@login_required
def rating_form(assessment_id: int):
    """Open one listed row's rating form: htmx gets the row with it; a plain request the page
    it was asked from, with the form open. The list keeps its rows small: a row's form is
    fetched when asked, by a short link whose view (period, agency, unit, filters, page) is the
    page's own (htmx's HX-Current-URL, else the Referer), the assessment's agency without one."""
    page_url = (request.headers.get("HX-Current-URL") if _fragment_wanted()
                else request.referrer) or ""
    args = MultiDict(parse_qsl(urlsplit(page_url).query))
    assessment = assessment_service.load(assessment_id) or abort(404)
    args.setdefault("agency", str(assessment.agency_id))
    view = View(current_actor(), args)
    if assessment.agency_id != view.agency_id:
        abort(404)
    if not _fragment_wanted():
        return redirect(url_for("calibration.index", **view.args(page=view.page,
                                                                 edit=assessment_id))
                        + f"#calibration-row-{assessment_id}")
    context = _rows_context([assessment], view, edit=assessment_id)
    context |= {"view": view}
    return _render("calibration/_rows.html", 200, context)


def _row_answer(view: View, assessment_id: int, status: int, message: str,
                form: RowCalibrationForm | None = None):
    """The row alone for htmx, else the whole page, with the message in the row."""
    if not _fragment_wanted():
        overrides = {"row_message": (assessment_id, message, status == 200)}
        if form is not None:
            overrides["row_form"] = (assessment_id, form)
        return _render("calibration/index.html", status, _context(view, **overrides))
    db.session.expire_all()
    row = assessment_service.load(assessment_id)
    # A refused change keeps its form open with what was typed; a saved one closes it.
    context = _rows_context([row], view, edit=assessment_id if form is not None else None)
    if form is not None and context["row_forms"].get(assessment_id) is not None:
        context["row_forms"][assessment_id] = form
    context |= {"view": view, "row_message": (assessment_id, message, status == 200)}
    return _render("calibration/_rows.html", status, context)


@bp.route("/finish", methods=["POST"])
@login_required
def finish():
    """Finish the calibration of a unit and its subunits: every reviewed assessment, or none."""
    actor = current_actor()
    view = _view_from_post(actor)
    form = FinishUnitForm(prefix="finish")
    if not form.validate():
        # The justification box shows no error of its own: the message carries it.
        return _finish_answer(view, 422, " ".join([form.error_summary(),
                                                   *map(str, form.justification.errors)]), form)
    if view.period is None or view.scope is None:
        return _finish_answer(view, 409, str(REFUSALS["no_open_period"]), form)
    if view.period.status != "open":
        return _finish_answer(view, 409, str(REFUSALS["period_not_open"]), form)
    try:
        record = service.finish_unit(actor, view.scope, justification=form.justification.data,
                                     seen=form.seen.data or None)
    except Refused as refusal:
        db.session.rollback()
        return _finish_answer(view, refusal.status, refusal_text(refusal), form)
    unit = view.unit.name if view.unit else view.agency.name
    flash(_("Kalibrasi %(unit)s selesai: %(count)s penilaian dikirim ke %(next)s untuk "
            "disetujui; beliau diberi tahu. Anda diberi tahu bila ada yang dikembalikan.",
            unit=unit, count=record.assessments, next=_approver_names(view)), "success")
    return redirect(url_for("calibration.index", **view.args()), code=303)


def _finish_answer(view: View, status: int, message: str, form: FinishUnitForm):
    context = _context(view, justification=form.justification.data, finish_message=message)
    return _render("calibration/index.html", status, context)
