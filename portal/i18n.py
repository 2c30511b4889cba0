"""Translation look-ups that cost one dictionary read once the request's translations are known.

flask_babel finds the request's translations again on every gettext (its context on `g`, the
locale, the cache key: several context-local look-ups each), and a page makes 60 to 250 of
them: the templates' `_()`, the labels' lazy strings. Here they are found once per request and
locale and kept on `g`; force_locale (documents, e-mail) sets another locale object, which is
seen and looked up in its turn. The results are flask_babel's own.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import SimpleNamespace
from weakref import WeakKeyDictionary

from babel import Locale
from flask.globals import _cv_app
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from markupsafe import Markup

# Per translations catalogue (flask_babel keeps one per locale and app), what has been derived
# from it so far: the templates' texts (msgid -> (translation as Markup, whether its only
# placeholders are "%(name)s")) and the label mappings translated (id -> (mapping, labels)).
# A catalogue dropped with its app takes its entries with it.
_DERIVED: WeakKeyDictionary = WeakKeyDictionary()


@lru_cache(maxsize=16)
def locale_for(identifier: str) -> Locale:
    """Babel's Locale for an identifier ("id", "en"), parsed once per process: Locale.parse
    builds a new one on every call (about 20 Python calls, once a request through the locale
    selector), and a Locale holds nothing but what Babel's data files say of its language."""
    return Locale.parse(identifier)


def _request_catalogue() -> tuple:
    """(locale, translations, (texts, labels) derived from them, the locale's formatting key)
    of the request, found once per request and locale."""
    context = _cv_app.get(None)  # g's own context, read without its proxy (a page asks ~100 times)
    if context is None:  # no application context: flask_babel's NullTranslations, unkept
        return None, get_translations(), ({}, {}, {}), (None,)
    found = context.g.__dict__
    try:
        cached = found["_portal_translations"]
        if cached[0] is found["_flask_babel"].babel_locale and cached[0] is not None:
            return cached
    except (KeyError, AttributeError):
        pass
    locale = request_locale()
    # flask_babel answers the translations through four context look-ups and a cache keyed by
    # the locale's text (about 70 Python calls on a request's first `_()`); they are the same
    # for every request in that locale (flask_babel never reloads them), so they are kept here
    # per app and locale (a Locale compares and hashes by its language, territory and so on).
    by_locale = context.app.extensions.setdefault("portal_translations", {})
    translations = by_locale.get(locale) if locale is not None else None
    if translations is None:
        translations = get_translations()
        if locale is not None:
            by_locale[locale] = translations
    derived = _DERIVED.get(translations)
    if derived is None:
        derived = _DERIVED[translations] = ({}, {}, {})
    key = (None,) if locale is None else (locale.language, locale.territory, locale.script,
                                          locale.variant)
    cached = (locale, translations, derived, key)
    found["_portal_translations"] = cached
    return cached


def request_translations():
    """The translations of the current locale (flask_babel's), looked up once per request."""
    return _request_catalogue()[1]


def locale_key() -> tuple:
    """The current locale as a key of what is formatted for it (portal.templating's numbers and
    dates): its language, territory, script and variant, or (None,) outside a request."""
    return _request_catalogue()[3]


# What a template's `_()` fills without Markup's escaping helper: "%(name)s" and "%%".
_NAMED_S = re.compile(r"%\(\w+\)s|%%")


def template_text(string: str) -> tuple[Markup, bool]:
    """string translated for an HTML template: its translation as Markup and whether its only
    placeholders are "%(name)s" (and "%%"), made once per catalogue."""
    texts = _request_catalogue()[2][0]
    found = texts.get(string)
    if found is None:
        text = request_translations().ugettext(string)
        found = texts[string] = (Markup(text), "%" not in _NAMED_S.sub("", text))
    return found


def request_locale():
    """flask_babel's locale of the request (get_locale()), read where flask_babel keeps it once
    chosen (force_locale sets it there too) rather than through its per-call look-ups. The
    first of a request asks the app's locale selector and keeps its answer there as get_locale()
    does, without its context look-ups (about 40 Python calls a request, 15 here)."""
    context = _cv_app.get(None)
    if context is None:  # no application context: get_locale() says None
        return get_locale()
    babel_context = context.g.__dict__.get("_flask_babel")
    locale = getattr(babel_context, "babel_locale", None)
    if locale is None:
        selector = context.app.extensions["babel"].locale_selector
        chosen = selector() if selector is not None else None
        if chosen is None:  # flask_babel's default locale
            return get_locale()
        if babel_context is None:  # where flask_babel keeps what it chose for the request
            babel_context = context.g._flask_babel = SimpleNamespace()
        locale = babel_context.babel_locale = Locale.parse(chosen)  # a Locale is kept as it is
    return locale


def gettext(string: str, **variables) -> str:
    """flask_babel.gettext, through request_translations."""
    text = request_translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """flask_babel.ngettext (num is a variable too), through request_translations."""
    variables.setdefault("num", num)
    return request_translations().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables) -> LazyString:
    """flask_babel.lazy_gettext (the same LazyString), translated through gettext above."""
    return LazyString(gettext, string, **variables)


def translated(labels: Mapping) -> dict[str, Markup]:
    """labels (a mapping of lazy strings, portal.labels') in the request's language, as a
    template writes a lazy string (its text as Markup: LazyString.__html__). Made once per
    catalogue and mapping: a list of 25 rows otherwise translates each row's label anew."""
    by_mapping = _request_catalogue()[2][1]
    found = by_mapping.get(id(labels))
    if found is None or found[0] is not labels:
        found = by_mapping[id(labels)] = (labels, {key: Markup(str(label))
                                                   for key, label in labels.items()})
    return found[1]


def per_catalogue() -> dict:
    """A dict kept with the request's translations catalogue, for what is made from that language
    alone and the same for every request in it (portal.assessments.step.stepper's HTML); its
    keys must be few (a catalogue's entries live as long as the catalogue)."""
    return _request_catalogue()[2][2]
