"""Views of the search blueprint."""
from flask import abort, request
from flask_babel import gettext as _
from flask_login import login_required

from portal.search import bp
from portal.services.people import search as service
from portal.services.people.org import MIN_SEARCH, SEARCH_LIMIT
from portal.web import current_actor, render_page_or_fragment


@bp.route("/")
@login_required
def index():
    """Find employees by NIP or name with their assessments; htmx swaps only the results."""
    actor = current_actor()
    if not service.may_search(actor):
        abort(403, description=_("Pencarian pegawai hanya untuk admin BKD, tim penilai kinerja, "
                                 "pimpinan instansi dan pejabat penilai kinerja."))
    query = " ".join(request.args.get("q", "").split())[:100]
    found, more = service.search(actor, query)
    return render_page_or_fragment("search/index.html", "search/_results.html", query=query,
                                   found=found, more=more, min_query=MIN_SEARCH,
                                   limit=SEARCH_LIMIT, province_wide=actor.is_admin)
