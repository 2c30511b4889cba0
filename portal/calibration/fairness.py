"""The fairness monitor's view, opened from the calibration page: the spread of predikat by
assessor, unit, golongan, jenis jabatan and sex, each group tested against the rest."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from portal.calibration import bp
from portal.labels import PREDIKAT_LABELS
from portal.rules import fairness as rules
from portal.rules.predikat import PREDIKAT_ORDER
from portal.services.errors import NotAllowed
from portal.services.review import fairness as service
from portal.web import chosen_period, current_actor

DIMENSION_LABELS = {
    service.AGENCY: _l("Per instansi"),
    service.ASSESSOR: _l("Per pejabat penilai"),
    service.UNIT: _l("Per unit kerja"),
    service.GOLONGAN: _l("Per golongan"),
    service.JENIS: _l("Per jenis jabatan"),
    service.SEX: _l("Per jenis kelamin"),
}
# What a group whose key is not known stands for, per dimension.
UNKNOWN_LABELS = {
    service.ASSESSOR: _l("Tanpa pejabat penilai tercatat"),
    service.UNIT: _l("Tanpa unit kerja"),
    service.SEX: _l("Tidak terbaca dari NIP"),
}
SEX_LABELS = {"male": _l("Laki-laki"), "female": _l("Perempuan")}
LEANING_LABELS = {
    rules.LENIENT: _l("Lebih longgar"),
    rules.SEVERE: _l("Lebih ketat"),
    rules.MIXED: _l("Berbeda dua arah"),
}

# The calibration list's filter (query argument) that narrows it to a group of a dimension; the
# unit's takes in its subunits too.
CALIBRATION_FILTERS = {service.ASSESSOR: "assessor", service.UNIT: "unit",
                       service.GOLONGAN: "golongan", service.JENIS: "jenis"}


def p_text(p: float) -> str:
    """A p-value as read on the page: four decimals, or "< 0,0001" below that."""
    return "< " + format_decimal(0.0001, format="0.0000") if p < 0.0001 \
        else format_decimal(p, format="0.0000")


def _agency_id(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


@bp.route("/fairness")
@login_required
def fairness():
    """Show the spread of predikat by group for the committee's agency (or, for the BKD admin,
    any agency or the whole province), flagging the groups that differ from the rest."""
    actor = current_actor()
    agencies = service.agencies_for(actor)
    if not agencies:
        abort(403, description=_("Pemantauan keadilan penilaian untuk tim penilai kinerja dan "
                                 "admin BKD."))
    agency_id = _agency_id(request.args.get("agency"))
    if agency_id is None and not actor.is_admin:
        agency_id = agencies[0].id  # a committee member sees an agency, never the province
    try:
        service.check_may_read(actor, agency_id)
    except NotAllowed:
        abort(403, description=_("Anda bukan anggota tim penilai kinerja instansi ini."))
    if agency_id is not None and agency_id not in {a.id for a in agencies}:
        abort(404)
    period, periods = chosen_period(request.args.get("period"))
    report = service.report(period.id, agency_id) if period else None
    return render_template(
        "calibration/fairness.html", period=period, periods=periods, agencies=agencies,
        agency=next((a for a in agencies if a.id == agency_id), None), report=report,
        # The calibration list can be opened (filtered to a group) by the agency's committee.
        links=agency_id is not None and agency_id in actor.committee_agencies,
        is_admin=actor.is_admin, MIN_GROUP=rules.MIN_GROUP,
        ALPHA_PERCENT=round(rules.FAMILY_ALPHA * 100), PREDIKAT_ORDER=PREDIKAT_ORDER,
        PREDIKAT_LABELS=PREDIKAT_LABELS, DIMENSION_LABELS=DIMENSION_LABELS,
        UNKNOWN_LABELS=UNKNOWN_LABELS, SEX_LABELS=SEX_LABELS, LEANING_LABELS=LEANING_LABELS,
        TOP=rules.TOP, BOTTOM=rules.BOTTOM, CALIBRATION_FILTERS=CALIBRATION_FILTERS, p_text=p_text)
