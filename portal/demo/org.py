"""The demo slice of the Jambi provincial government: agencies, units and posts, as plain data.

Every post names its holder, the post it reports to (``parent``, which may lie in another agency:
the heads of the dinas report to the Sekretaris Daerah), its rank level and its work profile (the
key of its SKP content in portal.demo.skp). The agency list follows shared domain.md section 10;
unit and post names follow the nomenclature of provincial agencies.
"""
from __future__ import annotations

from dataclasses import dataclass

# Rank levels, which decide the golongan and the age of the holder (see portal.demo.people).
JPT_MADYA, JPT, ADMIN, PENGAWAS, KEPSEK, STAFF = (
    "jpt_madya", "jpt", "administrator", "pengawas", "kepala_sekolah", "staff",
)

MALE, FEMALE = "1", "2"  # digit 15 of the NIP


@dataclass(frozen=True)
class Post:
    """One position and the person who holds it."""

    key: str             # unique in the demo, e.g. "dukcapil.kasi_identitas"
    parent: str | None   # the post it reports to; None for the Sekda (the Governor is not here)
    unit: str            # unit name inside the agency; "" for the agency's root unit
    title: str
    jenis: str           # jenis jabatan, one of portal.rules.reference.JENIS_JABATAN
    level: str
    work: str            # key into portal.demo.skp.PROFILES
    name: str
    sex: str             # MALE or FEMALE


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    address: str | None
    units: tuple[tuple[str, str], ...]  # (unit name, parent unit name or "" for the root)
    posts: tuple[Post, ...]


def _posts(prefix: str, rows: list[tuple]) -> tuple[Post, ...]:
    """Build Posts from compact rows; keys and parents without a dot get the agency prefix."""
    def full(key: str | None) -> str | None:
        if key is None or "." in key:
            return key
        return f"{prefix}.{key}"
    return tuple(
        Post(full(key), full(parent), unit, title, jenis, level, work, name, sex)
        for key, parent, unit, title, jenis, level, work, name, sex in rows
    )


_AP, _AM, _T, _P = ("Fungsional Ahli Pertama", "Fungsional Ahli Madya", "Fungsional Terampil",
                    "Pelaksana")
M, F = MALE, FEMALE

SETDA = AgencySpec(
    "SETDA", "Sekretariat Daerah Provinsi Jambi",
    "Jl. Jenderal Ahmad Yani No. 1, Telanaipura, Kota Jambi",
    (("Biro Pemerintahan dan Otonomi Daerah", ""), ("Biro Organisasi", ""), ("Biro Umum", "")),
    _posts("setda", [
        ("sekda", None, "", "Sekretaris Daerah", "JPT Madya", JPT_MADYA, "setda.sekda",
         "Dr. H. Sudirman Hasibuan, S.H., M.H.", M),
        ("karo_pem", "sekda", "Biro Pemerintahan dan Otonomi Daerah",
         "Kepala Biro Pemerintahan dan Otonomi Daerah", "JPT Pratama", JPT, "setda.karo_pem",
         "Kemas Abdul Rahman, S.STP., M.Si.", M),
        ("kabag_otda", "karo_pem", "Biro Pemerintahan dan Otonomi Daerah",
         "Kepala Bagian Otonomi Daerah", "Administrator", ADMIN, "setda.kabag_otda",
         "Yusnidar, S.Sos., M.Si.", F),
        ("analis_otda", "kabag_otda", "Biro Pemerintahan dan Otonomi Daerah",
         "Analis Kebijakan Ahli Pertama", _AP, STAFF, "setda.analis_otda",
         "Rahmat Hidayat, S.IP.", M),
        ("karo_org", "sekda", "Biro Organisasi", "Kepala Biro Organisasi", "JPT Pratama", JPT,
         "setda.karo_org", "Ir. Endang Sulistyowati, M.M.", F),
        ("kabag_kelembagaan", "karo_org", "Biro Organisasi",
         "Kepala Bagian Kelembagaan dan Analisis Jabatan", "Administrator", ADMIN,
         "setda.kabag_kelembagaan", "Afrizal Chaniago, S.E., M.Si.", M),
        ("analis_jabatan", "kabag_kelembagaan", "Biro Organisasi",
         "Analis Sumber Daya Manusia Aparatur Ahli Pertama", _AP, STAFF, "setda.analis_jabatan",
         "Oktaviani Sikumbang, S.Psi.", F),
        ("karo_umum", "sekda", "Biro Umum", "Kepala Biro Umum", "JPT Pratama", JPT,
         "setda.karo_umum", "Drs. Bambang Sutrisno, M.Si.", M),
        ("kabag_tu", "karo_umum", "Biro Umum", "Kepala Bagian Tata Usaha Pimpinan",
         "Administrator", ADMIN, "setda.kabag_tu", "Syarifah Nurhayati, S.H.", F),
        ("pengadm_tu", "kabag_tu", "Biro Umum", "Pengadministrasi Perkantoran", _P, STAFF,
         "umum.staff", "Dedy Irawan", M),
    ]),
)

