"""The SKP's partials draw the draft step's forms' fields as `_macros/forms.html`'s field and
radios macros draw them (portal.assessments.forms.field_block, radios_block), the forms' labels
and options translated once per catalogue (TranslatedOnce): the same HTML, in both languages,
blank, filled and refused."""
from __future__ import annotations

import pytest
from flask import session
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice
from wtforms.fields.core import UnboundField

from portal.assessments.forms import (
    ApproachForm, BlankForm, CalibrationForm, IndicatorForm, LampiranForm, PageChoicesForm,
    PeriodicRatingForm, RatingForm, RhkEditForm, RhkForm, StepFields, VersionedForm, checkbox_block, field_block,
    radios_block,
)
from portal.assessments.execution import periodic_rating_form
from portal.forms import PortalForm

MACROS = '{% from "_macros/forms.html" import field, radios %}'
HINTS = [None, "", Markup("Angka; <b>desimal</b> dengan koma."), 'Teks "biasa" & <apa saja>']
PARENTS = [SelectChoice("", "— pilih RHK pimpinan —"),
           SelectChoice("4", 'RHK <4> & "lima"', optgroup="A. Utama"),
           SelectChoice("9", "RHK tambahan", optgroup="B. Tambahan")]
SERVICES = [SelectChoice("", "— semua layanan —"), SelectChoice("7", "Akta & KK")]
BAD = MultiDict({"version": "x", "kind": "lain", "rhk_text": "", "aspect": "waktu", "text": "",
                 "target_value": "12.5", "target_max": "abc", "target_unit": "",
                 "lower_is_better": "y", "data_source": "records_avg_hours",
                 "source_service_id": "7", "parent_rhk_id": "4", "approach": "lain",
                 "target_text": "", "perspective": ""})
GOOD = MultiDict({"version": "3", "kind": "tambahan", "rhk_text": 'RHK <b>"x"</b>',
                  "aspect": "kualitas", "text": "Jumlah & mutu", "target_value": "98,5",
                  "target_unit": "%", "data_source": "manual", "parent_rhk_id": "9",
                  "approach": "kualitatif", "target_text": "Tercapai", "perspective": ""})


def plain_twin(form_class):
    """A form with form_class's fields but not its translating: its labels and options lazy
    strings."""
    fields = {name: getattr(form_class, name) for name in dir(form_class)
              if isinstance(getattr(form_class, name, None), UnboundField)}
    fields |= {name: getattr(form_class, name) for name in ("QUANTITATIVE", "QUALITATIVE")
               if hasattr(form_class, name)}  # what for_approach reads
    return type(f"Plain{form_class.__name__}", (PortalForm,), fields)


def pairs():
    """(draft form, its plain twin) in every state the page shows them."""
    for form_class, approach in [(RhkForm, "kuantitatif"), (RhkForm, "kualitatif"),
                                 (IndicatorForm, "kuantitatif"), (RhkEditForm, None),
                                 (ApproachForm, None), (LampiranForm, None),
                                 (RatingForm, None), (CalibrationForm, None)]:
        for formdata in (None, BAD, GOOD):
            forms = []
            for cls in (form_class, plain_twin(form_class)):
                form = cls(formdata=formdata, meta={"csrf": False}, prefix="p")
                if approach:
                    IndicatorForm.for_approach(form, approach)
                if "parent_rhk_id" in form:
                    form.parent_rhk_id.choices = PARENTS
                if "source_service_id" in form:
                    form.source_service_id.choices = SERVICES
                if formdata is not None:
                    form.validate()
                forms.append(form)
            yield tuple(forms)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_draft_forms_draw_every_field_as_the_macros_do(app, lang):
    with app.test_request_context():
        session["lang"] = lang
        template = app.jinja_env.from_string(
            MACROS + "{{ field(f, hint=hint) if kind == 'field' else radios(f) }}")
        drawn = 0
        for draft, plain in pairs():
            for name in plain._fields:
                for kind, hints in (("field", HINTS), ("radios", [None])):
                    if kind == "radios" and plain[name].type != "RadioField":
                        continue
                    for hint in hints:
                        expected = template.render(f=plain[name], hint=hint, kind=kind)
                        through_macro = template.render(f=draft[name], hint=hint, kind=kind)
                        direct = (field_block(draft[name], hint) if kind == "field"
                                  else radios_block(draft[name]))
                        assert direct == through_macro == expected, (
                            type(draft).__name__, name, kind, hint)
                        drawn += 1
        assert drawn > 200


