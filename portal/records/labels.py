"""Texts of the service-record import: row problems, statuses and modes (registered as Jinja
globals by the records blueprint)."""
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from portal.labels import REFUSALS
from portal.services.execution.records_import import max_rows
from portal.services.execution.records_parse import DATE_FORMATS, FIRST_YEAR, LAST_YEAR

# ImportProblem.problem -> the message shown in the report; %(value)s is the problem's value.
IMPORT_PROBLEMS = {
    "missing_column": _l("Kolom wajib ini tidak ada di baris judul."),
    "required": _l("Wajib diisi."),
    "unknown_service": _l("Layanan tidak dikenal: isi kode atau nama layanan yang aktif."),
    "ambiguous_service": _l("Nama layanan ini dipakai lebih dari satu unit: isi kode layanannya."),
    "nip_format": _l("NIP harus 18 angka (spasi boleh). Di Excel simpan kolom NIP sebagai teks."),
    "unknown_nip": _l("NIP tidak dikenal."),
    "date_format": _l("Format tanggal salah; gunakan %(formats)s (waktu Jambi, WIB)."),
    "date_range": _l("Tahun harus antara %(first)s dan %(last)s."),
    "completed_before_received": _l("Selesai sebelum diterima."),
    "corrections_invalid": _l("Jumlah koreksi harus bilangan bulat 0 atau lebih (kosong = 0)."),
    "duplicate_row": _l("Catatan: baris ganda, sama dengan baris %(value)s; dihitung sekali."),
}

IMPORT_STATUS_LABELS = {
    "queued": _l("Menunggu"),
    "validating": _l("Memeriksa"),
    "importing": _l("Mengimpor"),
    "done": _l("Selesai"),
    "rejected": _l("Ditolak"),
    "failed": _l("Gagal"),
}

IMPORT_MODE_LABELS = {
    "all": _l("Semua atau tidak sama sekali"),
    "valid_only": _l("Hanya baris yang valid"),
}


def problem_text(problem: str, value: str = "") -> str:
    """The report's message for one problem, its value or the date formats filled in."""
    text = str(IMPORT_PROBLEMS.get(problem, problem))
    return text % {"value": value, "formats": ", ".join(DATE_FORMATS), "first": FIRST_YEAR,
                   "last": LAST_YEAR} if "%(" in text else text


def import_message(service_import) -> str:
    """Why an import was rejected or failed, with its numbers; empty if there is nothing to say."""
    if not service_import.message:
        return ""
    text = str(REFUSALS.get(service_import.message, service_import.message))
    written = service_import.inserted_rows + service_import.updated_rows
    return text % {"count": format_decimal(service_import.error_rows),
                   "written": format_decimal(written),
                   "limit": format_decimal(max_rows())} if "%(" in text else text
