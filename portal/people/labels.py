"""Texts of the organisation and employee imports: the report's lines, the kinds of file and
the columns (registered as Jinja globals by the people blueprint)."""
from flask_babel import lazy_gettext as _l

from portal.labels import SECTOR_LABELS
from portal.rules.nip import MIN_AGE
from portal.rules.reference import JENJANG

# PeopleImportRow.key -> the report's text; %(value)s is the line's value.
REPORT_TEXTS = {
    "missing_column": _l("Kolom wajib ini tidak ada di baris judul."),
    "required": _l("Wajib diisi."),
    "too_long": _l("Terlalu panjang: paling banyak 200 karakter (kode instansi 20)."),
    "nip_length": _l("NIP harus 18 angka (spasi boleh). Di Excel simpan kolom NIP sebagai teks."),
    "nip_birth_date": _l("NIP tidak valid: 8 angka pertama bukan tanggal lahir yang ada."),
    "nip_appointment": _l("NIP tidak valid: angka ke-9 sampai ke-14 bukan bulan pengangkatan "
                          "(TMT CPNS) yang ada."),
    "nip_appointment_before_birth": _l("NIP tidak valid: bulan pengangkatan sebelum tanggal "
                                       "lahir."),
    "nip_appointment_too_young": _l("NIP tidak valid: diangkat sebelum berumur %(age)s tahun."),
    "nip_sex": _l("NIP tidak valid: angka ke-15 (jenis kelamin) harus 1 atau 2."),
    "unknown_status": _l("Status harus PNS atau PPPK (kosong = PNS)."),
    "unknown_golongan": _l("Golongan tidak dikenal: tulis seperti III/a (I/a sampai IV/e)."),
    "unknown_golongan_pppk": _l("Golongan PPPK tidak dikenal: tulis I sampai XVII."),
    "unknown_jenis_jabatan": _l("Jenis jabatan tidak dikenal: JPT Utama/Madya/Pratama, "
                                "Administrator, Pengawas, Pelaksana atau Fungsional."),
    "jenjang_required": _l("Jabatan fungsional memerlukan jenjang: %(jenjang)s."),
    "unknown_jenjang": _l("Jenjang tidak dikenal: %(jenjang)s."),
    "jenjang_mismatch": _l("Jenjang tidak sama dengan jenjang pada jenis jabatan."),
    "supervisor_self": _l("NIP atasan sama dengan NIP pegawai."),
    "email_format": _l("Alamat e-mail tidak valid."),
    "duplicate_nip": _l("NIP ini sudah ada di baris %(value)s; satu pegawai satu baris."),
    "duplicate_email": _l("E-mail ini sudah dipakai di baris %(value)s."),
    "email_taken": _l("E-mail ini sudah dipakai akun lain."),
    "unknown_unit": _l("Unit tidak dikenal di instansi ini: impor dulu berkas organisasi, "
                       "atau tulis jalurnya, misalnya Bidang A > Seksi B."),
    "ambiguous_unit": _l("Ada beberapa unit dengan nama ini: tulis jalurnya, misalnya "
                         "Bidang A > Seksi B."),
    "unknown_supervisor": _l("NIP atasan tidak ada di berkas maupun di portal."),
    "supervisor_inactive": _l("Atasan ini sudah tidak aktif."),
    "supervisor_without_position": _l("Atasan ini tidak memegang jabatan."),
    "supervisor_cycle": _l("Atasan berputar: rantai NIP atasan kembali ke pegawai ini."),
    "supervisor_refused": _l("Baris atasan (baris %(value)s) bermasalah, jadi baris ini juga "
                             "tidak diimpor."),
    "agency_name_conflict": _l("Nama instansi berbeda dengan baris lain berkode sama."),
    "duplicate_position": _l("Jabatan ini sudah ada di unit yang sama di baris %(value)s."),
    "unknown_parent_position": _l("Jabatan atasan tidak ditemukan di unit ini atau unit di "
                                  "atasnya."),
    "parent_refused": _l("Baris jabatan atasan (baris %(value)s) bermasalah, jadi baris ini "
                         "juga tidak diimpor."),
    "parent_without_position": _l("Jabatan atasan diisi tanpa jabatan."),
    "new": _l("Baru"),
    "changed": _l("Berubah"),
    "reactivated": _l("Diaktifkan kembali"),
    "account_created": _l("Akun dibuat (kata sandi diberikan admin; wajib diganti saat masuk "
                          "pertama)"),
}

