"""What every template can use: labels, the current actor, and locale-aware formatting."""
from __future__ import annotations

import datetime as dt
from collections import ChainMap
from decimal import Decimal
from functools import lru_cache
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import NamedTuple

from flask import Flask, current_app, get_flashed_messages, render_template, url_for
from flask.globals import _cv_app, _cv_request
from flask_babel import (
    format_date, format_datetime, format_decimal, format_time, get_timezone, ngettext,
)
from flask_login import current_user
from jinja2 import Template, pass_context, pass_eval_context
from jinja2.runtime import Context, Macro, new_context
from jinja2.utils import _PassArg, internalcode
from markupsafe import Markup, escape

try:  # markupsafe 3: the C function that escapes a str, which escape() wraps in Markup
    from markupsafe import _escape_inner
except ImportError:  # an older markupsafe: through escape() itself
    def _escape_inner(text: str) -> str:
        return str(escape(text))

from portal import labels
from portal.i18n import (
    locale_key, per_catalogue, request_locale, request_translations, template_text,
)
from portal.rules.berakhlak import VALUES as BERAKHLAK
from portal.rules.deadlines import Deadline, deadline
from portal.rules.sources import SOURCES
from portal.rules.reference import pangkat
from portal.services import clock
from portal.services.execution.execution import capaian_of
from portal.services.messaging import notifications
from portal.services.people import search as people_search
from portal.services.people.access import actor_for
from workflows.assessment import STATES

# Numbers and dates as Babel wrote them, by locale, pattern and value: Babel's output is a pure
# function of these (a plain date has no time zone to convert), and a page writes the same few
# values again and again (counts, deadlines), at 50-70 Python calls each through flask_babel.
_FORMATTED: dict[tuple, str] = {}
_FORMATTED_MAX = 8192


def _formatted(key: tuple, make, *args) -> str:
    text = _FORMATTED.get(key)
    if text is None:
        if len(_FORMATTED) >= _FORMATTED_MAX:
            _FORMATTED.clear()
        text = _FORMATTED[key] = make(*args)
    return text


def _zone() -> str:
    """The name of the time zone dates are shown in: flask_babel's get_timezone() costs about
    45 Python calls a request (then 12 a use); without a timezone selector it is the app's
    BABEL_DEFAULT_TIMEZONE, the same for every request, so it is kept per app."""
    app = current_app._get_current_object()
    zone = app.extensions.get("portal_zone")
    if zone is None:
        zone = str(get_timezone())
        if app.extensions["babel"].timezone_selector is None:
            app.extensions["portal_zone"] = zone
    return zone


def _number(value, fmt: str | None = None) -> str:
    """value in the reader's locale; fmt a CLDR pattern ("#,##0.00": always two decimals)."""
    if value is None:
        return ""
    # An int is its own key; any other number by its type and text, which is what Babel reads
    # (a float through str(); True, equal to 1, is not a number Babel formats).
    key = ((fmt, value) if type(value) is int
           else (fmt, type(value), str(value))) + locale_key()
    return _formatted(key, format_decimal, value, fmt)


def _date(day, fmt: str = "long") -> str:
    """day in the reader's locale (the `date` filter): fmt one of Babel's widths or a pattern.
    A datetime is converted to the reader's time zone first (flask_babel), so only plain dates
    are remembered."""
    if not day:
        return ""
    if type(day) is not dt.date:
        return format_date(day, fmt)
    return _formatted((fmt, day) + locale_key(), format_date, day, fmt)


def _datetime(moment, fmt: str = "medium") -> str:
    """moment in the reader's locale and time zone (the `datetime` filter), remembered like a
    date with the zone it is shown in (flask_babel's, the app's BABEL_DEFAULT_TIMEZONE): about
    200 Python calls each through flask_babel, on every feedback item and computed realisation."""
    if not moment:
        return ""
    if type(moment) is not dt.datetime:
        return format_datetime(moment, fmt)
    return _formatted((fmt, moment, _zone()) + locale_key(), format_datetime,
                      moment, fmt)


