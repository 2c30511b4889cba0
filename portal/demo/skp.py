"""SKP content of the demo: the RHK and indicators (IKI) of each work profile, and what goes
around them (realisations, the Lampiran, the supervisor's expectations).

A profile is what a post plans for the year: one to three Rencana Hasil Kerja (utama, sometimes a
tambahan), each with one to three indicators over the aspects kuantitas, kualitas, waktu, biaya
(shared domain.md section 3). Leaders (JPT and Administrator) plan in the qualitative approach:
each indicator has a success measure and a perspective instead of a number. Staff plan in the
quantitative approach: a number and unit, a range (a teacher's 24-40 hours) or a lower-is-better
time. Each RHK intervenes an RHK of the supervisor's profile, which it was written to follow
(Kepala Dinas -> Kepala Bidang -> Kepala Seksi -> staff).

The Dukcapil counter staff and their section heads also have objective indicators, bound to a
data source (portal.rules.sources) of the demo services (portal.demo.public_services): their
realisations are computed from the service records and citizen answers, never typed in.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portal.demo.public_services import AKTA_KELAHIRAN, KARTU_KELUARGA, KTP_EL
from portal.rules.predikat import ABOVE, BELOW
from portal.rules.sources import MANUAL, SOURCES

# Perspectives of the qualitative indicators (portal.labels.PERSPECTIVE_LABELS).
LAYANAN, PROSES, INTERNAL, ANGGARAN = (
    "penerima_layanan", "proses_bisnis", "penguatan_internal", "anggaran")


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator: quantitative (target, unit, maybe target_max) or qualitative (target_text,
    perspective); a quantitative one may be bound to a data source (of the service with that
    code, or of all the officer's services when None)."""

    aspect: str
    text: str
    target: Decimal | None = None
    unit: str = ""
    target_max: Decimal | None = None
    target_text: str | None = None
    perspective: str | None = None
    source: str = MANUAL
    service: str | None = None

    @property
    def qualitative(self) -> bool:
        return self.target_text is not None

    @property
    def objective(self) -> bool:
        return self.source in SOURCES


@dataclass(frozen=True)
class RhkSpec:
    kind: str
    text: str
    indicators: tuple[IndicatorSpec, ...]
    # Which of the supervisor's RHK (by position) this one intervenes; None: the one at its own
    # position, or the supervisor's last.
    parent: int | None = None


def _i(aspect: str, text: str, target: str | int | float, unit: str,
       upto: str | int | None = None) -> IndicatorSpec:
    """A quantitative indicator; upto makes the target a range target..upto."""
    return IndicatorSpec(aspect, text, Decimal(str(target)), unit,
                         target_max=None if upto is None else Decimal(str(upto)))


def _o(aspect: str, text: str, target: str | int, source: str,
       service: str | None = None) -> IndicatorSpec:
    """An objective indicator: its realisation comes from source (its unit too)."""
    return IndicatorSpec(aspect, text, Decimal(str(target)), SOURCES[source].unit, source=source,
                         service=service)


def _k(aspect: str, text: str, success: str, perspective: str) -> IndicatorSpec:
    """A qualitative indicator: its success measure (ukuran keberhasilan) and perspective."""
    return IndicatorSpec(aspect, text, target_text=success, perspective=perspective)


def _r(text: str, *indicators: IndicatorSpec, kind: str = "utama",
       parent: int | None = None) -> RhkSpec:
    return RhkSpec(kind, text, indicators, parent)


def _t(text: str, *indicators: IndicatorSpec) -> RhkSpec:
    return _r(text, *indicators, kind="tambahan")


# Indicators that recur across agencies.
_IKM_A = "88.31"  # the lowest converted IKM graded A, Sangat Baik (shared domain.md section 9)
_LAPORAN_TW = _i("kuantitas", "Jumlah laporan yang disusun", 4, "laporan")
_TEPAT_WAKTU = _i("waktu", "Waktu penyampaian laporan setelah akhir triwulan", 10, "hari")


def _guru(mapel: str, kkm: int) -> tuple[RhkSpec, ...]:
    return (
        _r(f"Terlaksananya pembelajaran {mapel} yang berpusat pada peserta didik",
           _i("kuantitas", "Jumlah rombongan belajar yang diampu", 6, "rombel"),
           _i("kualitas", f"Persentase peserta didik yang mencapai KKTP {mapel}", kkm, "%"),
           _i("kuantitas", "Jumlah jam tatap muka per minggu", 24, "jam", upto=40)),
        _r("Tersusunnya perangkat ajar Kurikulum Merdeka",
           _i("kuantitas", "Jumlah modul ajar yang disusun", 12, "modul"),
           _i("kualitas", "Modul ajar tervalidasi oleh wakil kepala sekolah bidang kurikulum",
              100, "%")),
        _t("Terbimbingnya peserta didik dalam lomba/olimpiade sains tingkat provinsi",
           _i("kuantitas", "Jumlah peserta didik yang dibimbing", 5, "orang")),
    )


