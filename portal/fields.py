"""Form fields shared by the blueprints: numbers typed the way the user's locale writes them."""
from __future__ import annotations

from decimal import Decimal

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from flask_babel import get_locale
from markupsafe import Markup, escape
from wtforms import Field, Label, SelectChoice, SelectField
from wtforms.widgets import (
    CheckboxInput, HiddenInput, PasswordInput, RadioInput, Select, TextArea, TextInput,
)
from wtforms.widgets.core import clean_key

from portal.i18n import lazy_gettext as _l

# Targets and realisations are stored as NUMERIC(14, 2).
PLACES = 2


def parse_local_decimal(text: str) -> Decimal:
    """Parse a number written in the current locale ("1.234,5" in Indonesian).

    Strict parsing refuses ambiguous input such as "12.5" in Indonesian (twelve and a half, or
    a hundred and twenty-five?) instead of guessing; the error names the accepted form.

    Raises:
        ValueError: with a user-facing message.
    """
    try:
        value = parse_decimal(text.strip(), locale=str(get_locale()), strict=True)
    except NumberFormatError:
        example = format_decimal(Decimal("1234.5"), locale=str(get_locale()))
        raise ValueError(_l("Isi angka, misalnya %(example)s.", example=example)) from None
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise ValueError(_l("Angka di luar batas."))
    if value.as_tuple().exponent < -PLACES:  # stored with two decimals: never round silently
        raise ValueError(_l("Paling banyak %(places)s angka di belakang koma.", places=PLACES))
    return value


class LocalDecimalField(Field):
    """A decimal field that accepts and shows numbers in the user's locale."""

    widget = TextInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]  # keep exactly what the user typed
        if self.data is not None:
            return format_decimal(self.data, locale=str(get_locale()))
        return ""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            try:
                self.data = parse_local_decimal(valuelist[0])
            except ValueError as error:
                raise ValueError(str(error)) from None


def choices(labels: dict) -> list[SelectChoice]:
    """Select/radio choices from a code -> label mapping (labels stay lazy, so translated late)."""
    return [SelectChoice(value, label) for value, label in labels.items()]


# Rendering WTForms' own widgets, the same HTML for less work. A page draws a form's fields
# dozens of times (a select, its options, the hidden version and CSRF token of every button's
# form); WTForms builds each attribute through Markup.format, lists the field's flags with dir()
# and looks up the option renderer's signature (inspect) for every select. The functions below
# give exactly WTForms' output (tests/unit/test_fields.py compares them) for the widgets the
# portal uses; any other widget, or a subclass, is left to WTForms.

def html_params(attributes: dict) -> str:
    """wtforms.widgets.html_params: sorted by name, True bare, False left out, values escaped
    (a double quote in Markup as &quot;).

    A form's fields are drawn by the hundred on some pages: the common values (a str, an int)
    are escaped with one call (str.translate, the table of markupsafe.escape) or none, the
    others through markupsafe as before; the string is built without a call per attribute."""
    html = ""
    for key, value in sorted(attributes.items()):
        try:
            names = _NAMES[key]
        except KeyError:
            names = _names(key)
        if value is True:
            html += " " + names[0]
        elif value is not False:
            kind = type(value)
            if kind is str:
                text = value.translate(_ESCAPES)
            elif kind is int:
                text = value  # digits and a sign: nothing to escape
            else:
                text = str(escape(value)).replace(chr(34), "&quot;")
            html += f' {names[1]}="{text}"'
    return html[1:]


# markupsafe.escape's replacements, for a plain str (tests/unit/test_fields.py compares them).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;", '"': "&#34;"})


_NAMES: dict[str, tuple[str, str]] = {}  # attribute name -> (cleaned, cleaned and escaped)


def _names(key: str) -> tuple[str, str]:
    name = clean_key(key)
    if len(_NAMES) < 1024:  # names come from code, but never let a caller grow it unbounded
        _NAMES[key] = (name, str(escape(name)))
    return name, str(escape(name))


def _with_flags(field, kwargs: dict, names, call: bool) -> None:
    """Add the field's flags among names (required, maxlength...) not given in kwargs."""
    flags = vars(field.flags)
    for name in names:
        if name in flags and name not in kwargs:
            value = flags[name]
            kwargs[name] = value() if call and callable(value) else value


def _input(widget, field, kwargs: dict) -> Markup:
    kwargs.setdefault("id", field.id)
    kwargs.setdefault("type", widget.input_type)
    if "value" not in kwargs:
        kwargs["value"] = field._value()
    _with_flags(field, kwargs, widget.validation_attrs, call=True)
    kwargs["name"] = field.name
    return Markup(f"<input {html_params(kwargs)}>")


def _checkbox(widget, field, kwargs: dict) -> Markup:
    if getattr(field, "checked", field.data):
        kwargs.setdefault("checked", True)
    return _input(widget, field, kwargs)


def _radio(widget, field, kwargs: dict) -> Markup:
    if field.checked:
        kwargs.setdefault("checked", True)
    return _input(widget, field, kwargs)


def _password(widget, field, kwargs: dict) -> Markup:
    if widget.hide_value:  # never written back into the page (WTForms' default)
        kwargs["value"] = ""
    return _input(widget, field, kwargs)