def _time(moment, fmt: str = "medium") -> str:
    """The time of day of moment in the reader's locale and time zone (the `time` filter):
    Indonesian writes 06.44.06, English 6:44:06 AM. Remembered as `datetime` is."""
    if not moment:
        return ""
    return _formatted((fmt, "time", moment, _zone()) + locale_key(), format_time,
                      moment, fmt)


def file_size(size: int | None) -> str:
    """A byte count the way people read it: "5 MB", "1,2 MB", "340 KB"."""
    size = size or 0
    if size >= 1024 * 1024:
        return _number(round(Decimal(size) / (1024 * 1024), 1)) + " MB"
    return _number(max(1, round(size / 1024))) + " KB"


def indicator_target(indicator) -> Markup:
    """An indicator's target as the SKP writes it (an assessment's indicator or a library
    template's): its success measure, a range, or a number with its unit and, where lower is
    better, "makin kecil makin baik"; escaped as a template escapes each value. Written through
    a template (an include, then a macro), its attribute look-ups, numbers and escapes cost
    about 47 calls for each indicator card and SKP row; here about 12."""
    value = indicator.target_value
    if indicator.target_text and value is None:
        return _template_escape(indicator.target_text)
    number = _template_escape(_number(value))
    unit = _template_escape(indicator.target_unit)
    if indicator.target_max is not None:
        return Markup(f"{number}–{_template_escape(_number(indicator.target_max))} {unit}")
    if indicator.lower_is_better:
        return Markup(f"{number} {unit} <small>({template_text('makin kecil makin baik')[0]})"
                      "</small>")
    return Markup(f"{number} {unit}")


def document_links(assessment, documents) -> Markup:
    """The download links of an assessment's documents (portal.documents.service.links), as the
    assessment page and the employee's history list them: the SKP, then each Dokumen Evaluasi
    by its period. Written by a macro imported with context (a module made per render, then
    its links, translations and escapes), the recording step's five links cost 129 calls more
    (8,309 against 8,180 for the page). The whitespace is the macro's, byte for byte."""
    items = []
    for document in documents:
        if document.kind == "skp":
            url = template_url_for("documents.skp", assessment_id=assessment.id)
            text = template_text("Dokumen SKP")[0]
        else:
            url = template_url_for("documents.evaluasi", assessment_id=assessment.id,
                                   number=document.period.number)
            text = (template_text("Dokumen Evaluasi Kinerja Pegawai %(period)s")[0]
                    % {"period": document.period.ui_label()})  # Markup's %: the label escaped
        items.append(f'\n  \n  <li><a href="{_template_escape(url)}" download>{text}</a> '
                     "<small>(PDF)</small></li>\n  \n  ")
    return Markup('<ul class="documents">\n  ' + "".join(items) + "\n</ul>")


def deadline_of(assessment) -> Deadline | None:
    """The deadline of the step the assessment waits at, seen today in Jambi (or None)."""
    return deadline(assessment.state, assessment.period, clock.today())


def blocker_text(blocker) -> str:
    """What one item blocking an action (workflows.assessment.Blocker) is, named as the SKP
    names it."""
    rhk = (str(labels.RHK_NAMES[blocker.rhk[0]]) % {"no": blocker.rhk[1]}
           if blocker.rhk else "")
    return str(labels.BLOCKER_TEXTS[blocker.code]) % {"rhk": rhk, "subject": blocker.subject}


def duration(minutes: int | None) -> str:
    """A length of time kept in minutes, as people say it: 1440 is "1 hari", 90 "1 jam 30 menit".

    Whole days in days, whole hours in hours, else hours and minutes; "" when unknown.
    """
    if minutes is None:
        return ""
    days, rest = divmod(minutes, 24 * 60)
    if days and not rest:
        return ngettext("%(count)s hari", "%(count)s hari", days, count=format_decimal(days))
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)s jam", "%(count)s jam", hours,
                              count=format_decimal(hours)))
    if rest or not hours:
        parts.append(ngettext("%(count)s menit", "%(count)s menit", rest,
                              count=format_decimal(rest)))
    return " ".join(parts)