PROFILES: dict[str, tuple[RhkSpec, ...]] = {
    # --- shared across agencies --------------------------------------------------------------
    "sekretaris": (
        _r("Terselenggaranya dukungan administrasi umum, kepegawaian dan keuangan perangkat daerah",
           _k("kuantitas", "Dokumen perencanaan dan pelaporan kinerja perangkat daerah",
              "Renja, RKA, LKjIP dan laporan keuangan tersusun lengkap dan tepat waktu",
              PROSES),
           _k("kualitas", "Nilai SAKIP perangkat daerah",
              "Nilai SAKIP perangkat daerah minimal BB (70)", INTERNAL)),
        _r("Meningkatnya akuntabilitas pengelolaan keuangan perangkat daerah",
           _k("kualitas", "Tindak lanjut temuan BPK",
              "Seluruh temuan BPK tahun sebelumnya telah ditindaklanjuti", ANGGARAN),
           _k("kuantitas", "Realisasi anggaran perangkat daerah",
              "Realisasi anggaran minimal 95 % dengan SPJ lengkap dan sah", ANGGARAN)),
    ),
    "kasubbag_umum": (
        _r("Terlaksananya layanan administrasi kepegawaian yang tertib",
           _i("kuantitas", "Jumlah usulan kenaikan pangkat dan berkala yang diproses", 40,
              "usulan"),
           _i("kualitas", "Persentase usulan yang diterima BKD tanpa pengembalian", 95, "%"),
           _i("waktu", "Rata-rata waktu pemrosesan usulan", 5, "hari")),
        _r("Tersedianya sarana dan prasarana kantor yang terpelihara",
           _i("kuantitas", "Jumlah laporan inventarisasi barang milik daerah", 2, "laporan")),
    ),
    "umum.staff": (
        _r("Terkelolanya administrasi persuratan dan kearsipan",
           _i("kuantitas", "Jumlah surat masuk dan keluar yang diagendakan", 1200, "surat"),
           _i("kualitas", "Persentase surat terdistribusi tanpa salah alamat", 99, "%"),
           _i("waktu", "Rata-rata waktu pendistribusian surat", 1, "hari")),
    ),
    "keuangan.staff": (
        _r("Tersusunnya laporan keuangan perangkat daerah yang andal",
           _i("kuantitas", "Jumlah laporan keuangan bulanan", 12, "laporan"),
           _i("kualitas", "Persentase SPJ yang lengkap dan sah", 100, "%"),
           _i("waktu", "Waktu penyampaian laporan setelah akhir bulan", 10, "hari")),
    ),
    # --- Sekretariat Daerah -------------------------------------------------------------------
    "setda.sekda": (
        _r("Meningkatnya kualitas koordinasi penyelenggaraan pemerintahan daerah",
           _k("kualitas", "Indeks Reformasi Birokrasi Provinsi Jambi",
              "Indeks RB Provinsi Jambi mencapai kategori BB (minimal 70)", INTERNAL),
           _k("kualitas", "Nilai SAKIP Pemerintah Provinsi Jambi",
              "Nilai SAKIP Pemerintah Provinsi Jambi mencapai predikat BB", PROSES)),
        _r("Meningkatnya kinerja perangkat daerah",
           _k("kuantitas", "Perangkat daerah dengan predikat kinerja minimal Baik",
              "Sekurang-kurangnya 90 % perangkat daerah berpredikat kinerja Baik", LAYANAN)),
    ),
    "setda.karo_pem": (
        _r("Meningkatnya kualitas penyelenggaraan otonomi daerah dan kerja sama",
           _k("kuantitas", "Kerja sama daerah yang ditandatangani",
              "Seluruh naskah kerja sama daerah yang direncanakan tahun ini ditandatangani",
              PROSES),
           _k("kualitas", "Nilai EKPPD Provinsi Jambi",
              "Provinsi Jambi memperoleh status kinerja tinggi pada EKPPD", LAYANAN)),
    ),
    "setda.kabag_otda": (
        _r("Tersusunnya laporan penyelenggaraan pemerintahan daerah (LPPD) yang berkualitas",
           _k("kualitas", "Kualitas data LPPD",
              "Seluruh indikator kinerja kunci LPPD didukung data valid dan terverifikasi",
              PROSES),
           _k("waktu", "Ketepatan waktu penyampaian LPPD",
              "LPPD disampaikan kepada Menteri Dalam Negeri paling lambat akhir Maret", LAYANAN)),
    ),
    "setda.analis_otda": (
        _r("Tersedianya bahan kajian pelaksanaan urusan pemerintahan daerah",
           _i("kuantitas", "Jumlah kajian/telaahan staf yang disusun", 6, "kajian"),
           _i("kualitas", "Persentase telaahan diterima atasan tanpa perbaikan besar", 90, "%")),
        _t("Terlaksananya tugas sekretariat Tim Penyusun LPPD",
           _i("kuantitas", "Jumlah notulen rapat tim", 8, "notulen")),
    ),
    "setda.karo_org": (
        _r("Meningkatnya efektivitas kelembagaan dan tata laksana perangkat daerah",
           _k("kuantitas", "Evaluasi kelembagaan perangkat daerah",
              "Seluruh perangkat daerah yang dijadwalkan telah dievaluasi kelembagaannya", PROSES),
           _k("kualitas", "Indeks Kelembagaan perangkat daerah",
              "Rata-rata Indeks Kelembagaan perangkat daerah berkategori baik", INTERNAL)),
    ),
    "setda.kabag_kelembagaan": (
        _r("Tersusunnya analisis jabatan dan analisis beban kerja perangkat daerah",
           _k("kuantitas", "Dokumen anjab-ABK perangkat daerah",
              "Dokumen anjab-ABK seluruh perangkat daerah telah diverifikasi", PROSES),
           _k("kualitas", "Kesesuaian dokumen dengan pedoman KemenPANRB",
              "Dokumen anjab-ABK diterima KemenPANRB tanpa catatan perbaikan", INTERNAL)),
    ),
    "setda.analis_jabatan": (
        _r("Terverifikasinya peta jabatan dan kebutuhan pegawai",
           _i("kuantitas", "Jumlah peta jabatan yang diverifikasi", 16, "peta jabatan"),
           _i("kualitas", "Persentase formasi yang sesuai hasil ABK", 95, "%"),
           _i("waktu", "Rata-rata waktu verifikasi per perangkat daerah", 5, "hari")),
    ),
    "setda.karo_umum": (
        _r("Terselenggaranya layanan keprotokolan dan tata usaha pimpinan yang prima",
           _k("kuantitas", "Layanan agenda pimpinan",
              "Seluruh agenda pimpinan terlayani sesuai jadwal", LAYANAN),
           _k("kualitas", "Kepuasan pimpinan terhadap layanan tata usaha",
              "Tidak ada keluhan pimpinan atas layanan keprotokolan dan tata usaha", LAYANAN)),
    ),
    "setda.kabag_tu": (
        _r("Terkelolanya naskah dinas dan agenda Gubernur dan Sekretaris Daerah",
           _k("kuantitas", "Naskah dinas pimpinan yang diproses",
              "Seluruh naskah dinas pimpinan diproses melalui naskah dinas elektronik", PROSES),
           _k("kualitas", "Kesesuaian naskah dengan tata naskah dinas",
              "Naskah dinas pimpinan sesuai tata naskah dinas tanpa pengembalian", PROSES),
           _k("waktu", "Kecepatan pemrosesan naskah",
              "Naskah dinas selesai diproses paling lama 2 hari kerja", LAYANAN)),
    ),
    # --- Dinas Kependudukan dan Pencatatan Sipil ----------------------------------------------
    "dukcapil.kadis": (
        _r("Meningkatnya kualitas pelayanan administrasi kependudukan di Provinsi Jambi",
           _k("kuantitas", "Kepemilikan KTP-el penduduk wajib KTP",
              "Minimal 99 % penduduk wajib KTP telah memiliki KTP-el", LAYANAN),
           _k("kualitas", "Indeks Kepuasan Masyarakat layanan administrasi kependudukan",
              "IKM layanan administrasi kependudukan berkategori Baik (B)", LAYANAN)),
        _r("Meningkatnya pemanfaatan data kependudukan oleh perangkat daerah",
           _k("kuantitas", "Lembaga pengguna data kependudukan",
              "Seluruh lembaga pengguna yang bekerja sama memanfaatkan data kependudukan "
              "secara aktif", PROSES)),
    ),
    "dukcapil.kabid_dafduk": (
        _r("Meningkatnya cakupan kepemilikan dokumen pendaftaran penduduk",
           _k("kuantitas", "Kepemilikan Kartu Identitas Anak (KIA)",
              "Cakupan KIA mencapai minimal 60 % anak", LAYANAN),
           _k("kuantitas", "Perekaman KTP-el",
              "Perekaman KTP-el penduduk wajib KTP mencapai 99,5 %", LAYANAN),
           _k("waktu", "Waktu penyelesaian dokumen pendaftaran penduduk",
              "Dokumen pendaftaran penduduk selesai dalam satu hari kerja", PROSES)),
    ),
    "dukcapil.kasi_identitas": (
        _r("Terlaksananya penerbitan dokumen identitas penduduk tepat waktu",
           _i("kuantitas", "Jumlah KTP-el, KIA dan IKD yang diterbitkan", 5000, "dokumen"),
           _i("kualitas", "Persentase data tanpa koreksi", 98, "%"),
           _i("waktu", "Rata-rata waktu penyelesaian", 1, "hari"),
           _o("kualitas", "Indeks Kepuasan Masyarakat layanan KTP-el", _IKM_A, "ikm_service",
              KTP_EL)),
        _r("Terlaksananya perekaman KTP-el jemput bola bagi kelompok rentan",
           _i("kuantitas", "Jumlah kegiatan jemput bola di panti, lapas dan sekolah", 24,
              "kegiatan")),
    ),
    "dukcapil.ktp": (
        _r("Terlaksananya penerbitan dokumen KTP-el tepat waktu",
           _i("kuantitas", "Jumlah KTP-el yang diterbitkan", 1200, "dokumen"),
           _i("kualitas", "Persentase data tanpa koreksi", 98, "%"),
           _i("waktu", "Rata-rata waktu penyelesaian", 1, "hari")),
    ),
    "dukcapil.ktp_loket": (
        _r("Terlayaninya permohonan KTP-el di loket pelayanan",
           _i("kuantitas", "Jumlah permohonan KTP-el yang diverifikasi", 1500, "berkas"),
           _i("kualitas", "Persentase berkas lengkap saat diteruskan ke pencetakan", 98, "%"),
           _i("waktu", "Rata-rata waktu layanan per pemohon", 15, "menit")),
        _r("Meningkatnya kepuasan pemohon layanan identitas penduduk",
           _o("kualitas", "Indeks kepuasan masyarakat atas layanan KTP-el", _IKM_A,
              "ikm_officer", KTP_EL)),
    ),
    "dukcapil.ktp_cetak": (
        _r("Tercetaknya KTP-el sesuai permohonan yang terverifikasi tepat waktu",
           _i("kuantitas", "Jumlah KTP-el yang dicetak", 1200, "keping"),
           _i("kualitas", "Persentase blangko rusak saat pencetakan", 1, "%"),
           _o("waktu", "Rata-rata waktu penyelesaian KTP-el", 8, "records_avg_hours", KTP_EL),
           _o("waktu", "Persentase dokumen selesai sesuai standar pelayanan", 95,
              "records_within_standard", KTP_EL)),
        _r("Terlayaninya pemohon KTP-el dengan data yang akurat dan memuaskan",
           _o("kualitas", "Akurasi data (dokumen tanpa koreksi)", 98, "records_accuracy", KTP_EL),
           _o("kualitas", "Indeks kepuasan masyarakat atas layanan", _IKM_A, "ikm_officer"),
           parent=0),
        _t("Terlaksananya pemeliharaan perangkat perekaman dan pencetakan KTP-el",
           _i("kuantitas", "Jumlah laporan pemeliharaan perangkat", 12, "laporan")),
    ),
    "dukcapil.kia": (
        _r("Meningkatnya kepemilikan Kartu Identitas Anak",
           _i("kuantitas", "Jumlah KIA yang diterbitkan", 2000, "dokumen"),
           _i("kualitas", "Persentase data KIA sesuai kartu keluarga", 99, "%"),
           _i("waktu", "Rata-rata waktu penyelesaian", 1, "hari"),
           _o("kualitas", "Indeks kepuasan masyarakat atas layanan", _IKM_A, "ikm_officer")),
    ),
    "dukcapil.ikd": (
        _r("Meningkatnya aktivasi Identitas Kependudukan Digital (IKD)",
           _i("kuantitas", "Jumlah penduduk yang mengaktifkan IKD", 3000, "orang"),
           _i("kualitas", "Persentase aktivasi berhasil pada percobaan pertama", 95, "%")),
        _r("Tersajinya data agregat kependudukan semester",
           _i("kuantitas", "Jumlah buku data agregat kependudukan", 2, "dokumen"),
           _i("waktu", "Waktu penyajian data setelah akhir semester", 30, "hari")),
    ),
    "dukcapil.kasi_pindah": (
        _r("Terlaksananya pelayanan pindah datang penduduk yang cepat dan akurat",
           _i("kuantitas", "Jumlah Surat Keterangan Pindah (SKPWNI) yang diterbitkan", 800,
              "dokumen"),
           _i("kualitas", "Persentase data pindah datang tersinkron di SIAK", 99, "%")),
    ),
    "dukcapil.pindah": (
        _r("Terprosesnya permohonan pindah datang dan perubahan Kartu Keluarga",
           _i("kuantitas", "Jumlah permohonan pindah datang yang diproses", 800, "berkas"),
           _o("waktu", "Rata-rata waktu penyelesaian Kartu Keluarga", 1, "records_avg_hours",
              KARTU_KELUARGA),
           _o("kualitas", "Akurasi data Kartu Keluarga (tanpa koreksi)", 99, "records_accuracy",
              KARTU_KELUARGA)),
    ),
    "dukcapil.kabid_capil": (
        _r("Meningkatnya cakupan kepemilikan akta pencatatan sipil",
           _k("kuantitas", "Kepemilikan akta kelahiran anak 0-18 tahun",
              "Cakupan akta kelahiran anak 0-18 tahun minimal 97 %", LAYANAN),
           _k("kuantitas", "Pencatatan kematian",
              "Minimal 70 % kematian tercatat dengan akta kematian", PROSES)),
    ),
    "dukcapil.kasi_lahir": (
        _r("Terlaksananya pencatatan kelahiran dan kematian tepat waktu",
           _i("kuantitas", "Jumlah akta kelahiran dan kematian yang diterbitkan", 3000,
              "dokumen"),
           _i("kualitas", "Persentase akta tanpa pembetulan", 99, "%"),
           _i("waktu", "Rata-rata waktu penyelesaian", 1, "hari"),
           _o("kualitas", "Indeks Kepuasan Masyarakat layanan akta kelahiran", _IKM_A,
              "ikm_service", AKTA_KELAHIRAN)),
    ),
    "dukcapil.akta": (
        _r("Terlaksananya penerbitan akta kelahiran tepat waktu",
           _i("kuantitas", "Jumlah akta kelahiran yang diterbitkan", 1800, "dokumen"),
           _o("kualitas", "Persentase akta tanpa pembetulan", 98, "records_accuracy",
              AKTA_KELAHIRAN),
           _o("waktu", "Persentase akta selesai sesuai standar pelayanan", 95,
              "records_within_standard", AKTA_KELAHIRAN)),
        _t("Terlaksananya sosialisasi akta kelahiran di posyandu",
           _i("kuantitas", "Jumlah posyandu yang dikunjungi", 10, "posyandu")),
    ),
    "dukcapil.akta_verifikasi": (
        _r("Terverifikasinya berkas permohonan akta pencatatan sipil",
           _i("kuantitas", "Jumlah berkas permohonan yang diverifikasi", 2500, "berkas"),
           _i("kualitas", "Persentase berkas yang lolos verifikasi tanpa pengembalian", 95, "%"),
           _o("kualitas", "Indeks kepuasan masyarakat atas layanan akta kelahiran", _IKM_A,
              "ikm_officer", AKTA_KELAHIRAN)),
    ),
    # --- Dinas Pendidikan ---------------------------------------------------------------------
    "disdik.kadis": (
        _r("Meningkatnya mutu dan pemerataan pendidikan menengah dan khusus",
           _k("kuantitas", "Angka Partisipasi Kasar SMA/SMK/SLB",
              "APK pendidikan menengah dan khusus meningkat menjadi minimal 92 %", LAYANAN),
           _k("kualitas", "Rapor Pendidikan satuan pendidikan",
              "Minimal 60 % satuan pendidikan berkategori baik pada Rapor Pendidikan", PROSES)),
    ),
    "disdik.kabid_sma": (
        _r("Meningkatnya mutu pembelajaran SMA",
           _k("kualitas", "Capaian literasi peserta didik SMA",
              "Minimal 70 % SMA memiliki capaian literasi di atas kompetensi minimum", LAYANAN),
           _k("kuantitas", "Pendampingan Kurikulum Merdeka",
              "Seluruh SMA negeri mengikuti pendampingan Kurikulum Merdeka", PROSES)),
    ),
    "disdik.kasi_kurikulum": (
        _r("Terlaksananya pendampingan implementasi kurikulum di SMA",
           _i("kuantitas", "Jumlah SMA yang didampingi", 100, "sekolah"),
           _i("kualitas", "Persentase sekolah yang menyusun KOSP sesuai panduan", 90, "%"),
           _i("waktu", "Waktu penyelesaian pendampingan", 6, "bulan")),
    ),
    "disdik.data": (
        _r("Tervalidasinya data pokok pendidikan (Dapodik) SMA",
           _i("kuantitas", "Jumlah sekolah yang datanya divalidasi", 140, "sekolah"),
           _i("kualitas", "Persentase data peserta didik tanpa residu", 98, "%", upto=100),
           _i("waktu", "Waktu validasi setelah sinkronisasi data sekolah", 5, "hari")),
    ),
    "disdik.kepsek": (
        _r("Meningkatnya kualitas pembelajaran dan iklim sekolah di SMA Negeri 1 Kota Jambi",
           _i("kualitas", "Skor literasi Rapor Pendidikan", 75, "skor"),
           _i("kualitas", "Persentase guru yang menerapkan pembelajaran berdiferensiasi", 85, "%")),
        _r("Terlaksananya supervisi akademik guru",
           _i("kuantitas", "Jumlah guru yang disupervisi", 48, "guru"),
           _i("waktu", "Waktu penyelesaian supervisi akademik", 6, "bulan")),
    ),
    "guru.matematika": _guru("Matematika", 80),
    "guru.bahasa_indonesia": _guru("Bahasa Indonesia", 85),
    "guru.fisika": _guru("Fisika", 78),
    "disdik.kabid_smk": (
        _r("Meningkatnya relevansi lulusan SMK dengan dunia kerja",
           _k("kuantitas", "Lulusan SMK yang terserap",
              "Minimal 70 % lulusan SMK bekerja, melanjutkan atau berwirausaha", LAYANAN),
           _k("kuantitas", "Kerja sama SMK dengan dunia usaha dan industri",
              "Setiap SMK negeri memiliki kerja sama aktif dengan dunia usaha dan industri",
              PROSES)),
    ),
    "disdik.kasi_pd_smk": (
        _r("Terlaksananya pembinaan karakter dan prestasi peserta didik SMK",
           _i("kuantitas", "Jumlah SMK yang melaksanakan program P5", 80, "sekolah"),
           _i("kualitas", "Jumlah medali LKS tingkat nasional", 3, "medali")),
    ),
    "disdik.kesiswaan": (
        _r("Terkelolanya data dan usulan beasiswa peserta didik SMK",
           _i("kuantitas", "Jumlah usulan Program Indonesia Pintar yang diverifikasi", 2500,
              "usulan"),
           _i("kualitas", "Persentase usulan tepat sasaran", 98, "%"),
           _i("waktu", "Waktu verifikasi usulan sejak diterima", 7, "hari")),
    ),
    # --- Dinas Kesehatan ----------------------------------------------------------------------
    "dinkes.kadis": (
        _r("Meningkatnya derajat kesehatan masyarakat Provinsi Jambi",
           _k("kuantitas", "Prevalensi stunting pada balita",
              "Prevalensi stunting balita turun menjadi paling tinggi 14 %", LAYANAN),
           _k("kualitas", "Puskesmas terakreditasi paripurna",
              "Minimal 40 % puskesmas terakreditasi paripurna", PROSES)),
    ),
    "dinkes.kabid_kesmas": (
        _r("Menurunnya masalah gizi dan kematian ibu dan anak",
           _k("kuantitas", "Balita yang ditimbang di posyandu",
              "Cakupan penimbangan balita di posyandu minimal 85 %", LAYANAN),
           _k("kuantitas", "Pelayanan antenatal K6",
              "Cakupan ibu hamil mendapat pelayanan antenatal K6 minimal 80 %", LAYANAN)),
    ),
    "dinkes.kasi_gizi": (
        _r("Terlaksananya intervensi gizi spesifik di kabupaten/kota lokus stunting",
           _i("kuantitas", "Jumlah kabupaten/kota yang didampingi", 11, "kabupaten/kota"),
           _i("kualitas", "Persentase balita gizi kurang yang mendapat PMT", 90, "%")),
    ),
    "dinkes.gizi": (
        _r("Tersedianya data status gizi balita yang valid dan tepat waktu",
           _i("kuantitas", "Jumlah laporan bulanan e-PPGBM yang diverifikasi", 132, "laporan"),
           _i("kualitas", "Persentase data balita tanpa anomali antropometri", 95, "%"),
           _i("waktu", "Waktu pemberian umpan balik setelah laporan diterima", 7, "hari")),
        _t("Menjadi fasilitator pelatihan konseling pemberian makan bayi dan anak",
           _i("kuantitas", "Jumlah angkatan pelatihan yang difasilitasi", 2, "angkatan")),
    ),
    "dinkes.kia": (
        _r("Meningkatnya kualitas pelayanan kesehatan ibu dan anak",
           _i("kuantitas", "Jumlah audit maternal perinatal yang difasilitasi", 12, "kasus"),
           _i("kualitas", "Persentase rekomendasi audit yang ditindaklanjuti fasilitas kesehatan",
              80, "%")),
    ),
    "dinkes.kabid_p2p": (
        _r("Terkendalinya penyakit menular dan tidak menular",
           _k("kuantitas", "Imunisasi dasar lengkap",
              "Cakupan imunisasi dasar lengkap mencapai 95 %", LAYANAN),
           _k("kualitas", "Keberhasilan pengobatan TBC",
              "Angka keberhasilan pengobatan TBC minimal 90 %", PROSES)),
    ),
    "dinkes.kasi_surveilans": (
        _r("Terlaksananya surveilans dan respons kejadian luar biasa",
           _i("kuantitas", "Persentase sinyal SKDR yang direspons", 90, "%"),
           _i("waktu", "Waktu respons KLB sejak laporan diterima", 24, "jam")),
        _r("Meningkatnya cakupan imunisasi rutin",
           _i("kuantitas", "Jumlah kabupaten/kota yang mencapai UCI", 11, "kabupaten/kota")),
    ),
    "dinkes.surveilans": (
        _r("Tersedianya analisis epidemiologi penyakit potensial KLB",
           _i("kuantitas", "Jumlah buletin epidemiologi mingguan", 52, "buletin"),
           _i("kualitas", "Kelengkapan laporan SKDR puskesmas", 90, "%", upto=100),
           _i("waktu", "Waktu penerbitan buletin setelah minggu epidemiologi berakhir", 2, "hari")),
    ),
    "dinkes.imunisasi": (
        _r("Terkelolanya data cakupan imunisasi kabupaten/kota",
           _i("kuantitas", "Jumlah laporan cakupan imunisasi bulanan", 12, "laporan"),
           _i("kualitas", "Persentase kesesuaian data ASIK dengan register puskesmas", 95, "%")),
        _r("Terdistribusinya logistik vaksin ke kabupaten/kota",
           _i("kuantitas", "Persentase permintaan vaksin yang terpenuhi", 100, "%"),
           _i("waktu", "Rata-rata waktu distribusi sejak permintaan", 3, "hari")),
    ),
    "dinkes.kabid_yankes": (
        _r("Meningkatnya mutu pelayanan kesehatan primer dan rujukan",
           _k("kuantitas", "Akreditasi puskesmas", "Seluruh puskesmas terakreditasi", PROSES),
           _k("kualitas", "Pelaporan indikator nasional mutu",
              "Seluruh rumah sakit melaporkan indikator nasional mutu setiap bulan", INTERNAL)),
    ),
    "dinkes.kasi_primer": (
        _r("Terlaksananya pembinaan mutu pelayanan puskesmas",
           _i("kuantitas", "Jumlah puskesmas yang dibina", 60, "puskesmas"),
           _i("kualitas", "Persentase puskesmas yang mencapai target indikator nasional mutu",
              80, "%")),
    ),
    "dinkes.perawat": (
        _r("Meningkatnya kualitas asuhan keperawatan di puskesmas binaan",
           _i("kuantitas", "Jumlah puskesmas yang dilakukan supervisi asuhan keperawatan", 24,
              "puskesmas"),
           _i("kualitas", "Persentase dokumentasi asuhan keperawatan yang lengkap", 90, "%"),
           _i("waktu", "Waktu penyampaian laporan supervisi setelah kunjungan", 5, "hari")),
        _t("Menjadi pelatih Basic Trauma Cardiac Life Support bagi tenaga puskesmas",
           _i("kuantitas", "Jumlah tenaga kesehatan yang dilatih", 60, "orang")),
    ),
    "dinkes.akreditasi": (
        _r("Terlaksananya pendampingan persiapan akreditasi puskesmas",
           _i("kuantitas", "Jumlah puskesmas yang didampingi", 20, "puskesmas"),
           _i("kualitas", "Persentase puskesmas dampingan yang lulus akreditasi", 90, "%")),
    ),
    # --- Badan Kepegawaian Daerah -------------------------------------------------------------
    "bkd.kaban": (
        _r("Meningkatnya profesionalitas ASN Pemerintah Provinsi Jambi",
           _k("kualitas", "Indeks Profesionalitas ASN",
              "Indeks Profesionalitas ASN Provinsi Jambi berkategori tinggi (minimal 75)",
              INTERNAL),
           _k("kualitas", "Indeks Sistem Merit",
              "Penerapan sistem merit berkategori Baik menurut penilaian KASN", PROSES)),
    ),
    "bkd.kabid_pengadaan": (
        _r("Terlaksananya pengadaan dan pemberhentian ASN yang tertib",
           _k("kuantitas", "Penerbitan SK pensiun",
              "Seluruh SK pensiun terbit sebelum TMT pensiun", LAYANAN),
           _k("kualitas", "Kemutakhiran data ASN di SIASN",
              "Data ASN di SIASN mutakhir dan sesuai dokumen kepegawaian", INTERNAL)),
    ),
    "bkd.kasubbid_data": (
        _r("Termutakhirnya data kepegawaian di SIASN",
           _i("kuantitas", "Jumlah data ASN yang dimutakhirkan", 12000, "data"),
           _i("kualitas", "Persentase data tanpa ketidaksesuaian NIP dan jabatan", 99, "%"),
           _i("waktu", "Rata-rata waktu sinkronisasi data dengan BKN", 2, "hari")),
    ),
    "bkd.prakom": (
        _r("Tersedianya layanan sistem informasi kepegawaian yang andal",
           _i("kuantitas", "Jumlah permintaan layanan aplikasi yang diselesaikan", 300, "tiket"),
           _i("kualitas", "Ketersediaan layanan (uptime) aplikasi kepegawaian", 99, "%",
              upto=100),
           _i("waktu", "Rata-rata waktu penyelesaian tiket", 8, "jam")),
    ),
    "bkd.arsip": (
        _r("Tertatanya arsip kepegawaian digital",
           _i("kuantitas", "Jumlah berkas kepegawaian yang dialihmediakan", 3000, "berkas"),
           _i("kualitas", "Persentase berkas terindeks dengan benar", 99, "%")),
    ),
    "bkd.kabid_pka": (
        _r("Meningkatnya kualitas penilaian kinerja ASN",
           _k("kuantitas", "ASN yang menyelesaikan SKP tepat waktu",
              "Minimal 95 % ASN menetapkan dan menilai SKP tepat waktu", PROSES),
           _k("kualitas", "Kalibrasi kinerja perangkat daerah",
              "Seluruh perangkat daerah melaksanakan kalibrasi kinerja sebelum penetapan "
              "predikat", INTERNAL)),
    ),
    "bkd.kasubbid_kinerja": (
        _r("Terlaksananya pembinaan penilaian kinerja pegawai di perangkat daerah",
           _i("kuantitas", "Jumlah perangkat daerah yang dibina", 40, "perangkat daerah"),
           _i("kualitas", "Persentase SKP yang ditetapkan sebelum akhir Januari", 90, "%")),
        _r("Tersusunnya rekapitulasi predikat kinerja ASN untuk SIASN",
           _i("kuantitas", "Jumlah rekapitulasi yang disampaikan ke BKN", 1, "dokumen"),
           _i("waktu", "Waktu pengiriman rekapitulasi setelah penetapan predikat", 14, "hari")),
    ),
    "bkd.analis_kinerja": (
        _r("Terverifikasinya SKP dan hasil evaluasi kinerja pegawai",
           _i("kuantitas", "Jumlah SKP perangkat daerah yang diverifikasi", 2000, "SKP"),
           _i("kualitas", "Persentase SKP dengan RHK yang terhubung ke RHK atasan", 90, "%"),
           _i("waktu", "Rata-rata waktu verifikasi per perangkat daerah", 3, "hari")),
    ),
    "bkd.analis_penghargaan": (
        _r("Terprosesnya usulan penghargaan Satyalancana Karya Satya",
           _i("kuantitas", "Jumlah usulan yang diverifikasi", 400, "usulan"),
           _i("kualitas", "Persentase usulan yang disetujui Sekretariat Militer Presiden", 95,
              "%")),
        _t("Menjadi sekretariat Tim Penilai Kinerja PNS Provinsi",
           _i("kuantitas", "Jumlah berita acara sidang tim", 4, "berita acara")),
    ),
    # --- Inspektorat --------------------------------------------------------------------------
    "inspektorat.inspektur": (
        _r("Meningkatnya kapabilitas pengawasan intern pemerintah daerah",
           _k("kualitas", "Kapabilitas APIP", "Kapabilitas APIP mencapai level 3", INTERNAL),
           _k("kualitas", "Maturitas SPIP",
              "Maturitas SPIP Pemerintah Provinsi Jambi mencapai level 3", PROSES)),
    ),
    "inspektorat.irban": (
        _r("Terlaksananya pengawasan atas perangkat daerah di wilayah binaan",
           _k("kuantitas", "Laporan hasil pemeriksaan",
              "Seluruh pemeriksaan dalam PKPT menghasilkan LHP", PROSES),
           _k("kualitas", "Tindak lanjut rekomendasi",
              "Minimal 85 % rekomendasi pemeriksaan ditindaklanjuti", LAYANAN),
           _k("waktu", "Penerbitan LHP",
              "LHP terbit paling lama 14 hari setelah pemeriksaan berakhir", PROSES)),
        _t("Anggota Tim Penilai Kinerja PNS Pemerintah Provinsi Jambi",
           _k("kuantitas", "Sidang kalibrasi yang diikuti",
              "Mengikuti seluruh sidang kalibrasi Tim Penilai Kinerja", INTERNAL)),
    ),
    "inspektorat.auditor": (
        _r("Terlaksananya audit kinerja dan keuangan perangkat daerah",
           _i("kuantitas", "Jumlah penugasan audit yang diselesaikan", 8, "penugasan"),
           _i("kualitas", "Persentase kertas kerja audit yang lolos reviu berjenjang", 95, "%"),
           _i("waktu", "Rata-rata waktu penyelesaian penugasan", 20, "hari")),
    ),
    "inspektorat.p2upd": (
        _r("Terlaksananya pengawasan penyelenggaraan urusan pemerintahan daerah",
           _i("kuantitas", "Jumlah laporan reviu dan evaluasi yang diselesaikan", 10, "laporan"),
           _i("kualitas", "Persentase rekomendasi yang dapat ditindaklanjuti", 90, "%")),
        _r("Terlaksananya pemantauan tindak lanjut hasil pemeriksaan",
           _LAPORAN_TW, _TEPAT_WAKTU),
    ),
}