def _textarea(widget, field, kwargs: dict) -> Markup:
    kwargs.setdefault("id", field.id)
    _with_flags(field, kwargs, widget.validation_attrs, call=False)
    kwargs["name"] = field.name
    return Markup(f"<textarea {html_params(kwargs)}>\r\n{escape(field._value())}</textarea>")


def _option(value, label, selected: bool, render_kw) -> str:
    """One <option>, as WTForms' Select.render_option draws it."""
    if type(value) is str and not render_kw:
        # the common option, written directly: the same HTML as through html_params (a
        # translated label is Markup already, which escape would give back unchanged)
        label = label or value
        kind = type(label)
        text = label.translate(_ESCAPES) if kind is str else label if kind is Markup else None
        if text is not None:
            return (f'<option {"selected " if selected else ""}'
                    f'value="{value.translate(_ESCAPES)}">{text}</option>')
    attributes = {"value": str(value) if isinstance(value, bool) else value, **(render_kw or {})}
    if selected:
        attributes["selected"] = True
    return f"<option {html_params(attributes)}>{escape(label or value)}</option>"


def _plain_select(kind: type) -> bool:
    """Whether a SelectField class lists its options as SelectField does (so _select may read
    its choices directly instead of through its generators and a Choice per option)."""
    plain = _PLAIN_SELECTS.get(kind)
    if plain is None:
        plain = _PLAIN_SELECTS[kind] = issubclass(kind, SelectField) and all(
            getattr(kind, name) is getattr(SelectField, name) for name in (
                "iter_choices", "iter_groups", "has_groups", "_iter_choices_normalized",
                "_iter_groups_normalized", "_choices_from_input"))
    return plain


_PLAIN_SELECTS: dict[type, bool] = {}


def _select(widget, field, kwargs: dict) -> Markup:
    kwargs.setdefault("id", field.id)
    _with_flags(field, kwargs, widget.validation_attrs, call=False)
    kwargs["name"] = field.name
    html = f"<select {html_params(kwargs)}>"
    if _plain_select(type(field)):
        # SelectField.iter_choices / iter_groups (consecutive choices of one optgroup grouped,
        # as itertools.groupby does), without a generator step and a Choice per option
        coerce, data, group = field.coerce, field.data, None
        for choice in field._choices_from_input(field.choices) or ():
            if choice.optgroup != group:
                if group is not None:
                    html += "</optgroup>"
                group = choice.optgroup
                if group is not None:
                    html += f"<optgroup {html_params({'label': group})}>"
            html += _option(choice.value, choice.label, coerce(choice.value) == data,
                            choice.render_kw)
        if group is not None:
            html += "</optgroup>"
    elif field.has_groups():
        for group, group_choices in field._iter_groups_normalized():
            if group is not None:
                html += f"<optgroup {html_params({'label': group})}>"
            html += "".join([_option(c.value, c.label, c.selected, c.render_kw)
                             for c in group_choices])
            if group is not None:
                html += "</optgroup>"
    else:
        html += "".join([_option(c.value, c.label, c.selected, c.render_kw)
                         for c in field._iter_choices_normalized()])
    return Markup(html + "</select>")


class FastLabel(Label):
    """wtforms.Label drawn through html_params above (the same HTML)."""

    def __call__(self, text=None, **kwargs):
        if text is None and not kwargs:  # the common label, written directly
            label, field_id = self.text, self.field_id
            kind = type(label)
            if type(field_id) is str and (kind is str or kind is Markup):
                label = label.translate(_ESCAPES) if kind is str else label
                return Markup(f'<label for="{field_id.translate(_ESCAPES)}">{label}</label>')
        if "for_" in kwargs:
            kwargs["for"] = kwargs.pop("for_")
        else:
            kwargs.setdefault("for", self.field_id)
        attributes = html_params(kwargs)
        attributes = f" {attributes}" if attributes else ""
        return Markup(f"<label{attributes}>{escape(text or self.text)}</label>")


def radio_options(field) -> list[tuple[str, object]] | None:
    """Each option of a RadioField as (its <input>, its label), the HTML of iterating the field
    and drawing each option (which builds and processes a Field per option first); None when
    its options are not plain radio inputs (then iterate the field)."""
    widget = field.option_widget
    if type(widget) is not RadioInput or getattr(field, "render_kw", None):
        return None
    common = {"type": widget.input_type, "name": field.name}
    _with_flags(field, common, widget.validation_attrs, call=True)
    options = []
    for index, choice in enumerate(field._iter_choices_normalized()):
        attributes = {**common, "id": f"{field.id}-{index}", "value": str(choice.value)}
        if choice.selected:
            attributes["checked"] = True
        options.append((f"<input {html_params(attributes)}>", choice.label or choice.value))
    return options


RENDERERS = {TextInput: _input, HiddenInput: _input, CheckboxInput: _checkbox,
             RadioInput: _radio, TextArea: _textarea, PasswordInput: _password}


def render_widget(field, kwargs: dict) -> Markup:
    """field.widget(field, **kwargs), the same HTML, faster for the widgets in RENDERERS (and a
    single select); kwargs' names already cleaned (see wtforms' DefaultMeta.render_field)."""
    widget = field.widget
    kind = type(widget)
    renderer = RENDERERS.get(kind)
    if kind is Select and not widget.multiple:
        renderer = _select
    if renderer is None or "name" in kwargs or getattr(field, "_datalist", None) is not None:
        return widget(field, **kwargs)
    return renderer(widget, field, kwargs)