KIND_LABELS = {"org": _l("Organisasi"), "employees": _l("Pegawai")}

# How a post was taken (Posting.kind).
POSTING_KIND_LABELS = {
    "awal": _l("Jabatan sebelum riwayat dicatat"),
    "mutasi": _l("Mutasi"),
    "promosi": _l("Promosi"),
    "plt": _l("Plt"),
    "plh": _l("Plh"),
}

# What the rejected or failed import says (the service-record texts name its own columns).
MESSAGES = {
    "import_missing_columns": _l("Berkas ditolak: baris judul (baris 1) tidak memuat semua "
                                 "kolom wajib (lihat di bawah). Tidak ada baris yang dibaca."),
}


def report_text(key: str, value: str = "") -> str:
    """The report's text for one line, its value, the age or the jenjang list filled in."""
    text = str(REPORT_TEXTS.get(key, key))
    return text % {"value": value, "age": MIN_AGE, "jenjang": ", ".join(JENJANG)} \
        if "%(" in text else text

# Accounts (portal.services.people.accounts): roles, the audit's actions, the refusals.
ROLE_LABELS = {
    "committee": _l("Anggota tim penilai kinerja"),
    "approver": _l("Pimpinan yang menetapkan"),
    "admin": _l("Admin BKD"),
}
ACCOUNT_ACTION_LABELS = {
    "created": _l("Akun dibuat"),
    "password_reset": _l("Kata sandi direset"),
    "password_changed": _l("Kata sandi diganti oleh pengguna"),
    "role_granted": _l("Peran diberikan"),
    "role_withdrawn": _l("Peran dicabut"),
    "disabled": _l("Akun dinonaktifkan"),
    "enabled": _l("Akun diaktifkan"),
}
ACCOUNT_REFUSALS = {
    "admin_only": _l("Halaman ini untuk admin BKD."),
    "account_reason_required": _l("Tulis alasan perubahan ini."),
    "password_too_short": _l("Kata sandi paling sedikit %(minimum)s karakter."),
    "password_current_wrong": _l("Kata sandi sekarang salah."),
    "password_mismatch": _l("Kata sandi baru dan ulangannya tidak sama."),
    "password_unchanged": _l("Kata sandi baru harus berbeda dari kata sandi sekarang."),
    "role_unknown": _l("Pilih peran."),
    "role_agency_required": _l("Peran ini berlaku di satu instansi: pilih instansinya."),
    "role_already_held": _l("Pengguna sudah memegang peran ini."),
    "role_not_held": _l("Pengguna tidak (lagi) memegang peran ini."),
    "own_admin_role": _l("Anda tidak dapat mencabut peran admin Anda sendiri."),
    "own_account": _l("Anda tidak dapat menonaktifkan akun Anda sendiri."),
    "account_already_enabled": _l("Akun ini sudah aktif."),
    "account_already_disabled": _l("Akun ini sudah nonaktif."),
}


def account_refusal_text(refusal) -> str:
    """A refusal of the accounts service in the reader's language."""
    text = str(ACCOUNT_REFUSALS.get(refusal.message, refusal.message))
    return text % refusal.details if refusal.details else text