# Lower is better for time and cost, and for a few rates whose text says so.
LOWER_IS_BETTER = frozenset({"waktu", "biaya"})
_LOWER_TEXT = ("blangko rusak", "Prevalensi")
# Units measured on a continuous scale; other whole-number targets count things.
_SCALES = frozenset({"%", "nilai", "skor"})


def lower_is_better(indicator: IndicatorSpec) -> bool:
    return indicator.aspect in LOWER_IS_BETTER or any(
        word in indicator.text for word in _LOWER_TEXT)


def realisation(indicator: IndicatorSpec, rating_hasil_kerja: str, jitter: float) -> Decimal:
    """A realisation that fits the rating: beyond target for 'above', short of it for 'below'.

    A range target is met anywhere inside it, exceeded above its upper bound and missed below
    its lower one. jitter in [0, 1) varies the figure between employees with the same rating.
    """
    factor = {ABOVE: 1.06 + 0.08 * jitter, BELOW: 0.86 + 0.08 * jitter}.get(
        rating_hasil_kerja, 1.0 + 0.02 * jitter)
    lower = lower_is_better(indicator)
    if lower:
        factor = 2 - factor
    if indicator.target_max is not None:
        low, high = indicator.target, indicator.target_max
        if rating_hasil_kerja == ABOVE:
            value = high * Decimal(str(round(factor, 4)))
        elif rating_hasil_kerja == BELOW:
            value = low * Decimal(str(round(factor, 4)))
        else:
            value = low + (high - low) * Decimal(str(round(0.3 + 0.4 * jitter, 4)))
    else:
        value = indicator.target * Decimal(str(round(factor, 4)))
    if indicator.unit == "%" and not lower:
        value = min(value, Decimal(100))
    return _rounded(indicator, value)