DUKCAPIL = AgencySpec(
    "DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil Provinsi Jambi", None,
    (("Sekretariat", ""), ("Bidang Pelayanan Pendaftaran Penduduk", ""),
     ("Bidang Pelayanan Pencatatan Sipil", "")),
    _posts("dukcapil", [
        ("kadis", "setda.sekda", "", "Kepala Dinas Kependudukan dan Pencatatan Sipil",
         "JPT Pratama", JPT, "dukcapil.kadis", "Drs. H. Ahmad Zulkarnain, M.Si.", M),
        ("sekretaris", "kadis", "Sekretariat", "Sekretaris", "Administrator", ADMIN,
         "sekretaris", "Rosmaini, S.E., M.M.", F),
        ("kasubbag_umum", "sekretaris", "Sekretariat", "Kepala Subbagian Umum dan Kepegawaian",
         "Pengawas", PENGAWAS, "kasubbag_umum", "Hendri Koto, S.Kom.", M),
        ("pengadm_umum", "kasubbag_umum", "Sekretariat", "Pengadministrasi Perkantoran", _P,
         STAFF, "umum.staff", "Nurhasanah", F),
        ("penata_keu", "kasubbag_umum", "Sekretariat", "Penata Laporan Keuangan", _P, STAFF,
         "keuangan.staff", "Benny Sihombing, A.Md.", M),
        ("kabid_dafduk", "kadis", "Bidang Pelayanan Pendaftaran Penduduk",
         "Kepala Bidang Pelayanan Pendaftaran Penduduk", "Administrator", ADMIN,
         "dukcapil.kabid_dafduk", "Parlindungan Simanjuntak, S.STP., M.Si.", M),
        ("kasi_identitas", "kabid_dafduk", "Bidang Pelayanan Pendaftaran Penduduk",
         "Kepala Seksi Identitas Penduduk", "Pengawas", PENGAWAS, "dukcapil.kasi_identitas",
         "Sri Wahyuni, S.Kom., M.M.", F),
        ("adb_identitas", "kasi_identitas", "Bidang Pelayanan Pendaftaran Penduduk",
         "Administrator Database Kependudukan Ahli Pertama", _AP, STAFF, "dukcapil.ktp",
         "Muhammad Rizki Pratama, S.Kom.", M),
        ("pengadm_ktp", "kasi_identitas", "Bidang Pelayanan Pendaftaran Penduduk",
         "Pengadministrasi Kependudukan", _P, STAFF, "dukcapil.ktp_loket", "Fitri Yanti", F),
        ("operator_ktp", "kasi_identitas", "Bidang Pelayanan Pendaftaran Penduduk",
         "Operator Layanan Operasional", _P, STAFF, "dukcapil.ktp_cetak", "Hotman Sitompul", M),
        ("adb_kia", "kasi_identitas", "Bidang Pelayanan Pendaftaran Penduduk",
         "Administrator Database Kependudukan Terampil", _T, STAFF, "dukcapil.kia",
         "Juwita Sari, A.Md.Kom.", F),
        ("pengolah_ikd", "kasi_identitas", "Bidang Pelayanan Pendaftaran Penduduk",
         "Pengolah Data dan Informasi", _P, STAFF, "dukcapil.ikd", "Ilham Tanjung, S.T.", M),
        ("kasi_pindah", "kabid_dafduk", "Bidang Pelayanan Pendaftaran Penduduk",
         "Kepala Seksi Pindah Datang dan Pendataan Penduduk", "Pengawas", PENGAWAS,
         "dukcapil.kasi_pindah", "Masagus Ridwan, S.E.", M),
        ("pengadm_pindah", "kasi_pindah", "Bidang Pelayanan Pendaftaran Penduduk",
         "Pengadministrasi Kependudukan", _P, STAFF, "dukcapil.pindah", "Lamria Nainggolan", F),
        ("kabid_capil", "kadis", "Bidang Pelayanan Pencatatan Sipil",
         "Kepala Bidang Pelayanan Pencatatan Sipil", "Administrator", ADMIN,
         "dukcapil.kabid_capil", "Retno Wulandari, S.H., M.H.", F),
        ("kasi_lahir", "kabid_capil", "Bidang Pelayanan Pencatatan Sipil",
         "Kepala Seksi Kelahiran dan Kematian", "Pengawas", PENGAWAS, "dukcapil.kasi_lahir",
         "Yusrizal, S.H.", M),
        ("pengadm_akta", "kasi_lahir", "Bidang Pelayanan Pencatatan Sipil",
         "Pengadministrasi Kependudukan", _P, STAFF, "dukcapil.akta", "Dwi Lestari, A.Md.", F),
        ("verifikator_akta", "kasi_lahir", "Bidang Pelayanan Pencatatan Sipil",
         "Verifikator Data Pencatatan Sipil", _P, STAFF, "dukcapil.akta_verifikasi",
         "Azhar Syahputra", M),
    ]),
)

