"""Helpers shared by the blueprints: page-or-fragment rendering, the page of a list asked for,
and the current actor."""
from __future__ import annotations

import re
from decimal import Decimal

from flask import make_response, render_template, request
from flask_babel import format_decimal
from flask_login import current_user

from portal.labels import REFUSALS
from portal.models import Period
from portal.services.people.access import actor_for
from portal.services.errors import Refused
from portal.services.planning.periods import choose_period
from workflows.assessment import Actor


def wants_fragment() -> bool:
    """An htmx swap wants the partial; a boosted navigation, a history restore (which replaces
    the whole body) or a plain request wants the page."""
    return (bool(request.htmx) and not request.htmx.boosted
            and not request.htmx.history_restore_request)


def render_page_or_fragment(page: str, fragment: str, status: int = 200, **context):
    """Render the full page or, for an htmx swap, only its partial; both from one template.

    The page includes the partial, so both always agree; Vary tells caches they differ (set as
    the new response's only Vary value: through `response.vary`, a parsed set of its values,
    it cost ~20 Python calls; Flask adds "Cookie" to it later as it would have).
    """
    template = fragment if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.headers["Vary"] = "HX-Request"
    return response


def page_no() -> int:
    """The list page asked for (query string or the posted form), 1 if missing or garbled."""
    try:
        return max(int(request.values.get("page", 1)), 1)
    except (TypeError, ValueError):
        return 1


# Details that are counts or amounts, shown in the reader's number format ("2.000").
NUMBER_DETAILS = ("max", "length", "value")

# A named placeholder of a message, "%(name)s" (with any conversion flags); nothing else in a
# message is formatting: a lone "%" is the percent sign some messages write ("… atau %.").
_PLACEHOLDER = re.compile(r"%\((\w+)\)([#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa])")


def fill(text: str, details: dict) -> str:
    """text with its named placeholders filled from details: a placeholder whose detail is
    missing stays as written, and any other "%" is kept (plain %-formatting would fail on
    both)."""
    def value(match: re.Match) -> str:
        key, spec = match.groups()
        return f"%{spec}" % (details[key],) if key in details else match.group(0)
    return _PLACEHOLDER.sub(value, text)


def refusal_text(refusal: Refused, **shown) -> str:
    """A refusal's message in the reader's language with its details filled in; shown gives
    details already formatted for reading (a date, a size) in place of the raw ones."""
    text = str(REFUSALS.get(refusal.message, refusal.message))
    details = {key: format_decimal(value) if key in NUMBER_DETAILS
               and isinstance(value, (int, Decimal)) else value
               for key, value in refusal.details.items()}
    details.update(shown)
    return fill(text, details) if details else text


def current_actor() -> Actor:
    # The user itself, not its proxy: actor_for reads five attributes of it (~15 calls each
    # through flask_login's proxy).
    return actor_for(current_user._get_current_object())


def chosen_period(requested=None, concerning=None, params=None, key=None
                  ) -> tuple[Period | None, list[Period]]:
    """The period a period-scoped page shows, and those it may switch to: the one asked for
    (requested, else ?period= in the URL or the posted form), else the user's remembered one;
    among the periods concerning the page when given (periods.opened_for, team_periods, the
    values of its parameters in params). A page that may presume its period names itself and
    its condition by key (periods.presumed_period).
    """
    if requested is None:
        requested = request.values.get("period")
    return choose_period(current_user, requested, concerning, params, key)
