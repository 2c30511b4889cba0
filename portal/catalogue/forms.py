"""Forms of the service catalogue."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Optional

from portal.fields import choices
from portal.forms import Length, NumberRange, PortalForm

STANDARD_UNITS = {"minutes": _l("menit"), "hours": _l("jam")}
MINUTES_PER = {"minutes": 1, "hours": 60}


class ServiceForm(PortalForm):
    """A service of a unit: its name, service standard and whether citizens can rate it now.

    The standard is typed in minutes or hours and stored in minutes; the code is never typed.
    """

    unit_id = SelectField(_l("Unit pemberi layanan"), coerce=int, validators=[
        InputRequired(_l("Pilih unit pemberi layanan."))])
    name = StringField(_l("Nama layanan"), validators=[
        DataRequired(_l("Isi nama layanan.")), Length(max=200)])
    standard_value = IntegerField(_l("Standar waktu penyelesaian"), validators=[
        Optional(),
        NumberRange(min=1, max=100000, message=_l("Isi bilangan bulat lebih dari nol."))])
    standard_unit = SelectField(_l("Satuan standar waktu"), choices=choices(STANDARD_UNITS),
                                default="minutes")
    active = BooleanField(_l("Aktif (survei dapat diisi)"), default=True)

    @property
    def standard_minutes(self) -> int | None:
        if self.standard_value.data is None:
            return None
        return self.standard_value.data * MINUTES_PER.get(self.standard_unit.data, 1)

    def show_standard(self, minutes: int | None) -> None:
        """Fill the standard fields from a stored number of minutes (whole hours as hours)."""
        if minutes is None:
            return
        unit = "hours" if minutes % 60 == 0 else "minutes"
        self.standard_value.data = minutes // MINUTES_PER[unit]
        self.standard_unit.data = unit


class OfficerForm(PortalForm):
    """Name an employee (chosen from the search) as an officer of the service."""

    employee_id = IntegerField(validators=[InputRequired()])
