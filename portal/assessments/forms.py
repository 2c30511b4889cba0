"""Forms of the assessment page. Each carries the version the user saw (optimistic locking)."""
import functools

from markupsafe import Markup, escape

from flask import current_app
from flask_babel.speaklater import LazyString

from portal.i18n import lazy_gettext as _l, per_catalogue, translated
from portal.forms import Length, PortalForm
from wtforms import (
    BooleanField, IntegerField, RadioField, SelectChoice, SelectField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, StopValidation
from wtforms.widgets import HiddenInput

from portal.fields import LocalDecimalField, choices, radio_options
from portal.labels import (
    APPROACH_LABELS, ASPECT_LABELS, DATA_SOURCE_LABELS, KIND_LABELS, PERSPECTIVE_LABELS,
    RATING_LABELS,
)
from portal.rules.berakhlak import VALUES as BERAKHLAK
from portal.rules.sources import is_objective
from portal.signing import csrf_token


class VersionedForm(PortalForm):
    """A form bound to one version of the assessment."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    blank = False  # a BlankForm stands in for a form as the page first shows it

    def drawn_once(self):
        """Mark the form's shown fields (not its hidden ones) to be drawn by field_block,
        checkbox_block and radios_block once per catalogue, each kept under its form class, id,
        label (as it is now: set a label before marking), data and hint (see _drawn_once);
        returns self.

        Only for a form built without input whose fields' data is the same on every page (blank,
        or one of a few codes), whose options are the same for every request in a language (not
        the page's: the supervisor's RHK, the agency's services), and whose ids are not per row
        (no prefix naming an RHK or indicator): the ids and data are part of the key, and a
        catalogue's keys must be few (portal.i18n.per_catalogue). The Lampiran's forms."""
        for field in self._fields.values():
            if not isinstance(field.widget, HiddenInput):
                field.drawn_as = (type(self), field.id, field.label.text)
        return self

    def hidden_tag(self, *fields) -> Markup:
        """Flask-WTF's hidden_tag (the fields whose widget is a HiddenInput, in the form's
        order, one a line), the same HTML without its two generators' steps per field: the
        step draws it for several forms on every page."""
        if fields:
            return super().hidden_tag(*fields)
        return Markup("\n".join([field() for field in self._fields.values()
                                  if isinstance(field.widget, HiddenInput)]))


class StepFields:
    """The step's hidden fields (the version shown, the request's CSRF token) as a blank
    VersionedForm draws them, standing in for that form as the step's `action_form`: each form
    of the step draws them (the actions' buttons, the ratings, the draft's and the recording's
    forms). Binding the form cost about 190 calls on every assessment page and drawing its
    hidden fields about 40 each time; here they are written once a page, the same HTML
    (tests/unit/test_field_blocks.py compares). A refused action answers with its own
    ActionForm (its reason typed) in its place.

    With a prefix and values, the hidden fields of a blank form with that prefix holding those
    whole numbers after its version (the periodic evaluation's: its period)."""

    def __init__(self, version: int, prefix: str = "", **values: int) -> None:
        self.version = version
        self._prefix = f"{prefix}-" if prefix else ""
        self._values = values
        self._html = None

    def hidden_tag(self) -> Markup:
        if self._html is None:
            prefix = self._prefix  # an identifier, as the fields' names
            fields = [f'<input id="{prefix}version" name="{prefix}version" type="hidden" '
                      f'value="{self.version:d}">']
            for name, value in self._values.items():
                fields.append(f'<input id="{prefix}{name}" name="{prefix}{name}" type="hidden" '
                              f'value="{value:d}">')
            config = current_app.config
            if config.get("WTF_CSRF_ENABLED", True):  # as Flask-WTF's form Meta.csrf
                name = escape(self._prefix + config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
                fields.append(f'<input id="{name}" name="{name}" type="hidden" '
                              f'value="{escape(csrf_token())}">')
            self._html = Markup("\n".join(fields))
        return self._html


def _drawn_once(block):
    """block(field, hint), kept per catalogue for a field marked by VersionedForm.drawn_once
    and for a BlankForm's field (while it has no error): the blank new-RHK form's dozen fields
    drew the same HTML on every draft page, about 50 calls each."""
    @functools.wraps(block)
    def draw(field, hint=None) -> Markup:
        key = getattr(field, "drawn_as", None)
        if key is None or field.errors:
            return block(field, hint)
        key = (block, *key, field.data, type(hint), hint)
        made = per_catalogue()
        html = made.get(key)
        if html is None:  # a BlankForm's field is drawn as its form's bound field
            html = made[key] = block(getattr(field, "bound", field), hint)
        return html
    return draw


@_drawn_once
def field_block(field, hint=None) -> Markup:
    """`_macros/forms.html`'s field macro in Python, the same HTML (tests/unit/
    test_field_blocks.py compares them): the label, the input (described by its error or
    hint), the hint and the errors, in a div.field. The SKP's partials (_targets.html,
    _lampiran.html) draw the draft forms' fields with it: a dozen on the draft page, each
    about 300 calls through the macro (its call, its attribute look-ups, escaping each piece)
    and a third of that here."""
    errors = field.errors
    fid = escape(field.id)
    if errors:
        described = {"aria-describedby": f"{field.id}-error", "aria-invalid": "true"}
    elif hint:
        described = {"aria-describedby": f"{field.id}-hint"}
    else:
        described = {}
    hint_html = f'<small id="{fid}-hint" class="hint">{escape(hint)}</small>' if hint else ""
    errors_html = "".join(f'<small id="{fid}-error" class="error">{escape(error)}</small>'
                          for error in errors)
    return Markup(f'<div class="field{" has-error" if errors else ""}">\n'
                  f'  {_safe(field.label())}\n  \n  {_safe(field(**described))}\n'
                  f'  {hint_html}\n  {errors_html}\n</div>')


@_drawn_once
def checkbox_block(field, hint=None) -> Markup:
    """A checkbox with its label after it, its hint and its errors, in a div.field.check (the
    SKP's "makin kecil makin baik"), as _targets.html's checkbox macro drew it (tests/unit/
    test_field_blocks.py keeps that macro and compares)."""
    errors = field.errors
    widget = field(**({"aria-describedby": f"{field.id}-hint"} if hint else {}))
    hint_html = (f'<small id="{escape(field.id)}-hint" class="hint">{escape(hint)}</small>'
                 if hint else "")
    errors_html = "".join(f'<small class="error">{escape(error)}</small>' for error in errors)
    return Markup(f'<div class="field check{" has-error" if errors else ""}">\n'
                  f'  <label class="choice">{_safe(widget)} {escape(field.label.text)}</label>\n'
                  f'  {hint_html}\n  {errors_html}\n</div>')


class BlankForm:
    """A draft form as the page first shows it, built without input (the new RHK, the approach),
    standing in for it in _targets.html: its fields are drawn from the catalogue's copies
    (field_block, checkbox_block and radios_block keep each field's HTML, see _drawn_once)
    without binding the form's dozen fields on every view (about 40 calls each).

    build() makes the real form (its labels the class's: a field's copy is kept under its form
    class, name and data, see _BlankField): once per process and key (form class, approach) for
    its fields' names, and on a page whose copy of a field is missing (the first in a language).
    page: a form of the fields whose options are the page's (PageChoicesForm), drawn as they are.
    data: the fields given a value (the approach chosen); the others hold their defaults.
    Its hidden fields are the step's (the version shown and the request's CSRF token:
    _targets.html draws action_form's in their place), or hidden's (a StepFields), which
    hidden_tag() draws. A refused POST answers with the real form, as typed, instead
    (planning._refused)."""

    blank = True

    def __init__(self, build, key: tuple, page=None, hidden: StepFields | None = None,
                 **data) -> None:
        self._build, self._key, self._page, self._data = build, key, page, data
        self._hidden = hidden
        self._form = None
        names = _SHOWN_FIELDS.get(key)
        if names is None:
            names = _SHOWN_FIELDS[key] = frozenset(
                name for name, field in self.bound()._fields.items()
                if not isinstance(field.widget, HiddenInput))
        self._names = names

    def bound(self):
        """The real form, built on first need."""
        if self._form is None:
            self._form = self._build()
        return self._form

    def __contains__(self, name: str) -> bool:
        return name in self._names

    def hidden_tag(self) -> Markup:
        """The hidden fields given (hidden), as the real form's hidden_tag draws them."""
        return self._hidden.hidden_tag()

    def __getattr__(self, name: str):
        if name not in self._names:
            raise AttributeError(name)
        if self._page is not None and name in self._page:
            return self._page[name]
        return _BlankField(self, name)


# A BlankForm's shown fields' names per form class and approach (from the code alone).
_SHOWN_FIELDS: dict[tuple, frozenset[str]] = {}


class _BlankField:
    """A field of a BlankForm as _drawn_once keys it: its form class, id (a form drawn blank
    has no prefix, or always the same one, as the periodic evaluation's "periodic": its name)
    and, in place of its label, BlankForm (the class's label); bound: the real form's field,
    drawn when the catalogue has no copy yet."""

    errors = ()

    def __init__(self, form: BlankForm, name: str) -> None:
        self._form = form
        self.drawn_as = (form._key[0], name, BlankForm)  # its label: the form class's
        self.data = form._data.get(name, _DEFAULT)

    @property
    def bound(self):
        return self._form.bound()[self.drawn_as[1]]


_DEFAULT = object()  # a BlankForm's field holding its default (its key in _drawn_once)


def _safe(html) -> Markup:
    """escape(html) for a widget's or label's output: a Markup (as WTForms draws them) as it
    is, without escape's calls; anything else escaped."""
    return html if type(html) is Markup else escape(html)


@_drawn_once
def radios_block(field, _hint=None) -> Markup:
    """`_macros/forms.html`'s radios macro, the same HTML: the options in a fieldset whose
    legend is the label."""
    errors = field.errors
    drawn = radio_options(field)
    if drawn is None:
        drawn = [(option(), option.label.text) for option in field]
    options = "".join(f'\n  <label class="choice">{option} {escape(label)}</label>\n  '
                      for option, label in drawn)
    errors_html = "".join(f'<small class="error" role="alert">{escape(error)}</small>'
                          for error in errors)
    return Markup(f'<fieldset class="field{" has-error" if errors else ""}">\n'
                  f'  <legend>{escape(field.label.text)}</legend>\n  {options}\n'
                  f'  {errors_html}\n</fieldset>')


class TranslatedOnce:
    """A mixin giving the form's fields their labels, and the fields named in CHOICES (name ->
    labels mapping) their options, already in the request's language (portal.i18n.translated:
    once per catalogue and mapping) instead of lazy strings translated again each time one is
    drawn (about 20 calls a label, 30 an option). The same texts, the same HTML."""

    CHOICES: dict = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        fields = self._fields
        for name, text in translated(_lazy_labels(self)).items():
            fields[name].label.text = text
        for name, labels in self.CHOICES.items():
            if name in fields:
                fields[name].choices = _translated_choices(labels)


def _translated_choices(labels) -> list[SelectChoice]:
    """A field's options from a code -> lazy label mapping in the request's language, made once
    per catalogue and mapping (the options are only read: a new list for each field)."""
    made = per_catalogue()
    found = made.get(("choices", id(labels)))
    if found is None or found[0] is not labels:
        found = made[("choices", id(labels))] = (labels, [
            SelectChoice(value, label) for value, label in translated(labels).items()])
    return list(found[1])


_LAZY_LABELS: dict[type, dict[str, LazyString]] = {}


def _lazy_labels(form) -> dict[str, LazyString]:
    """The form class's fields' lazy labels by field name, gathered at its first form (the
    same objects for every form of the class: the fields' declarations hold them)."""
    labels = _LAZY_LABELS.get(type(form))
    if labels is None:
        labels = _LAZY_LABELS[type(form)] = {
            name: field.label.text for name, field in form._fields.items()
            if isinstance(field.label.text, LazyString)}
    return labels


class ActionForm(VersionedForm):
    """A workflow action button, with the reason that return paths require."""

    reason = TextAreaField(_l("Alasan"), validators=[Length(max=4000)])
    # Set by the confirmation's button only: the first POST asks, the confirmed one acts.
    confirmed = BooleanField()


def optional_id(value) -> int | None:
    """Coerce a posted id; the empty choice means none."""
    if value is None or value == "":
        return None
    return int(value)


def unless_objective(form, _field) -> None:
    """Skip the field's other checks when the indicator has an objective source (which sets
    the unit and the direction itself)."""
    if "data_source" in form and is_objective(form.data_source.data or ""):
        raise StopValidation()


# The services' empty option, translated once per catalogue (portal.i18n.translated): a lazy
# label took the option's slow path (escaped through its translation) on every draft page.
_ALL_SERVICES = {"": _l("— semua layanan yang saya tangani —")}


class IndicatorForm(TranslatedOnce, VersionedForm):
    """An Indikator Kinerja Individu with its aspect, target and where its realisation comes from.

    The target fields depend on the SKP's approach: call for_approach() before validating or
    showing the form, which drops the other approach's fields (only a quantitative indicator can
    have an objective data source). The service choices are the employee's agency's, set per
    page; the planning service checks the id.
    """

    CHOICES = {"aspect": ASPECT_LABELS, "data_source": DATA_SOURCE_LABELS}

    QUANTITATIVE = ("target_value", "target_max", "target_unit", "lower_is_better",
                    "data_source", "source_service_id")
    QUALITATIVE = ("target_text", "perspective")

    aspect = SelectField(_l("Aspek"), choices=choices(ASPECT_LABELS))
    text = StringField(_l("Indikator Kinerja Individu (IKI)"), validators=[
        DataRequired(_l("Isi indikator kinerja.")), Length(max=1000)])
    target_value = LocalDecimalField(_l("Target"), validators=[
        InputRequired(_l("Isi target berupa angka."))])
    target_max = LocalDecimalField(_l("Batas atas rentang"))
    target_unit = StringField(_l("Satuan"), validators=[
        unless_objective, DataRequired(_l("Isi satuan target, misalnya dokumen atau %.")),
        Length(max=40)])
    lower_is_better = BooleanField(_l("Makin kecil makin baik"))
    target_text = TextAreaField(_l("Ukuran keberhasilan"), validators=[
        DataRequired(_l("Isi ukuran keberhasilan (target kualitatif).")), Length(max=2000)])
    perspective = SelectField(_l("Perspektif"), choices=[
        SelectChoice("", _l("— pilih perspektif —")), *choices(PERSPECTIVE_LABELS)],
        validators=[DataRequired(_l("Pilih perspektif indikator."))])
    # The planning service refuses an unknown source or service with a message of its own.
    data_source = SelectField(_l("Sumber data realisasi"), choices=choices(DATA_SOURCE_LABELS),
                              default="manual", validate_choice=False)
    source_service_id = SelectField(_l("Layanan"), coerce=optional_id, choices=[],
                                    validate_choice=False)

    def for_approach(self, approach: str):
        """Keep only the target fields of approach ('kuantitatif' or 'kualitatif'); returns self."""
        for name in self.QUALITATIVE if approach == "kuantitatif" else self.QUANTITATIVE:
            if name in self:
                del self[name]
        return self

    def with_services(self, services) -> "IndicatorForm":
        """Offer services (the employee's agency's: pairs of id and name) for the source;
        returns self."""
        if "source_service_id" in self:
            self.source_service_id.choices = [
                SelectChoice("", translated(_ALL_SERVICES)[""]),
                *(SelectChoice(str(id_), name) for id_, name in services)]
        return self

    def target(self) -> dict:
        """The target as typed, as keyword arguments of the planning service."""
        return {name: self[name].data for name in self.QUANTITATIVE + self.QUALITATIVE
                if name in self}


class RhkForm(IndicatorForm):
    """A new Rencana Hasil Kerja together with its first indicator (an RHK needs one)."""

    CHOICES = {**IndicatorForm.CHOICES, "kind": KIND_LABELS}

    kind = SelectField(_l("Jenis"), choices=choices(KIND_LABELS))
    rhk_text = TextAreaField(_l("Rencana Hasil Kerja"), validators=[
        DataRequired(_l("Isi rencana hasil kerja.")), Length(max=2000)])
    # Choices (the supervisor's approved RHK) are set per page; the service checks the id.
    parent_rhk_id = SelectField(_l("RHK pimpinan yang diintervensi"), coerce=optional_id,
                                choices=[], validate_choice=False)


class PageChoicesForm(TranslatedOnce, PortalForm):
    """The new-RHK form's fields whose options are the page's (the supervisor's RHK, the
    agency's services), alone: a BlankForm's `page` (its other fields drawn once per
    catalogue). The same fields, ids and options as RhkForm's; no CSRF token of its own."""

    parent_rhk_id = RhkForm.parent_rhk_id
    source_service_id = IndicatorForm.source_service_id
    with_services = IndicatorForm.with_services

    def __init__(self, parents: list[SelectChoice], services) -> None:
        super().__init__(formdata=None, meta={"csrf": False})
        self.parent_rhk_id.choices = parents
        self.with_services(services)


class CalibrationForm(VersionedForm):
    """The committee's change to the two ratings, with its written reason."""

    rating_hasil_kerja = RadioField(_l("Rating hasil kerja"), choices=choices(RATING_LABELS),
                                    validators=[InputRequired(_l("Pilih rating hasil kerja."))])
    rating_perilaku = RadioField(_l("Rating perilaku kerja"), choices=choices(RATING_LABELS),
                                 validators=[InputRequired(_l("Pilih rating perilaku kerja."))])
    reason = TextAreaField(_l("Alasan perubahan"), validators=[
        DataRequired(_l("Alasan wajib diisi.")), Length(max=4000)])


class RatingForm(VersionedForm):
    """The supervisor's two ratings, each with its written justification."""

    rating_hasil_kerja = CalibrationForm.rating_hasil_kerja
    hasil_kerja_note = TextAreaField(_l("Justifikasi rating hasil kerja"), validators=[
        DataRequired(_l("Justifikasi rating hasil kerja wajib diisi.")), Length(max=4000)])
    rating_perilaku = CalibrationForm.rating_perilaku
    perilaku_note = TextAreaField(_l("Justifikasi rating perilaku kerja"), validators=[
        DataRequired(_l("Justifikasi rating perilaku kerja wajib diisi.")), Length(max=4000)])


class PeriodicRatingForm(RatingForm):
    """The supervisor's evaluation of one month or quarter: two ratings with justifications."""

    period_no = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class RhkEditForm(TranslatedOnce, VersionedForm):
    """An RHK's kind, text and the supervisor's RHK it intervenes (its indicators apart)."""

    CHOICES = {"kind": KIND_LABELS}

    kind = RhkForm.kind
    rhk_text = RhkForm.rhk_text
    parent_rhk_id = RhkForm.parent_rhk_id


class ApproachForm(TranslatedOnce, VersionedForm):
    """The SKP's approach, chosen by the employee while drafting."""

    CHOICES = {"approach": APPROACH_LABELS}

    approach = RadioField(_l("Pilih pendekatan"), choices=choices(APPROACH_LABELS),
                          validators=[InputRequired(_l("Pilih pendekatan SKP."))])


class RhkCommentForm(VersionedForm):
    """The supervisor's comment on one RHK of a submitted SKP (empty clears it)."""

    comment = TextAreaField(_l("Komentar atasan"), validators=[Length(max=4000)])


class LampiranForm(VersionedForm):
    """A new line of one of the Lampiran SKP's lists (the list is in the URL)."""


    text = StringField(_l("Baris baru"), validators=[
        DataRequired(_l("Isi teks baris lampiran.")), Length(max=2000)])


class ExpectationsForm(VersionedForm):
    """The supervisor's ekspektasi khusus pimpinan, one text per BerAKHLAK value."""

    def texts(self) -> dict[str, str]:
        return {value.code: self[value.code].data or "" for value in BERAKHLAK}


for _value in BERAKHLAK:  # one field per value, named by its code
    setattr(ExpectationsForm, _value.code, TextAreaField(
        _l("Ekspektasi khusus pimpinan untuk %(value)s", value=_value.name),
        validators=[Length(max=2000)]))
del _value