# The checkbox macro _targets.html drew "makin kecil makin baik" with, before checkbox_block.
CHECKBOX = """{% macro checkbox(f, hint=None) -%}
<div class="field check{% if f.errors %} has-error{% endif %}">
  <label class="choice">{{ f(**({'aria-describedby': f.id ~ '-hint'} if hint else {})) }} {{ f.label.text }}</label>
  {% if hint %}<small id="{{ f.id }}-hint" class="hint">{{ hint }}</small>{% endif %}
  {% for error in f.errors %}<small class="error">{{ error }}</small>{% endfor %}
</div>
{%- endmacro %}{{ checkbox(f, hint=hint) }}"""


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_checkbox_is_drawn_as_its_macro_drew_it(app, lang):
    with app.test_request_context():
        session["lang"] = lang
        template = app.jinja_env.from_string(CHECKBOX)
        drawn = 0
        for draft, plain in pairs():
            if "lower_is_better" not in plain:
                continue
            for errors in ([], ['Pilih <salah> satu & "benar"', "Kedua"]):
                plain.lower_is_better.errors = draft.lower_is_better.errors = errors
                for hint in HINTS:
                    expected = template.render(f=plain.lower_is_better, hint=hint)
                    assert checkbox_block(draft.lower_is_better, hint) == expected, (
                        type(draft).__name__, errors, hint)
                    drawn += 1
        assert drawn >= 48


@pytest.mark.parametrize("lang", ["id", "en"])
def test_blank_forms_draw_their_fields_as_the_forms_do(app, lang):
    """The approach and the new RHK as first shown (BlankForm) draw each field as the real
    blank form does, the first time and from the catalogue's copy the second; the fields whose
    options are the page's as the page set them; the same fields shown."""
    with app.test_request_context():
        session["lang"] = lang
        for approach in (None, "kuantitatif", "kualitatif"):
            for _ in range(2):  # the first draws and keeps, the second reads the copy
                real = RhkForm(formdata=None, version=3).for_approach(approach)
                real.parent_rhk_id.choices = PARENTS
                real.with_services([(7, "Akta & KK"), (9, "KTP <el>")])
                blank = BlankForm(
                    lambda: RhkForm(formdata=None, version=3).for_approach(approach),
                    (RhkForm, approach),
                    page=PageChoicesForm(PARENTS, [(7, "Akta & KK"), (9, "KTP <el>")]))
                shown = [name for name in real._fields if name not in ("version", "csrf_token")]
                every = {*shown, *RhkForm.QUANTITATIVE, *RhkForm.QUALITATIVE, "version",
                         "csrf_token"}
                assert {name for name in every if name in blank} == set(shown)
                for name in shown:
                    for hint in HINTS:
                        assert (field_block(getattr(blank, name), hint)
                                == field_block(real[name], hint)), (approach, name, hint)
                    if name == "lower_is_better":
                        assert (checkbox_block(blank.lower_is_better, "x")
                                == checkbox_block(real.lower_is_better, "x"))
                blank_approach = BlankForm(
                    lambda: ApproachForm(formdata=None, version=3, approach=approach),
                    (ApproachForm, None), approach=approach)
                assert (radios_block(blank_approach.approach) == radios_block(
                    ApproachForm(formdata=None, version=3, approach=approach).approach))


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_blank_rating_form_draws_its_fields_as_the_form_does(app, lang):
    """The supervisor's rating form before anything is saved (a BlankForm) draws each field as
    the real blank form does, the first time and from the catalogue's copy the second."""
    with app.test_request_context():
        session["lang"] = lang
        for _ in range(2):
            real = RatingForm(formdata=None, version=3)
            blank = BlankForm(lambda: RatingForm(formdata=None, version=3), (RatingForm,))
            assert {name for name in real._fields if name in blank} == {
                "rating_hasil_kerja", "hasil_kerja_note", "rating_perilaku", "perilaku_note"}
            for name in ("rating_hasil_kerja", "rating_perilaku"):
                assert radios_block(getattr(blank, name)) == radios_block(real[name])
            for name in ("hasil_kerja_note", "perilaku_note"):
                assert field_block(getattr(blank, name)) == field_block(real[name])