DISDIK = AgencySpec(
    "DISDIK", "Dinas Pendidikan Provinsi Jambi", None,
    (("Sekretariat", ""), ("Bidang Pembinaan SMA", ""), ("Bidang Pembinaan SMK", ""),
     ("SMA Negeri 1 Kota Jambi", "Bidang Pembinaan SMA")),
    _posts("disdik", [
        ("kadis", "setda.sekda", "", "Kepala Dinas Pendidikan", "JPT Pratama", JPT,
         "disdik.kadis", "Dr. Syafrizal, M.Pd.", M),
        ("sekretaris", "kadis", "Sekretariat", "Sekretaris", "Administrator", ADMIN,
         "sekretaris", "Nyimas Fitriani, S.E., M.Ak.", F),
        ("kasubbag_umum", "sekretaris", "Sekretariat", "Kepala Subbagian Umum dan Kepegawaian",
         "Pengawas", PENGAWAS, "kasubbag_umum", "Joko Susilo, S.Sos.", M),
        ("pengadm_umum", "kasubbag_umum", "Sekretariat", "Pengadministrasi Perkantoran", _P,
         STAFF, "umum.staff", "Rahmi Yunita", F),
        ("kabid_sma", "kadis", "Bidang Pembinaan SMA", "Kepala Bidang Pembinaan SMA",
         "Administrator", ADMIN, "disdik.kabid_sma", "Drs. Maruli Tua Hutapea, M.Pd.", M),
        ("kasi_kurikulum", "kabid_sma", "Bidang Pembinaan SMA",
         "Kepala Seksi Kurikulum dan Penilaian SMA", "Pengawas", PENGAWAS,
         "disdik.kasi_kurikulum", "Elfira Yanti, S.Pd., M.Pd.", F),
        ("pengelola_data", "kasi_kurikulum", "Bidang Pembinaan SMA", "Pengelola Data Pendidikan",
         _P, STAFF, "disdik.data", "Reza Piliang, S.Kom.", M),
        ("kepsek_sman1", "kabid_sma", "SMA Negeri 1 Kota Jambi", "Kepala SMA Negeri 1 Kota Jambi",
         _AM, KEPSEK, "disdik.kepsek", "Dra. Siti Rahayu, M.Pd.", F),
        ("guru_mtk", "kepsek_sman1", "SMA Negeri 1 Kota Jambi", "Guru Matematika Ahli Pertama",
         _AP, STAFF, "guru.matematika", "Tigor Panjaitan, S.Pd.", M),
        ("guru_bindo", "kepsek_sman1", "SMA Negeri 1 Kota Jambi",
         "Guru Bahasa Indonesia Ahli Pertama", _AP, STAFF, "guru.bahasa_indonesia",
         "Syarifah Aini, S.Pd.", F),
        ("guru_fisika", "kepsek_sman1", "SMA Negeri 1 Kota Jambi", "Guru Fisika Ahli Pertama",
         _AP, STAFF, "guru.fisika", "Wirdaningsih, S.Pd.", F),
        ("kabid_smk", "kadis", "Bidang Pembinaan SMK", "Kepala Bidang Pembinaan SMK",
         "Administrator", ADMIN, "disdik.kabid_smk", "Heru Purnomo, S.T., M.T.", M),
        ("kasi_pd_smk", "kabid_smk", "Bidang Pembinaan SMK",
         "Kepala Seksi Peserta Didik dan Pembangunan Karakter SMK", "Pengawas", PENGAWAS,
         "disdik.kasi_pd_smk", "Debora Situmorang, S.Pd.", F),
        ("pengadm_smk", "kasi_pd_smk", "Bidang Pembinaan SMK", "Pengadministrasi Kesiswaan",
         _P, STAFF, "disdik.kesiswaan", "Hasan Basri", M),
    ]),
)