# The organisation kept by hand (portal.services.people.org_admin): the history's actions and
# fields, the refusals, and the form field each refusal belongs to.
ORG_ACTION_LABELS = {
    "agency_created": _l("Instansi dibuat"),
    "agency_changed": _l("Instansi diubah"),
    "unit_added": _l("Unit ditambahkan"),
    "unit_changed": _l("Unit diubah"),
    "unit_deleted": _l("Unit dihapus"),
    "position_added": _l("Jabatan ditambahkan"),
    "position_changed": _l("Jabatan diubah"),
}
ORG_FIELD_LABELS = {
    "code": _l("kode"),
    "name": _l("nama"),
    "parent": _l("induk / atasan"),
    "unit": _l("unit"),
    "title": _l("nama jabatan"),
    "jenis_jabatan": _l("jenis jabatan"),
    "jenjang": _l("jenjang"),
    "sector": _l("sektor pustaka indikator"),
}
# A field whose stored value is a code: the code -> what the history shows instead.
ORG_VALUE_LABELS = {"sector": SECTOR_LABELS}
ORG_REFUSALS = {
    "admin_only": _l("Halaman ini untuk admin BKD."),
    "org_too_long": _l("Paling banyak %(limit)s karakter."),
    "agency_code_required": _l("Isi kode instansi."),
    "agency_code_taken": _l("Kode %(code)s sudah dipakai instansi lain."),
    "agency_name_required": _l("Isi nama instansi."),
    "unit_name_required": _l("Isi nama unit."),
    "unit_name_taken": _l("Sudah ada unit bernama %(name)s di bawah unit induk yang sama."),
    "unit_parent_unknown": _l("Pilih unit induk dari instansi ini."),
    "unit_parent_required": _l("Pilih unit induk: instansi ini sudah mempunyai unit utama."),
    "unit_root_stays": _l("Unit utama instansi tidak dapat dipindahkan atau dihapus."),
    "unit_cycle": _l("Unit tidak dapat dipindahkan ke bawah dirinya sendiri atau ke bawah unit "
                     "bawahannya."),
    "unit_not_empty": _l("Unit ini tidak dapat dihapus: masih memuat unit, jabatan, layanan "
                         "atau catatan kalibrasi."),
    "position_unit_required": _l("Pilih unit dari instansi ini."),
    "position_title_required": _l("Isi nama jabatan."),
    "position_title_taken": _l("Sudah ada jabatan %(title)s di unit ini."),
    "position_kind_required": _l("Pilih jenis jabatan."),
    "jenjang_required": _l("Jabatan fungsional wajib mempunyai jenjang: pilih jenjangnya."),
    "jenjang_not_functional": _l("Jenjang hanya untuk jabatan fungsional: kosongkan jenjang "
                                 "atau pilih jenis Fungsional."),
    "jenjang_unknown": _l("Pilih jenjang dari daftar."),
    "position_parent_unknown": _l("Pilih atasan langsung dari daftar."),
    "position_parent_self": _l("Jabatan tidak dapat menjadi atasan langsung dirinya sendiri."),
    "position_cycle": _l("Jabatan ini tidak dapat melapor ke jabatan yang berada di bawahnya "
                         "(garis pelaporan akan berputar)."),
}
ORG_REFUSAL_FIELDS = {
    "agency_code_required": "code", "agency_code_taken": "code", "agency_name_required": "name",
    "unit_name_required": "name", "unit_name_taken": "name", "unit_parent_unknown": "parent_id",
    "unit_parent_required": "parent_id", "unit_root_stays": "parent_id", "unit_cycle": "parent_id",
    "position_unit_required": "unit_id", "position_title_required": "title",
    "position_title_taken": "title", "position_kind_required": "kind",
    "jenjang_required": "jenjang", "jenjang_not_functional": "jenjang",
    "jenjang_unknown": "jenjang", "position_parent_unknown": "parent_id",
    "position_parent_self": "parent_id", "position_cycle": "parent_id",
}


def org_refusal_text(refusal) -> str:
    """A refusal of the organisation service in the reader's language."""
    text = str(ORG_REFUSALS.get(refusal.message, refusal.message))
    return text % refusal.details if refusal.details else text