@pytest.mark.parametrize("csrf", [True, False])
def test_the_step_fields_are_a_blank_versioned_forms_hidden_fields(app, csrf):
    """StepFields writes what a blank VersionedForm's hidden_tag draws, with CSRF on or off,
    the same on every draw."""
    app.config["WTF_CSRF_ENABLED"] = csrf
    with app.test_request_context():
        fields = StepFields(25)
        expected = VersionedForm(formdata=None, version=25).hidden_tag()
        assert fields.hidden_tag() == expected
        assert fields.hidden_tag() == expected
        assert ('name="csrf_token"' in expected) is csrf


@pytest.mark.parametrize("csrf", [True, False])
def test_prefixed_step_fields_are_a_blank_periodic_forms_hidden_fields(app, csrf):
    """StepFields with a prefix and values writes what the blank periodic evaluation's
    hidden_tag draws (its version, its period, the CSRF token, each prefixed)."""
    app.config["WTF_CSRF_ENABLED"] = csrf
    with app.test_request_context():
        expected = PeriodicRatingForm(formdata=None, prefix="periodic", version=7,
                                      period_no=11).hidden_tag()
        assert StepFields(7, "periodic", period_no=11).hidden_tag() == expected
        assert ('name="periodic-csrf_token"' in expected) is csrf


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_blank_periodic_form_draws_its_fields_as_the_form_does(app, lang):
    """The periodic evaluation before its period is rated (a BlankForm, from
    execution.periodic_rating_form) draws its hidden fields and each field as the real blank
    form does, the first time and from the catalogue's copy the second, whatever its period."""
    with app.test_request_context():
        session["lang"] = lang
        for number in (1, 4, 1):
            real = PeriodicRatingForm(formdata=None, prefix="periodic", version=3,
                                      period_no=number)
            blank = periodic_rating_form(3, number, None)
            assert blank.blank and blank.hidden_tag() == real.hidden_tag()
            for name in ("rating_hasil_kerja", "rating_perilaku"):
                assert radios_block(getattr(blank, name)) == radios_block(real[name])
            for name in ("hasil_kerja_note", "perilaku_note"):
                assert field_block(getattr(blank, name)) == field_block(real[name])


@pytest.mark.parametrize("lang", ["id", "en"])
def test_fields_drawn_once_draw_as_the_unmarked_ones(app, lang):
    """A Lampiran form marked drawn_once draws its field as an unmarked twin does, from the
    catalogue's copy the second time; with an error, anew."""
    with app.test_request_context():
        session["lang"] = lang
        for _ in range(2):
            marked, plain = [LampiranForm(formdata=None, prefix="konsekuensi", version=3)
                             for _ in range(2)]
            marked.drawn_once()
            for hint in HINTS:
                assert field_block(marked.text, hint) == field_block(plain.text, hint)
        marked.text.errors = plain.text.errors = ["Isi teks baris lampiran."]
        assert field_block(marked.text) == field_block(plain.text)
        assert "has-error" in field_block(marked.text)
