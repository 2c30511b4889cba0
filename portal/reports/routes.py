"""Views of the reports blueprint: one page of a period's figures per agency (or per unit of the
chosen agency), each chart an inline SVG beside the table of its figures."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup

from portal.charts import bars_svg, stacked_shares_svg
from portal.labels import ORG_PREDIKAT_LABELS, PREDIKAT_LABELS
from portal.monitoring.routes import agency_scope
from portal.reports import bp
from portal.rules.distribution import AT_MOST, SOME
from portal.rules.predikat import PREDIKAT_ORDER
from portal.services.review import reports as service
from portal.web import chosen_period, render_page_or_fragment

# One colour per predikat, best first (blue to red, told apart without red-green vision); the
# chart and the legend beside it take them from here.
PREDIKAT_COLOURS = dict(zip(PREDIKAT_ORDER, (
    "#1f5f99", "#5aa0d8", "#e3b23c", "#e07b2a", "#b3261e"), strict=True))


def _charts(report: service.Report) -> dict[str, Markup]:
    """The three charts of the report as SVG markup (leather's output, escaped by it)."""
    rows = report.rows
    return {
        "spread": Markup(stacked_shares_svg(
            [(r.group.short, [r.counts.get(p, 0) for p in PREDIKAT_ORDER]) for r in rows],
            list(PREDIKAT_COLOURS.values()), title=_("Sebaran predikat pegawai"),
            x_label=_("Persen pegawai yang dinilai"))),
        "capaian": Markup(bars_svg(
            [(r.group.short, r.average_capaian) for r in rows],
            title=_("Rata-rata capaian indikator"),
            x_label=_("Capaian tahunan (%)"), maximum=100)),
        "completion": Markup(bars_svg(
            [(r.group.short, r.completion) for r in rows], title=_("Penilaian disetujui"),
            x_label=_("Persen penilaian yang disetujui"), maximum=100)),
    }


@bp.route("/")
@login_required
def index():
    """The reports of the chosen period over the actor's agencies, or one agency's units."""
    agencies, agency_id = agency_scope(_("Laporan hanya untuk admin BKD, tim penilai kinerja dan "
                                         "pimpinan instansi."))
    period, periods = chosen_period()
    report = service.report(period, agencies, agency_id) if period else None
    return render_page_or_fragment(
        "reports/index.html", "reports/_report.html", report=report, period=period,
        periods=periods, agencies=agencies, agency_id=agency_id,
        charts=_charts(report) if report and report.rows else {},
        PREDIKAT_ORDER=PREDIKAT_ORDER, PREDIKAT_COLOURS=PREDIKAT_COLOURS,
        predikat_names=[PREDIKAT_LABELS[p] for p in PREDIKAT_ORDER],
        ORG_PREDIKAT_LABELS=ORG_PREDIKAT_LABELS, AT_MOST=AT_MOST, SOME=SOME)
