"""Views of the monitoring blueprint: the page (htmx refreshes its results), the completion
chart as an SVG image, the reminder of a filtered set (a preview, then the send), and the
.xlsx exports: the filtered list, and the final results in SIASN's SKP22 fields."""
from __future__ import annotations

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from portal.downloads import Column, streamed, xlsx_response
from portal.forms import PortalForm
from portal.i18n import ngettext, per_catalogue, translated
from portal.labels import STATE_LABELS
from portal.monitoring import bp
from portal.monitoring.chart import completion_svg
from portal.rules import angka_kredit as ak_rules
from portal.rules import skp22
from portal.services import clock
from portal.services.careers import angka_kredit
from portal.services.people.units import find_units, pick_unit, unit_tree
from portal.services.review import monitoring as service
from portal.templating import _escape_inner, template_url_for
from portal.web import (
    chosen_period,
    current_actor,
    page_no,
    render_page_or_fragment,
    wants_fragment,
)
from workflows.assessment import STATES

REMINDER_KIND_LABELS = {
    "due": _l("Pengingat tenggat"),
    "overdue": _l("Pengingat terlambat"),
    "escalation": _l("Eskalasi ke atasan"),
}

EXCEPTION_LABELS = {
    "no_supervisor": _l("Tanpa pejabat penilai"),
    "inactive_supervisor": _l("Pejabat penilai tidak aktif"),
    "other_agency": _l("Pejabat penilai di instansi lain"),
    "no_skp": _l("Pegawai aktif tanpa SKP pada periode ini"),
}


# Translated only when someone is refused, not on every view of the page.
REFUSAL = _l("Pemantauan hanya untuk admin BKD, tim penilai kinerja dan pimpinan instansi.")


def agency_scope(refusal: str) -> tuple[list, int | None]:
    """The agencies the actor may watch (service.visible_agencies' rows) and the one asked for
    (?agency=, None for all of them); 403 with refusal (a text, or a lazy one) for those
    without a role, and for an agency outside theirs. The reports page shares it."""
    actor = current_actor()
    if not service.may_monitor(actor):
        abort(403, description=str(refusal))
    agencies = service.visible_agencies(actor)
    agency_id = _int(request.values.get("agency"))
    if agency_id is not None and agency_id not in {a.id for a in agencies}:
        abort(403, description=_("Instansi ini di luar lingkup Anda."))
    return agencies, agency_id


def _scope():
    """The actor's visible agencies, the units of the agency asked for (none without one), the
    unit picker's answer (a UnitPick, None without an agency) and the filters asked for; 403
    outside their scope."""
    agencies, agency_id = agency_scope(REFUSAL)
    chosen = (agency_id,) if agency_id else tuple(sorted(a.id for a in agencies))
    picker, units = None, []
    if agency_id:
        units = unit_tree(agency_id)
        asked = _int(request.values.get("unit"))
        # A unit of another agency (the agency was just changed) means the whole agency, and
        # the text typed for it (unit_of: the agency it was typed in) is not this agency's.
        shown = next((unit for unit in units if unit.id == asked), None)
        typed = request.values.get("unit_q")
        if _int(request.values.get("unit_of")) not in (None, agency_id):
            typed = None
        picker = pick_unit(typed, units, shown)
    unit_id = picker.unit.id if picker and picker.unit else None
    state = request.values.get("state") or None
    if state not in STATES:
        state = None
    filters = service.Filters(chosen, unit_id, state, request.values.get("overdue") == "1")
    return agencies, units, picker, filters


def _scoped_period():
    """The filters in the actor's scope (403 outside it), the chosen period (404 if none) and
    the filters as query arguments, for the views that need a period: the chart, the reminder,
    the exports."""
    _agencies, _units, _picker, filters = _scope()
    period, _agency_id, args = _period_and_args(filters)
    return filters, period, args


def _int(value):
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def _period_and_args(filters: service.Filters):
    """The period shown (404 without one), the agency asked for and the filters as query
    arguments with the period: what the chart, the reminder and an exception list need."""
    period, _periods = chosen_period()
    if period is None:
        abort(404)
    agency_id = _int(request.values.get("agency"))
    return period, agency_id, _args(filters, agency_id) | {"period": period.id}


