"""Forms of the people blueprint."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField, PasswordField, RadioField, SelectField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Optional

from portal.fields import choices
from portal.forms import Length, PortalForm

RUN_LABELS = {
    "dry_run": _l("Uji coba: periksa dan tampilkan perubahan, tanpa menyimpan"),
    "import": _l("Impor: periksa lalu simpan baris yang valid"),
}


class UploadForm(PortalForm):
    """An organisation or employee file, and whether to try it first or import it."""

    file = FileField(_l("Berkas CSV atau Excel (.xlsx)"),
                     validators=[FileRequired(_l("Pilih berkas yang akan diimpor."))])
    run = RadioField(_l("Cara"), choices=choices(RUN_LABELS), default="dry_run",
                     validators=[InputRequired(_l("Pilih uji coba atau impor."))])


class EmployeeUploadForm(UploadForm):
    """An employee file names no agency: the admin chooses the one whose staff it lists."""

    agency_id = SelectField(_l("Instansi"), coerce=int,
                            validators=[InputRequired(_l("Pilih instansi."))])


class ReasonForm(PortalForm):
    """Why an admin changes an account (kept in the account's audit)."""

    reason = TextAreaField(_l("Alasan"), validators=[
        DataRequired(_l("Tulis alasan perubahan ini.")), Length(max=1000)])


PASSWORD_MODES = {
    "temporary": _l("Buat kata sandi sementara (ditampilkan sekali)"),
    "typed": _l("Tetapkan kata sandi sementara sendiri"),
}


class ResetPasswordForm(ReasonForm):
    """Reset a password: a temporary one made here or one the admin types."""

    mode = RadioField(_l("Kata sandi baru"), choices=choices(PASSWORD_MODES), default="temporary",
                      validators=[InputRequired(_l("Pilih cara reset."))])
    password = PasswordField(_l("Kata sandi sementara"), validators=[Optional()])


class GrantRoleForm(ReasonForm):
    """Grant a role, in one agency unless it is the BKD admin role."""

    role = SelectField(_l("Peran"), validators=[InputRequired(_l("Pilih peran."))])
    agency_id = SelectField(_l("Instansi (untuk tim penilai dan pimpinan)"), coerce=int,
                            validators=[Optional()])


MOVE_KIND_LABELS = {
    "mutasi": _l("Mutasi (pindah jabatan atau unit)"),
    "promosi": _l("Promosi"),
    "plt": _l("Pelaksana Tugas (Plt), di samping jabatannya sendiri"),
    "plh": _l("Pelaksana Harian (Plh), di samping jabatannya sendiri"),
}


class MoveForm(PortalForm):
    """A move of one employee: the post taken, how, and from when."""

    kind = SelectField(_l("Jenis"), choices=choices(MOVE_KIND_LABELS),
                       validators=[InputRequired(_l("Pilih jenis perpindahan."))])
    position_id = SelectField(_l("Jabatan tujuan"), coerce=int,
                              validators=[InputRequired(_l("Pilih jabatan tujuan."))])
    starts_on = DateField(_l("Berlaku mulai"),
                          validators=[InputRequired(_l("Isi tanggal mulai berlaku."))])


class LeaveForm(PortalForm):
    """A leaver: the last day of service."""

    ends_on = DateField(_l("Tanggal berhenti"),
                        validators=[InputRequired(_l("Isi tanggal berhenti."))])


class EndActingForm(PortalForm):
    """The end of an acting post (Plt/Plh)."""

    ends_on = DateField(_l("Berakhir pada"),
                        validators=[InputRequired(_l("Isi tanggal berakhir."))])


# --- the organisation kept by hand (portal.people.org) ------------------------------------------

class AgencyForm(PortalForm):
    """An agency's code and name."""

    code = StringField(_l("Kode instansi"), validators=[
        DataRequired(_l("Isi kode instansi.")), Length(max=20)])
    name = StringField(_l("Nama instansi"), validators=[
        DataRequired(_l("Isi nama instansi.")), Length(max=200)])


class UnitForm(PortalForm):
    """A unit's name and the unit it sits under."""

    name = StringField(_l("Nama unit"), validators=[
        DataRequired(_l("Isi nama unit.")), Length(max=200)])
    parent_id = SelectField(_l("Di bawah unit"), coerce=int, validators=[Optional()])


class PositionForm(PortalForm):
    """A post: its unit, title, jenis jabatan, jenjang (functional posts only) and the post it
    reports to, chosen among the posts of the agency picked in parent_agency_id."""

    unit_id = SelectField(_l("Unit"), coerce=int,
                          validators=[InputRequired(_l("Pilih unit."))])
    title = StringField(_l("Nama jabatan"), validators=[
        DataRequired(_l("Isi nama jabatan.")), Length(max=200)])
    kind = SelectField(_l("Jenis jabatan"),
                       validators=[InputRequired(_l("Pilih jenis jabatan."))])
    jenjang = SelectField(_l("Jenjang (khusus jabatan fungsional)"), validators=[Optional()])
    parent_agency_id = SelectField(_l("Instansi atasan langsung"), coerce=int,
                                   validators=[Optional()])
    parent_id = SelectField(_l("Atasan langsung (jabatan)"), coerce=int, validators=[Optional()])