def unread_notifications() -> int:
    """The signed-in user's unread notifications, as the user loader counted them (read from
    the request's g itself, not through its proxy)."""
    found = _cv_app.get().g.__dict__
    if "unread" not in found:
        found["unread"] = (notifications.unread_count(current_user.id)
                           if current_user.is_authenticated else 0)
    return found["unread"]


@pass_context
def page_frame(context, title: Markup, head: Markup, content: Markup) -> Markup:
    """The layout around a page's blocks (title, head, content): templates/_layout_frame.html,
    made once per language, script root and whether someone is signed in (made_once), its
    slots filled per request with the CSRF token, the address to come back to, the menu, the
    notification badge, the user's name and the flashed messages. Written through the layout,
    its links, translations and escapes cost about 235 calls on every page."""
    request = context["request"]
    user = context["current_user"]
    signed_in = bool(getattr(user, "is_authenticated", False))
    flashed = get_flashed_messages(with_categories=True)
    values = {"title": title, "head": head, "content": content,
              "csrf": context["csrf_token"](), "next": request.full_path,
              "messages": (Markup(render_template("_flashed.html", flashed=flashed)) if flashed
                           else made_once("_flashed.html", (), flashed=()))}
    if signed_in:
        unread = unread_notifications()
        values.update(
            nav=navigation(context), who=user.display_name,
            badge=made_once("notifications/_badge.html", (request.script_root, bool(unread)),
                            {"count": unread}, unread=slot("count") if unread else 0))
    return made_once("_layout_frame.html", (request.script_root, signed_in), values,
                     authenticated=signed_in)


@pass_eval_context
def _template_gettext(eval_ctx, string: str, **variables) -> str:
    """`_()` and `gettext()` in templates: what Jinja's newstyle gettext does with
    flask_babel's callables (escaped variables, always %-formatted), in one call."""
    if not eval_ctx.autoescape:
        text = request_translations().ugettext(string)
        return text % variables if variables or "%" in text else text
    text, named_only = template_text(string)
    if variables and named_only:
        # What Markup's % gives when each placeholder is "%(name)s": every value escaped
        # (str(escape(value))), without its helper object per value; escaped and made Markup
        # the way the templates' own `{{ … }}` are (_template_escape: for a str or an int,
        # without markupsafe's Python steps, ~3 calls a variable).
        return str.__new__(Markup, str.__mod__(text, {name: _template_escape(value)
                                                      for name, value in variables.items()}))
    # %-formatting a text without % and without variables gives it back unchanged.
    return text % variables if variables or "%" in text else text


@pass_eval_context
def _template_ngettext(eval_ctx, singular: str, plural: str, num: int, **variables) -> str:
    """`ngettext()` in templates, as Jinja's newstyle ngettext (num is a variable too)."""
    variables.setdefault("num", num)
    text = request_translations().ungettext(singular, plural, num)
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


# Arguments of url_for that make a URL depend on more than the endpoint and its values.
_URL_OPTIONS = frozenset({"_external", "_anchor", "_method", "_scheme"})


@lru_cache(maxsize=8192)
def _cached_url(script_root: str, endpoint: str, values: tuple) -> str:
    return url_for(endpoint, **dict(values))


def template_url_for(endpoint: str, **values) -> str:
    """url_for, remembered per process: a page builds the same paths on every request (the
    navigation's twenty links, a link per row), each through the URL map at 10-15 µs. Only
    paths: a relative endpoint (".x", which depends on the request's blueprint), an external
    URL or one outside a request goes to url_for itself. The app registers no url_defaults, so
    a path depends on the endpoint, its values and the script root alone. The request is
    read from its context, not through the `request` proxy (a row of a list asks once)."""
    context = _cv_request.get(None)
    if context is None:
        return url_for(endpoint, **values)
    return _remembered_url(context.request.script_root, endpoint, values)


@pass_context
def _url_for_in_template(context, endpoint: str, **values) -> str:
    """The templates' url_for: template_url_for, with the request Flask put in the template's
    context (the object itself: no context-local look-up through its proxy per link)."""
    current = context.parent.get("request")
    if current is None:
        return url_for(endpoint, **values)
    return _remembered_url(current.script_root, endpoint, values)