def quarterly_realisation(indicator: IndicatorSpec, annual: Decimal, quarter: int,
                          jitter: float) -> Decimal:
    """The realisation of one quarter: a quarter of the year's count, or the rate or time
    measured in that quarter (near the year's)."""
    wobble = Decimal(str(round(0.97 + 0.06 * ((jitter * 7 + quarter * 0.37) % 1), 4)))
    if _counts(indicator):
        return _rounded(indicator, annual / 4 * wobble)
    value = annual * wobble
    if indicator.unit == "%" and not lower_is_better(indicator):
        value = min(value, Decimal(100))
    return _rounded(indicator, value)


def _counts(indicator: IndicatorSpec) -> bool:
    return (indicator.target == indicator.target.to_integral_value()
            and indicator.aspect not in LOWER_IS_BETTER and indicator.unit not in _SCALES)


def _rounded(indicator: IndicatorSpec, value: Decimal) -> Decimal:
    quantum = Decimal(1) if _counts(indicator) else Decimal("0.01")
    return max(value.quantize(quantum, rounding=ROUND_HALF_UP), quantum)


def qualitative_realisation(indicator: IndicatorSpec, rating_hasil_kerja: str) -> str:
    """What a leader reports against a success measure, fitting the rating."""
    measure = indicator.target_text.rstrip(".")
    if rating_hasil_kerja == ABOVE:
        return (f"Tercapai dan dilampaui: {measure}; capaian lebih baik dari tahun lalu. "
                "Bukti: laporan kinerja triwulanan dan dokumen pendukung.")
    if rating_hasil_kerja == BELOW:
        return (f"Belum sepenuhnya tercapai: {measure}; kendala dan rencana tindak lanjut "
                "diuraikan dalam laporan kinerja.")
    return f"Tercapai sesuai ukuran keberhasilan: {measure}. Bukti: laporan kinerja tahunan."