DINKES = AgencySpec(
    "DINKES", "Dinas Kesehatan Provinsi Jambi", None,
    (("Sekretariat", ""), ("Bidang Kesehatan Masyarakat", ""),
     ("Bidang Pencegahan dan Pengendalian Penyakit", ""),
     ("Bidang Pelayanan dan Sumber Daya Kesehatan", ""),
     # A service unit the public visits (puskesmas are run by the kabupaten/kota, not the
     # province); it has a survey link in the demo catalogue (portal.demo.public_services).
     ("UPTD Laboratorium Kesehatan Daerah", "")),
    _posts("dinkes", [
        ("kadis", "setda.sekda", "", "Kepala Dinas Kesehatan", "JPT Pratama", JPT,
         "dinkes.kadis", "dr. Rosmawati Siregar, M.Kes.", F),
        ("sekretaris", "kadis", "Sekretariat", "Sekretaris", "Administrator", ADMIN,
         "sekretaris", "Agus Setiawan, S.K.M., M.Kes.", M),
        ("kasubbag_umum", "sekretaris", "Sekretariat", "Kepala Subbagian Umum dan Kepegawaian",
         "Pengawas", PENGAWAS, "kasubbag_umum", "Novi Andriani, S.E.", F),
        ("pengadm_umum", "kasubbag_umum", "Sekretariat", "Pengadministrasi Perkantoran", _P,
         STAFF, "umum.staff", "Marzuki", M),
        ("kabid_kesmas", "kadis", "Bidang Kesehatan Masyarakat",
         "Kepala Bidang Kesehatan Masyarakat", "Administrator", ADMIN, "dinkes.kabid_kesmas",
         "Tri Handayani, S.K.M., M.Kes.", F),
        ("kasi_gizi", "kabid_kesmas", "Bidang Kesehatan Masyarakat",
         "Kepala Seksi Kesehatan Keluarga dan Gizi", "Pengawas", PENGAWAS, "dinkes.kasi_gizi",
         "Yenni Guci, S.Gz., M.Gizi", F),
        ("nutrisionis", "kasi_gizi", "Bidang Kesehatan Masyarakat", "Nutrisionis Ahli Pertama",
         _AP, STAFF, "dinkes.gizi", "Nur Aini, S.Gz.", F),
        ("bidan", "kasi_gizi", "Bidang Kesehatan Masyarakat", "Bidan Terampil", _T, STAFF,
         "dinkes.kia", "Sondang Pardede, A.Md.Keb.", F),
        ("kabid_p2p", "kadis", "Bidang Pencegahan dan Pengendalian Penyakit",
         "Kepala Bidang Pencegahan dan Pengendalian Penyakit", "Administrator", ADMIN,
         "dinkes.kabid_p2p", "dr. Wahyu Hidayat, M.P.H.", M),
        ("kasi_surveilans", "kabid_p2p", "Bidang Pencegahan dan Pengendalian Penyakit",
         "Kepala Seksi Surveilans dan Imunisasi", "Pengawas", PENGAWAS,
         "dinkes.kasi_surveilans", "Ade Putra, S.K.M.", M),
        ("epidemiolog", "kasi_surveilans", "Bidang Pencegahan dan Pengendalian Penyakit",
         "Epidemiolog Kesehatan Ahli Pertama", _AP, STAFF, "dinkes.surveilans",
         "Desi Ratnasari, S.K.M.", F),
        ("pengelola_imunisasi", "kasi_surveilans", "Bidang Pencegahan dan Pengendalian Penyakit",
         "Pengelola Data Imunisasi", _P, STAFF, "dinkes.imunisasi", "Roni Harahap, A.Md.", M),
        ("kabid_yankes", "kadis", "Bidang Pelayanan dan Sumber Daya Kesehatan",
         "Kepala Bidang Pelayanan dan Sumber Daya Kesehatan", "Administrator", ADMIN,
         "dinkes.kabid_yankes", "drg. Ratna Sari Dewi, M.Kes.", F),
        ("kasi_primer", "kabid_yankes", "Bidang Pelayanan dan Sumber Daya Kesehatan",
         "Kepala Seksi Pelayanan Kesehatan Primer", "Pengawas", PENGAWAS, "dinkes.kasi_primer",
         "Syamsul Bahri, S.Kep., Ns.", M),
        ("perawat", "kasi_primer", "Bidang Pelayanan dan Sumber Daya Kesehatan",
         "Perawat Ahli Pertama", _AP, STAFF, "dinkes.perawat", "Yohana Simatupang, S.Kep., Ns.",
         F),
        ("adminkes", "kasi_primer", "Bidang Pelayanan dan Sumber Daya Kesehatan",
         "Administrator Kesehatan Ahli Pertama", _AP, STAFF, "dinkes.akreditasi",
         "Zulfikar, S.K.M.", M),
    ]),
)