def _remembered_url(script_root: str, endpoint: str, values: dict) -> str:
    if endpoint.startswith(".") or not _URL_OPTIONS.isdisjoint(values):
        return url_for(endpoint, **values)
    try:
        # In the order given: the values outside the rule become the query string in that order.
        return _cached_url(script_root, endpoint, tuple(values.items()))
    except TypeError:  # a value that cannot be a key (a list of values for one argument)
        return url_for(endpoint, **values)


class MenuRoles(NamedTuple):
    """What the main menu asks of a user (templates/partials/_nav.html): which of its links
    they see. Two users with the same roles see the same menu, but for their own history."""

    employee: bool
    has_team: bool
    committee: bool
    approver: bool
    is_admin: bool
    may_search: bool


# Stands for the user's own history link in a menu rendered once for everyone with the same
# roles; no URL or text can hold it.
_HISTORY_PLACEHOLDER = "\x00history\x00"


def _menu(script_root: str, lang: str, roles: MenuRoles) -> str:
    """The main menu for roles in lang, rendered once per app and process: the request that
    first needs it supplies the translations and the URL map, which are the same for every
    request with this script root and language. At most 2 languages × 64 sets of roles per
    script root (which the server sets, never the client)."""
    menus = current_app.extensions.setdefault("portal_menus", {})
    key = (script_root, lang, roles)
    html = menus.get(key)
    # With templates reloaded on change (debug), the menu is rendered anew too.
    if html is None or current_app.jinja_env.auto_reload:
        actor = {"employee_id": roles.employee, "committee_agencies": roles.committee,
                 "approver_agencies": roles.approver, "is_admin": roles.is_admin}
        html = current_app.jinja_env.get_template("partials/_nav.html").render(
            actor=actor, has_team=roles.has_team, may_search=roles.may_search,
            history_url=Markup(_HISTORY_PLACEHOLDER))
        if len(menus) >= 512:
            menus.clear()
        menus[key] = html
    return html


@pass_context
def navigation(context) -> Markup:
    """The layout's main menu for the signed-in user of the template's context. Rendering its
    twenty-odd translated links cost about 1,100 Python calls per page; it depends only on the
    language, the script root and the user's roles (asked anew on every request, so a role
    granted or withdrawn shows at the next request), and on the user's own history link,
    which is put in per request."""
    actor = context["actor"]
    team = context["has_team"]
    roles = MenuRoles(
        employee=bool(actor.employee_id), has_team=bool(actor.employee_id) and team(),
        committee=bool(actor.committee_agencies), approver=bool(actor.approver_agencies),
        is_admin=bool(actor.is_admin), may_search=people_search.may_search(actor, team=team))
    html = _menu(context["request"].script_root, context["lang"], roles)
    if roles.employee:
        history = template_url_for("people.history_page", employee_id=actor.employee_id)
        html = html.replace(_HISTORY_PLACEHOLDER, str(escape(history)))
    return Markup(html)


def _template_escape(value) -> Markup:
    """markupsafe.escape for the compiled templates, which call it on every `{{ … }}` (about 400
    times on an assessment page): the same Markup, with fewer steps for the usual values. A
    Markup is given back as it is (escape() builds an equal copy through two `__html__` calls
    and Markup's constructor, 7 calls); a str or an int is escaped and made Markup directly
    (str.__new__: Markup keeps nothing but its text), not through Markup's Python constructor
    (5 calls). Anything else (None, a lazy string, a subclass, an object with __html__) goes to
    escape()."""
    kind = type(value)
    if kind is Markup:
        return value
    if kind is str:
        return str.__new__(Markup, _escape_inner(value))
    if kind is int:  # digits and a sign: nothing to escape
        return str.__new__(Markup, str(value))
    return escape(value)


def slot(name: str) -> Markup:
    """In a template made once (made_once), the place of the value `name` put in per page."""
    return Markup(f"{_SLOT}{name}{_SLOT}")


_SLOT = "\x00"  # around a slot's name (slot()); no text or URL holds it


