"""Forms of the indicator library: a template (admins), the agencies' sectors (admins), and the
choice of templates an employee copies into a draft SKP."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, FieldList, FormField, IntegerField, RadioField, SelectChoice, SelectField,
    SelectMultipleField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired
from wtforms.widgets import HiddenInput

from portal.assessments.forms import optional_id
from portal.fields import LocalDecimalField, choices
from portal.forms import Length, PortalForm
from portal.labels import (
    APPROACH_LABELS, ASPECT_LABELS, DATA_SOURCE_LABELS, KIND_LABELS, PERSPECTIVE_LABELS,
    SECTOR_LABELS,
)
from portal.services.library import IndicatorInput
from portal.services.library.catalogue import MAX_INDICATORS


class TemplateIndicatorForm(PortalForm):
    """One indicator row of a template; a row left empty is skipped. The library service checks
    the row by the SKP's rules in the template's approach (a number and unit, or a success
    measure and perspective)."""

    class Meta(PortalForm.Meta):
        csrf = False  # a row of TemplateForm, which carries the token

    aspect = SelectField(_l("Aspek"), choices=choices(ASPECT_LABELS))
    text = StringField(_l("Indikator Kinerja Individu (IKI)"), validators=[Length(max=1000)])
    target_value = LocalDecimalField(_l("Target"))
    target_max = LocalDecimalField(_l("Batas atas rentang"))
    target_unit = StringField(_l("Satuan"), validators=[Length(max=40)])
    lower_is_better = BooleanField(_l("Makin kecil makin baik"))
    target_text = TextAreaField(_l("Ukuran keberhasilan (kualitatif)"),
                                validators=[Length(max=2000)])
    perspective = SelectField(_l("Perspektif (kualitatif)"), choices=[
        SelectChoice("", _l("— tidak ada —")), *choices(PERSPECTIVE_LABELS)], default="")
    data_source = SelectField(_l("Sumber data realisasi"), choices=choices(DATA_SOURCE_LABELS),
                              default="manual")

    def value(self) -> IndicatorInput:
        return IndicatorInput(
            aspect=self.aspect.data, text=self.text.data or "",
            target_value=self.target_value.data, target_max=self.target_max.data,
            target_unit=self.target_unit.data or "", lower_is_better=self.lower_is_better.data,
            target_text=self.target_text.data or None, perspective=self.perspective.data or None,
            data_source=self.data_source.data)


class TemplateForm(PortalForm):
    """A template of the library: its sector, the post it suits, the RHK and its indicators."""

    sector = SelectField(_l("Sektor"), choices=choices(SECTOR_LABELS), validators=[
        InputRequired(_l("Pilih sektor."))])
    post = StringField(_l("Jabatan yang cocok"), validators=[
        DataRequired(_l("Isi jabatan yang cocok untuk templat ini.")), Length(max=200)])
    approach = RadioField(_l("Pendekatan"), choices=choices(APPROACH_LABELS),
                          default="kuantitatif",
                          validators=[InputRequired(_l("Pilih pendekatan SKP."))])
    kind = SelectField(_l("Jenis"), choices=choices(KIND_LABELS))
    rhk_text = TextAreaField(_l("Rencana Hasil Kerja"), validators=[
        DataRequired(_l("Isi rencana hasil kerja.")), Length(max=2000)])
    indicators = FieldList(FormField(TemplateIndicatorForm), min_entries=MAX_INDICATORS,
                           max_entries=MAX_INDICATORS)

    def values(self) -> dict:
        """The template as typed, as keyword arguments of the library service."""
        return {"sector": self.sector.data, "post": self.post.data or "",
                "approach": self.approach.data, "kind": self.kind.data,
                "text": self.rhk_text.data or "",
                "indicators": [row.form.value() for row in self.indicators]}

    def show(self, template) -> None:
        """Fill the form from a stored template (its empty rows stay empty)."""
        self.sector.data, self.post.data = template.sector, template.post
        self.approach.data, self.kind.data = template.approach, template.kind
        self.rhk_text.data = template.text
        for row, item in zip(self.indicators, template.indicators):
            form = row.form
            form.aspect.data, form.text.data = item.aspect, item.text
            form.target_value.data, form.target_max.data = item.target_value, item.target_max
            form.target_unit.data, form.lower_is_better.data = item.target_unit, item.lower_is_better
            form.target_text.data, form.perspective.data = item.target_text, item.perspective or ""
            form.data_source.data = item.data_source


def sectors_form(rows, **kwargs) -> PortalForm:
    """One sector choice per agency (rows: (agency, sector or None)), named a<agency id>."""
    class AgencySectorsForm(PortalForm):
        pass

    options = [SelectChoice("", _l("Administrasi umum saja")),
               *(SelectChoice(code, label) for code, label in SECTOR_LABELS.items()
                 if code != "umum")]
    for agency, sector in rows:
        setattr(AgencySectorsForm, f"a{agency.id}", SelectField(
            agency.name, choices=options, default=sector or ""))
    return AgencySectorsForm(**kwargs)


class ApplyForm(PortalForm):
    """The templates an employee copies into the draft SKP, with the supervisor's RHK they
    intervene and the service their objective indicators measure (choices set per page; the
    service checks every id)."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    template_ids = SelectMultipleField(_l("Templat"), coerce=int, choices=[],
                                       validate_choice=False)
    parent_rhk_id = SelectField(_l("RHK pimpinan yang diintervensi"), coerce=optional_id,
                                choices=[], validate_choice=False)
    source_service_id = SelectField(_l("Layanan untuk indikator dengan sumber data objektif"),
                                    coerce=optional_id, choices=[], validate_choice=False)