def _args(filters: service.Filters, agency_id) -> dict:
    """The filters as query arguments (for links: the pager, the chart, the reminder)."""
    args = {}
    if agency_id:
        args["agency"] = agency_id
    if filters.unit_id:
        args["unit"] = filters.unit_id
    if filters.state:
        args["state"] = filters.state
    if filters.overdue_only:
        args["overdue"] = 1
    return args


@bp.route("/")
@login_required
def index():
    """The figures of the filtered set; htmx gets them with the filters. A unit typed that names
    no unit is a filter in error (422, the text kept); one naming several offers them."""
    agencies, _units, picker, filters = _scope()
    period, periods = chosen_period()
    agency_id = _int(request.values.get("agency"))
    overview = service.overview(period, filters, page_no()) if period else None
    args = _args(filters, agency_id)
    if period:
        args["period"] = period.id
    state_labels = translated(STATE_LABELS)
    response = render_page_or_fragment(
        "monitoring/index.html", "monitoring/_results.html",
        422 if picker and picker.refused else 200, overview=overview,
        rows=_shown_rows(overview.rows, state_labels) if overview else [],
        agencies=agencies, picker=picker, filters=filters, agency_id=agency_id, args=args,
        period=period, periods=periods, page_no=page_no(), STATES=STATES,
        STATE_LABELS=state_labels, EXCEPTION_KINDS=service.EXCEPTION_KINDS, t=_texts(),
        EXCEPTION_LABELS=translated(EXCEPTION_LABELS))
    if picker and picker.settled and wants_fragment():
        # The address bar gets the unit found (?unit=), not the text typed.
        response.headers["HX-Push-Url"] = url_for("monitoring.index", **args)
    return response


def _texts():
    """The page's fixed texts (monitoring/_texts.html, `t.…` in its templates) as a module made
    once per language, kept with the catalogue: written as `_()` in the templates they were
    about 8 calls each, 35 of them on every view."""
    made = per_catalogue()
    found = made.get("monitoring.texts")
    if found is None:
        found = made["monitoring.texts"] = current_app.jinja_env.get_template(
            "monitoring/_texts.html").make_module()
    return found


def _shown_rows(rows: list[service.Row], state_labels: dict) -> list[tuple]:
    """The list's rows (service.Row) as _results.html writes them without autoescaping: the
    link and the texts from the database escaped (markupsafe's C function, one call each),
    the state's label (state_labels: translated), and the step's due date and days late as
    the last cell says them, made once per state (they depend on the state alone). Escaped by
    the template, the page's 25 rows cost about 45 calls each, here about 15."""
    date = current_app.jinja_env.filters["date"]
    steps = {}
    shown = []
    for assessment_id, name, nip, unit, agency, state, assessor, due, days_late in rows:
        step = steps.get(state)
        if step is None:
            step = steps[state] = (
                state_labels[state], _escape_inner(date(due)) if due else None, days_late,
                ngettext("terlambat %(num)s hari", "terlambat %(num)s hari", days_late)
                if days_late else None)
        shown.append((assessment_id,
                      _escape_inner(template_url_for("assessments.show",
                                                     assessment_id=assessment_id)),
                      _escape_inner(name), _escape_inner(nip),
                      _escape_inner(unit) if unit else None, _escape_inner(agency),
                      _escape_inner(state), step[0],
                      _escape_inner(assessor) if assessor else "—", *step[1:]))
    return shown


@bp.route("/units")
@login_required
def unit_options():
    """The agency's units whose path contains the typed text (?unit_q=), as the unit picker's
    suggestions (htmx); opened as a plain link, the page with that text typed."""
    _agencies, units, _picker, filters = _scope()
    agency_id = _int(request.values.get("agency"))
    typed = request.values.get("unit_q", "")
    if not wants_fragment():
        return redirect(url_for("monitoring.index", **_args(filters, agency_id), unit_q=typed),
                        code=303)
    return render_template("partials/_unit_options.html", matches=find_units(typed, units))