def made_once(template: str, key: tuple, values: dict | None = None, **context) -> Markup:
    """template rendered with context once per language and key, for pieces of a page the same
    for every request with that key (a handful of keys each: a state, a section; the script
    root where the piece holds links; the assessment page's and the calibration page's pieces); each slot(name) in it is then filled with
    values[name], escaped as a template escapes it, on every page. Writing such a piece
    through the template cost its look-ups, translations, links and escapes (~70-270 calls)
    on every page."""
    made = per_catalogue()
    found = made.get((template, *key))
    if found is None:
        html = render_template(template, slot=slot, **context)
        found = made[(template, *key)] = Markup(html) if _SLOT not in html else html.split(_SLOT)
    if type(found) is Markup:
        return found
    filled = found.copy()  # the slots' names at odd places
    for place in range(1, len(filled), 2):
        filled[place] = _template_escape(values[filled[place]])
    return Markup("".join(filled))


class PortalTemplate(Template):
    """Jinja's template, asking in one set operation what a `{% from … import … %}` (without
    context) asks before it reuses the imported template's module: whether the importing
    template has globals the imported one lacks. Jinja 3.1 writes it as
    `ctx.globals_keys - self.globals.keys()`, a set minus a ChainMap's keys view, which
    collections.abc answers key by key in Python: about 310 calls per import, and most pages
    import macros. Same question, same answer (a ChainMap iterates over its keys).

    Its contexts take the globals as one dict: Jinja gives each context (a page, each include,
    each import with context) the template's globals, a ChainMap of the template's own over the
    environment's, and the context copies their keys (`set(globals)`) and, for a page, their
    items, which a ChainMap iterates and looks up key by key in Python (about 60 globals, ~2 %
    of an assessment page's CPU). The dict holds what the ChainMap gives, read at that moment.
    Its values are escaped by _template_escape."""

    def _get_default_module(self, ctx=None):
        if ctx is not None and not ctx.globals_keys.difference(_flat(self.globals)):
            ctx = None  # nothing is missing: Jinja's module of the template, made once
        return super()._get_default_module(ctx)

    def new_context(self, vars=None, shared=False, locals=None):
        return new_context(self.environment, self.name, self.blocks, vars, shared,
                           _flat(self.globals), locals)

    @classmethod
    def _from_namespace(cls, environment, namespace, globals):
        # The compiled template's functions look `escape` up in its module's namespace (Jinja
        # imports markupsafe's there) each time they write a value: _template_escape instead.
        namespace["escape"] = _template_escape
        return super()._from_namespace(environment, namespace, globals)


def _flat(globals_):
    """A template's globals (Jinja's ChainMap) as one dict, the first map's keys winning."""
    if type(globals_) is not ChainMap:
        return globals_
    flat = {}
    for mapping in reversed(globals_.maps):
        flat.update(mapping)
    return flat


# Callables whose `__call__` never carries a pass_* mark (a method-wrapper, or Macro.__call__,
# which is not marked): for them the callable's own mark is the whole answer.
_PLAIN_CALLABLES = frozenset({FunctionType, BuiltinFunctionType, MethodType, Macro})


class PortalContext(Context):
    """Jinja's template context, calling functions, methods and macros the way Jinja 3.1's
    Context.call does with fewer steps: a template calls through it everything it calls (`_()`,
    url_for, the helpers, `.get()`, macros; about 120 calls a page), and it asks twice, in two
    helper calls each, whether the callable or its `__call__` is marked pass_context,
    pass_eval_context or pass_environment. Here one look-up of the callable's own mark (a bound
    method shows its function's); any other callable (an object with `__call__`, a class) goes
    to Jinja's call."""

    @internalcode  # as Jinja's: left out of a template error's traceback
    def call(self, obj, /, *args, **kwargs):
        if type(obj) not in _PLAIN_CALLABLES:
            return super().call(obj, *args, **kwargs)
        # The variables set in loops and blocks, which the compiled template passes along
        # (none outside them: then nothing to take out).
        loop_vars = kwargs.pop("_loop_vars", None) if kwargs else None
        block_vars = kwargs.pop("_block_vars", None) if kwargs else None
        pass_arg = getattr(obj, "jinja_pass_arg", None)
        if pass_arg is _PassArg.context:
            # As Jinja: those variables seen by the function, without changing the context.
            context = self
            if loop_vars:
                context = context.derived(loop_vars)
            if block_vars:
                context = context.derived(block_vars)
            args = (context, *args)
        elif pass_arg is _PassArg.eval_context:
            args = (self.eval_ctx, *args)
        elif pass_arg is _PassArg.environment:
            args = (self.environment, *args)
        try:
            return obj(*args, **kwargs)
        except StopIteration:
            return self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception")


