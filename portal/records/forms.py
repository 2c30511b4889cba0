"""Forms of the records blueprint."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField
from wtforms.validators import InputRequired

from portal.fields import choices
from portal.forms import PortalForm
from portal.records.labels import IMPORT_MODE_LABELS


class UploadForm(PortalForm):
    """A file of service records and whether to import all-or-nothing or the valid rows."""

    file = FileField(_l("Berkas CSV atau Excel (.xlsx)"),
                     validators=[FileRequired(_l("Pilih berkas yang akan diimpor."))])
    mode = RadioField(_l("Cara impor"), choices=choices(IMPORT_MODE_LABELS), default="all",
                      validators=[InputRequired(_l("Pilih cara impor."))])