@bp.route("/exceptions/<kind>")
@login_required
def exceptions(kind: str):
    """One exception's whole list, a page at a time, in the page's filters."""
    if kind not in service.EXCEPTION_KINDS:
        abort(404)
    agencies, _units, picker, filters = _scope()
    period, agency_id, args = _period_and_args(filters)
    unit = picker.unit.path if picker and picker.unit else None
    agency = next((a for a in agencies if a.id == agency_id), None)
    return render_page_or_fragment(
        "monitoring/exceptions.html", "monitoring/_exception_list.html",
        listing=service.exception_page(period, filters, kind, page_no()), kind=kind,
        label=EXCEPTION_LABELS[kind], period=period, agency=agency, unit=unit, args=args,
        page_no=page_no())


@bp.route("/chart.svg")
@login_required
def chart():
    """Completion over time as an SVG image (no script, no style attribute)."""
    filters, period, _query = _scoped_period()
    series = service.completion(period, filters)
    svg = completion_svg(series, title=_("Penilaian disetujui, kumulatif"),
                         x_label=_("Tanggal"), y_label=_("Jumlah disetujui"),
                         date_format=lambda day: format_date(day, "d MMM"))
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/remind", methods=["GET", "POST"])
@login_required
def remind():
    """GET: who would get what for the filtered set; POST: send exactly that."""
    filters, period, args = _scoped_period()
    if request.method == "POST":
        sent = service.send(period, filters)
        return render_page_or_fragment(
            "monitoring/remind.html", "monitoring/_remind.html", sent=sent, preview=None,
            args=args, period=period, form=PortalForm(), labels=REMINDER_KIND_LABELS,
            STATE_LABELS=STATE_LABELS, back=url_for("monitoring.index", **args))
    preview = service.preview(period, filters)
    return render_page_or_fragment(
        "monitoring/remind.html", "monitoring/_remind.html", sent=None, preview=preview,
        args=args, period=period, form=PortalForm(), labels=REMINDER_KIND_LABELS,
        STATE_LABELS=STATE_LABELS, back=url_for("monitoring.index", **args))


LIST_COLUMNS = [
    Column(_l("Pegawai"), 36), Column(_l("NIP"), 22), Column(_l("Instansi"), 14),
    Column(_l("Unit kerja"), 36), Column(_l("Tahap"), 26), Column(_l("Pejabat penilai"), 36),
    Column(_l("Tenggat"), 12), Column(_l("Hari terlambat"), 10),
]


@bp.route("/export.xlsx")
@login_required
def export():
    """The filtered list of the page (every row, not one page) as an .xlsx file."""
    filters, period, _query = _scoped_period()
    today = clock.today()

    def rows():
        for row in service.rows_of(streamed(service.listing(period, filters, today)), period,
                                   today):
            yield (row.employee_name, row.nip, row.agency_code, row.unit_name,
                   str(STATE_LABELS[row.state]), row.assessor_name, row.due, row.days_late)

    return xlsx_response(LIST_COLUMNS, rows(), f"pemantauan-{period.year}-{period.id}.xlsx",
                         _("Pemantauan"))


@bp.route("/skp22.xlsx")
@login_required
def skp22_export():
    """The approved assessments in scope in SIASN's SKP22 fields, one row each (README: Ekspor
    SKP22); the state filter does not apply, only approved results go to SIASN."""
    filters, period, _query = _scoped_period()
    rows = (service.skp22_record(period, found)
            for found in streamed(service.final_results(period, filters)))
    return xlsx_response([Column(name, 20) for name in skp22.FIELDS], rows,
                         f"skp22-{period.year}-{period.id}.xlsx", "SKP22")


@bp.route("/angka-kredit.xlsx")
@login_required
def angka_kredit_export():
    """The approved assessments in scope of officials in functional posts, in SIASN's
    angka-kredit fields: one row each, the annual conversion (careers.angka_kredit)."""
    filters, period, _query = _scoped_period()
    table = angka_kredit.load_table()
    rows = (row for found in streamed(service.credit_results(period, filters))
            if (row := angka_kredit.annual_record(period.year, found, table)) is not None)
    return xlsx_response([Column(name, 20) for name in ak_rules.FIELDS], rows,
                         f"angka-kredit-{period.year}-{period.id}.xlsx", "Angka Kredit")