def init_app(app: Flask) -> None:
    # Templates are loaded after this (on first use), so all of them are PortalTemplates.
    app.jinja_env.template_class = PortalTemplate
    app.jinja_env.context_class = PortalContext
    # Paths built once per process (see template_url_for); a url_defaults function would make
    # a path depend on the request: then this must go.
    assert not any(app.url_default_functions.values()), "template_url_for: no url_defaults"
    app.jinja_env.globals["url_for"] = _url_for_in_template
    # Jinja's i18n extension calls each translation through two context calls and flask_babel's
    # per-call look-ups; these do the same in one (see portal.i18n).
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext,
                                 ngettext=_template_ngettext, navigation=navigation,
                                 page_frame=page_frame)
    app.jinja_env.globals.update(
        STATES=STATES,
        STATE_LABELS=labels.STATE_LABELS,
        STATE_HINTS=labels.STATE_HINTS,
        ACTION_LABELS=labels.ACTION_LABELS,
        AUDIT_FIELD_LABELS=labels.AUDIT_FIELD_LABELS,
        AUDIT_VALUE_LABELS=labels.AUDIT_VALUE_LABELS,
        BLOCKED_HINTS=labels.BLOCKED_HINTS,
        RATING_LABELS=labels.RATING_LABELS,
        PREDIKAT_LABELS=labels.PREDIKAT_LABELS,
        ASPECT_LABELS=labels.ASPECT_LABELS,
        KIND_LABELS=labels.KIND_LABELS,
        CAPAIAN_BANDS=labels.CAPAIAN_BANDS,
        # read by assessments/_objective_macros.html, imported without context
        DATA_SOURCE_LABELS=labels.DATA_SOURCE_LABELS,
        SOURCES=SOURCES,
        BERAKHLAK=BERAKHLAK,
        pangkat=pangkat,
        capaian_of=capaian_of,
        deadline_of=deadline_of,
        indicator_target=indicator_target,
        document_links=document_links,
        blocker_text=blocker_text,
    )
    app.jinja_env.filters.update(
        date=_date,
        datetime=_datetime,
        time=_time,
        number=_number,
        duration=duration,
    )

    # Flask-Login's context processor gives the templates current_user (the object itself);
    # inject_user below gives the same object, read once with what the header needs of it.
    processors = app.template_context_processors[None]
    processors[:] = [processor for processor in processors
                     if processor.__module__ != "flask_login.utils"]

    @app.context_processor
    def inject_user():
        """The signed-in user (current_user, as Flask-Login's processor gave it), their actor,
        the language, and has_team(), may_search() and unread_count() for the header (the rule
        of people.search, the notification badge): the user loader answers them with the user
        (one statement, see services.people.sessions.signed_in); asked of the database only
        without it. One processor reading the user once: three (Flask-Login's, the actor's,
        the header's) read it through its proxy and cost ~60 calls on every page."""
        # Outside a request (a document rendered by a background job) there is no user (None).
        user = current_user._get_current_object()
        signed_in = getattr(user, "is_authenticated", False)
        actor = actor_for(user) if signed_in else None

        def has_team() -> bool:
            found = _cv_app.get().g.__dict__  # the request's g itself, not through its proxy
            if "has_team" not in found:
                found["has_team"] = signed_in and people_search.has_team(actor_for(user))
            return found["has_team"]

        def may_search() -> bool:
            return people_search.may_search(actor_for(user), team=has_team)

        return {"current_user": user, "actor": actor, "lang": str(request_locale()),
                "has_team": has_team, "may_search": may_search,
                "unread_count": unread_notifications}
