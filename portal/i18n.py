"""Translation look-ups that cost one dictionary read once the request's translations are known.

flask_babel finds the request's translations again on every gettext (its context on `g`, the
locale, the cache key: several context-local look-ups each), and a page makes 60 to 250 of
them: the templates' `_()`, the labels' lazy strings. Here they are found once per request and
locale and kept on `g`; force_locale (documents, e-mail) sets another locale object, which is
seen and looked up in its turn. The results are flask_babel's own.
"""
from __future__ import annotations

from collections.abc import Mapping
from weakref import WeakKeyDictionary

from flask import g
from flask_babel import get_locale, get_translations
from flask_babel.speaklater import LazyString
from markupsafe import Markup


def request_translations():
    """The translations of the current locale (flask_babel's), looked up once per request."""
    try:
        found = g._get_current_object().__dict__
    except RuntimeError:  # no application context: flask_babel's NullTranslations
        return get_translations()
    locale = getattr(found.get("_flask_babel"), "babel_locale", None)
    cached = found.get("_portal_translations")
    if locale is None or cached is None or cached[0] is not locale:
        translations = get_translations()
        cached = (getattr(found.get("_flask_babel"), "babel_locale", None), translations)
        found["_portal_translations"] = cached
    return cached[1]


def request_locale():
    """flask_babel's locale of the request (get_locale()), read where flask_babel keeps it once
    chosen (force_locale sets it there too) rather than through its per-call look-ups."""
    try:
        found = g._get_current_object().__dict__
    except RuntimeError:  # no application context: get_locale() says None
        return get_locale()
    locale = getattr(found.get("_flask_babel"), "babel_locale", None)
    return get_locale() if locale is None else locale


def gettext(string: str, **variables) -> str:
    """flask_babel.gettext, through request_translations."""
    text = request_translations().ugettext(string)
    return text % variables if variables else text


def lazy_gettext(string: str, **variables) -> LazyString:
    """flask_babel.lazy_gettext (the same LazyString), translated through gettext above."""
    return LazyString(gettext, string, **variables)


# Per translations catalogue (flask_babel keeps one per locale and app), the label mappings
# translated so far; a catalogue dropped with its app takes its entries with it.
_TRANSLATED_LABELS: WeakKeyDictionary = WeakKeyDictionary()


def translated(labels: Mapping) -> dict[str, Markup]:
    """labels (a mapping of lazy strings, portal.labels') in the request's language, as a
    template writes a lazy string (its text as Markup: LazyString.__html__). Made once per
    catalogue and mapping: a list of 25 rows otherwise translates each row's label anew."""
    translations = request_translations()
    by_mapping = _TRANSLATED_LABELS.setdefault(translations, {})
    found = by_mapping.get(id(labels))
    if found is None or found[0] is not labels:
        found = by_mapping[id(labels)] = (labels, {key: Markup(str(label))
                                                   for key, label in labels.items()})
    return found[1]