BKD = AgencySpec(
    "BKD", "Badan Kepegawaian Daerah Provinsi Jambi",
    "Jl. RM. Noer Atmadibrata No. 2, Telanaipura, Kota Jambi",
    (("Sekretariat", ""), ("Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", ""),
     ("Bidang Penilaian Kinerja Aparatur dan Penghargaan", "")),
    _posts("bkd", [
        ("kaban", "setda.sekda", "", "Kepala Badan Kepegawaian Daerah", "JPT Pratama", JPT,
         "bkd.kaban", "Drs. H. Asnawi, M.M.", M),
        ("sekretaris", "kaban", "Sekretariat", "Sekretaris", "Administrator", ADMIN, "sekretaris",
         "Rini Astuti, S.Sos., M.Si.", F),
        ("kasubbag_umum", "sekretaris", "Sekretariat", "Kepala Subbagian Umum dan Kepegawaian",
         "Pengawas", PENGAWAS, "kasubbag_umum", "Eko Prasetyo, S.E.", M),
        ("pengadm_umum", "kasubbag_umum", "Sekretariat", "Pengadministrasi Perkantoran", _P,
         STAFF, "umum.staff", "Yulia Fitri", F),
        ("kabid_pengadaan", "kaban", "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian",
         "Kepala Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian", "Administrator",
         ADMIN, "bkd.kabid_pengadaan", "Ahmad Lubis, S.STP., M.Si.", M),
        ("kasubbid_data", "kabid_pengadaan",
         "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian",
         "Kepala Subbidang Data dan Sistem Informasi Kepegawaian", "Pengawas", PENGAWAS,
         "bkd.kasubbid_data", "Martha Ginting, S.Kom., M.T.I.", F),
        ("prakom", "kasubbid_data", "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian",
         "Pranata Komputer Ahli Pertama", _AP, STAFF, "bkd.prakom", "Yudi Kurniawan, S.Kom.", M),
        ("pengadm_kepeg", "kasubbid_data",
         "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian",
         "Pengadministrasi Kepegawaian", _P, STAFF, "bkd.arsip", "Mardanis", F),
        ("kabid_pka", "kaban", "Bidang Penilaian Kinerja Aparatur dan Penghargaan",
         "Kepala Bidang Penilaian Kinerja Aparatur dan Penghargaan", "Administrator", ADMIN,
         "bkd.kabid_pka", "Nurhayati Nasution, S.Psi., M.Si.", F),
        ("kasubbid_kinerja", "kabid_pka", "Bidang Penilaian Kinerja Aparatur dan Penghargaan",
         "Kepala Subbidang Penilaian Kinerja", "Pengawas", PENGAWAS, "bkd.kasubbid_kinerja",
         "Slamet Riyadi, S.Sos.", M),
        ("analis_sdm1", "kasubbid_kinerja", "Bidang Penilaian Kinerja Aparatur dan Penghargaan",
         "Analis Sumber Daya Manusia Aparatur Ahli Pertama", _AP, STAFF, "bkd.analis_kinerja",
         "Putri Ayu Lestari, S.Psi.", F),
        ("analis_sdm2", "kasubbid_kinerja", "Bidang Penilaian Kinerja Aparatur dan Penghargaan",
         "Analis Sumber Daya Manusia Aparatur Ahli Pertama", _AP, STAFF, "bkd.analis_penghargaan",
         "Fajar Ramadhan, S.AP.", M),
    ]),
)