QUARTER_NOTES = {
    1: "Triwulan I: kegiatan berjalan sesuai rencana aksi.",
    2: "Triwulan II: progres sesuai rencana; koordinasi dengan unit terkait dilakukan.",
    3: "Triwulan III: sebagian besar sasaran tercapai; hambatan dicatat untuk ditindaklanjuti.",
    4: "Triwulan IV: sasaran tahunan diselesaikan dan dilaporkan.",
}


EVIDENCE = {
    "kuantitas": "Rekapitulasi Januari-November 2026 dari aplikasi dan laporan bulanan; "
                 "bukti dukung terlampir.",
    "kualitas": "Hasil verifikasi mutu oleh atasan langsung dan catatan pemeriksaan.",
    "waktu": "Dihitung dari tanggal permohonan sampai tanggal penyelesaian menurut log aplikasi.",
    "biaya": "Berdasarkan realisasi anggaran pada SIPD.",
}


# Lampiran SKP: the lines each SKP gets, by list; {agency} and {supervisor} are filled in.
LAMPIRAN = {
    "dukungan_sumber_daya": ("Anggaran kegiatan pada DPA {agency} Tahun 2026",),
    "skema_pertanggungjawaban": (
        "Laporan capaian kinerja triwulanan kepada {supervisor}, dengan bukti dukung yang "
        "dicatat di portal Kinerja",),
    "konsekuensi": (
        "Capaian kinerja menjadi dasar perhitungan Tambahan Penghasilan Pegawai (TPP) serta "
        "pertimbangan pengembangan karier, penghargaan atau rencana perbaikan kinerja",),
}
# One more resource line by agency code: the tools the work depends on.
LAMPIRAN_RESOURCES = {
    "SETDA": "Data dan dokumen dari perangkat daerah terkait",
    "DISDUKCAPIL": "Akses SIAK Terpusat dan perangkat perekaman KTP-el",
    "DISDIK": "Akses Dapodik, Rapor Pendidikan dan Platform Merdeka Mengajar",
    "DINKES": "Akses aplikasi e-PPGBM, ASIK dan SKDR",
    "BKD": "Akses SIASN dan aplikasi e-Kinerja BKN",
    "INSPEKTORAT": "Pedoman audit dan aplikasi pengawasan",
}

