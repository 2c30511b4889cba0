"""The portal's forms draw their widgets (portal.fields.render_widget) exactly as WTForms does."""
from __future__ import annotations

import pytest
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField, IntegerField, Label, PasswordField, RadioField, SelectChoice, SelectField,
    SelectMultipleField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import HiddenInput, PasswordInput

from portal.assessments.forms import CalibrationForm, RatingForm, RhkForm
from portal.fields import FastLabel, LocalDecimalField
from portal.forms import PortalForm


class Everything(PortalForm):
    """One field of each kind the portal draws, with flags, defaults and awkward values."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    name = StringField("Nama", validators=[DataRequired(), Length(max=40)],
                       render_kw={"placeholder": 'a "quoted" <tag>', "data_x_y": "1"})
    note = TextAreaField("Catatan", validators=[Length(min=2, max=400)])
    amount = LocalDecimalField("Jumlah")
    agree = BooleanField("Setuju")
    odd = StringField("It's \"odd\" & <b>", id='o"d&d')
    kind = SelectField("Jenis", choices=[SelectChoice("a", "A & B"),
                                         SelectChoice("b", Markup("<b>B</b>")),
                                         SelectChoice("", "— none —"),
                                         SelectChoice("it's \"c\" & <d>", "it's <e> & \"f\"")])
    grouped = SelectField("Grup", coerce=int, choices=[
        SelectChoice(1, "x", optgroup="Satu"), SelectChoice(2, 'y "2"', optgroup="Satu"),
        SelectChoice(3, "z", optgroup='"Dua" & <3>')])
    mixed = SelectField("Campur", choices=[
        SelectChoice("1", "x", optgroup="Satu"), SelectChoice("4", "w"),
        SelectChoice("2", Markup("<i>y</i>"), optgroup="Satu"), SelectChoice("5", "v"),
        SelectChoice("3", "z", optgroup="Dua", render_kw={"disabled": True})], default="2")
    flag = SelectField("Flag", choices=[SelectChoice(True, "ya"), SelectChoice(False, "tidak")],
                       coerce=bool)
    rating = RadioField("Rating", choices=[SelectChoice("above", "Di atas"),
                                           SelectChoice("below", "Di bawah")],
                        validators=[InputRequired()])
    many = SelectMultipleField("Banyak", choices=[SelectChoice("1", "satu"),
                                                  SelectChoice("2", "dua")])
    secret = PasswordField("Sandi")
    kept_secret = PasswordField("Sandi lagi", widget=PasswordInput(hide_value=False),
                                validators=[Length(min=8)])


FORMDATA = MultiDict({"version": "3", "name": '<x> & "y"', "note": "a\r\nb <i>", "amount": "1,5",
                      "agree": "y", "kind": "b", "grouped": "2", "mixed": "5", "flag": "True",
                      "rating": "below", "many": "2", "secret": "s",
                      "kept_secret": 'a "b" <c>'})


def _forms():
    yield Everything(formdata=None, meta={"csrf": False})
    yield Everything(formdata=FORMDATA, meta={"csrf": False})
    rhk = RhkForm(formdata=None, meta={"csrf": False})
    rhk.parent_rhk_id.choices = [SelectChoice("", "—"),
                                 SelectChoice("4", "RHK <4>", optgroup="A. Utama")]
    yield rhk
    yield RatingForm(formdata=None, meta={"csrf": False}, rating_hasil_kerja="meets")
    yield CalibrationForm(formdata=MultiDict({"reason": ""}), meta={"csrf": False})


ATTRIBUTES = [{}, {"aria-describedby": "x-hint"}, {"aria_invalid": "true", "class_": "big"},
              {"rows": 2, "readonly": True, "disabled": False, "value": Markup('"v"')},
              {"data-value": None, "required": False, "maxlength": 3},
              {"title": "it's \"q\" & <t>", "data-n": -3, "tabindex": 0}]


@pytest.mark.parametrize("attributes", ATTRIBUTES)
def test_every_widget_renders_as_wtforms_renders_it(app, attributes):
    with app.test_request_context():
        for form in _forms():
            form.validate()  # errors and flags as on a refused POST
            for field in form:
                options = list(field) if isinstance(field, RadioField) else []
                for drawn in (field, *options):
                    given = dict(attributes)
                    expected = drawn.widget(drawn, **{
                        **{key.rstrip("_").replace("_", "-") if key.startswith(("data_", "aria_"))
                           else key.rstrip("_"): value
                           for key, value in (drawn.render_kw or {}).items()},
                        **{key.rstrip("_").replace("_", "-") if key.startswith(("data_", "aria_"))
                           else key.rstrip("_"): value for key, value in given.items()}})
                    assert drawn(**attributes) == expected, (type(form).__name__, drawn.name)


@pytest.mark.parametrize("attributes", [{}, {"text": 'Nama <b>"x"</b>'}, {"for_": "other"},
                                        {"class_": "big", "aria_hidden": True}])
def test_every_label_renders_as_wtforms_renders_it(app, attributes):
    with app.test_request_context():
        for form in _forms():
            for field in form:
                assert type(field.label) is FastLabel
                drawn = field.label(**dict(attributes))
                expected = Label.__call__(field.label, **dict(attributes))
                assert drawn == expected, (type(form).__name__, field.name)