INSPEKTORAT = AgencySpec(
    "INSPEKTORAT", "Inspektorat Provinsi Jambi", None,
    (("Sekretariat", ""), ("Inspektur Pembantu Wilayah I", ""),
     ("Inspektur Pembantu Wilayah II", "")),
    _posts("inspektorat", [
        ("inspektur", "setda.sekda", "", "Inspektur", "JPT Pratama", JPT, "inspektorat.inspektur",
         "Dr. Zulkifli, S.E., M.Si., Ak.", M),
        ("sekretaris", "inspektur", "Sekretariat", "Sekretaris", "Administrator", ADMIN,
         "sekretaris", "Rizal Effendi, S.E., M.Ak.", M),
        ("kasubbag_umum", "sekretaris", "Sekretariat", "Kepala Subbagian Umum dan Kepegawaian",
         "Pengawas", PENGAWAS, "kasubbag_umum", "Budi Santoso, S.AP.", M),
        ("pengadm_umum", "kasubbag_umum", "Sekretariat", "Pengadministrasi Perkantoran", _P,
         STAFF, "umum.staff", "Kurnia Wati", F),
        ("irban1", "inspektur", "Inspektur Pembantu Wilayah I", "Inspektur Pembantu Wilayah I",
         "Administrator", ADMIN, "inspektorat.irban", "Hj. Evi Susanti, S.E., M.Ak., CA.", F),
        ("auditor1", "irban1", "Inspektur Pembantu Wilayah I", "Auditor Ahli Pertama", _AP,
         STAFF, "inspektorat.auditor", "Andika Saputra, S.Ak.", M),
        ("auditor2", "irban1", "Inspektur Pembantu Wilayah I", "Auditor Ahli Pertama", _AP,
         STAFF, "inspektorat.auditor", "Sarah Octavia Harahap, S.E.", F),
        ("irban2", "inspektur", "Inspektur Pembantu Wilayah II", "Inspektur Pembantu Wilayah II",
         "Administrator", ADMIN, "inspektorat.irban", "Ir. Dodi Firmansyah, M.M.", M),
        ("p2upd", "irban2", "Inspektur Pembantu Wilayah II",
         "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah Ahli Pertama", _AP, STAFF,
         "inspektorat.p2upd", "Hendra Saputra, S.STP.", M),
        ("auditor3", "irban2", "Inspektur Pembantu Wilayah II", "Auditor Ahli Pertama", _AP,
         STAFF, "inspektorat.auditor", "Aulia Rahmawati, S.Ak.", F),
    ]),
)

# Setda first: the heads of the other agencies report to the Sekda.
AGENCIES: tuple[AgencySpec, ...] = (SETDA, DUKCAPIL, DISDIK, DINKES, BKD, INSPEKTORAT)

# The posts behind the demo logins.
EMPLOYEE_POST = "dukcapil.adb_identitas"      # Pegawai: stays in draft_targets with no RHK
SUPERVISOR_POST = "dukcapil.kasi_identitas"   # the Pegawai's Pejabat Penilai Kinerja
APPROVER_POST = "dukcapil.kadis"              # Pimpinan of Dukcapil
COMMITTEE_POST = "inspektorat.irban2"         # Tim Penilai Kinerja for every other demo agency
# Nobody calibrates their own or their own team's work: BKD's head of performance appraisal sits
# on the Inspektorat's committee instead.
INSPEKTORAT_COMMITTEE_POST = "bkd.kabid_pka"