# The supervisor's ekspektasi khusus pimpinan per BerAKHLAK value: (for staff, for leaders).
EXPECTATIONS = {
    "berorientasi_pelayanan": (
        "Melayani pengguna layanan dengan ramah dan tuntas; tidak ada keluhan yang dibiarkan "
        "tanpa tindak lanjut.",
        "Memastikan standar pelayanan unit dipublikasikan dan dipenuhi, serta menindaklanjuti "
        "hasil survei kepuasan masyarakat."),
    "akuntabel": (
        "Menyampaikan laporan tepat waktu dan menggunakan barang milik daerah secara "
        "bertanggung jawab.",
        "Mengelola anggaran dan kinerja unit secara transparan; laporan kinerja disampaikan "
        "tepat waktu."),
    "kompeten": (
        "Mengikuti minimal 20 jam pelajaran pengembangan kompetensi dan berbagi hasilnya dengan "
        "rekan kerja.",
        "Membimbing dan mengembangkan kompetensi pegawai di unitnya melalui coaching dan "
        "mentoring."),
    "harmonis": (
        "Menjaga suasana kerja yang saling menghargai dan siap membantu rekan satu tim.",
        "Membangun lingkungan kerja yang kondusif dan inklusif di unit kerjanya."),
    "loyal": (
        "Menjaga kerahasiaan data dan dokumen yang dikelola serta nama baik instansi.",
        "Menjadi teladan dalam menjaga integritas, netralitas ASN dan nama baik instansi."),
    "adaptif": (
        "Cepat menyesuaikan diri dengan perubahan aplikasi dan prosedur kerja, serta mengusulkan "
        "perbaikan.",
        "Memimpin inovasi layanan dan mendorong digitalisasi proses kerja unit."),
    "kolaboratif": (
        "Aktif berkoordinasi dengan unit lain untuk menyelesaikan pekerjaan bersama.",
        "Menggerakkan kerja sama lintas perangkat daerah untuk mencapai sasaran pimpinan."),
}
