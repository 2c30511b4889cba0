"""SKP content of the demo: the RHK and indicators (IKI) of each work profile, and realisations.

A profile is what a post plans for the year: one to three Rencana Hasil Kerja (utama, sometimes a
tambahan), each with one to three indicators over the aspects kuantitas, kualitas, waktu, biaya
(shared domain.md section 3). Staff profiles follow their supervisor's, so the cascade reads
naturally (Kepala Dinas -> Kepala Bidang -> Kepala Seksi -> staff).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portal.rules.predikat import ABOVE, BELOW


@dataclass(frozen=True)
class IndicatorSpec:
    aspect: str
    text: str
    target: Decimal
    unit: str


@dataclass(frozen=True)
class RhkSpec:
    kind: str
    text: str
    indicators: tuple[IndicatorSpec, ...]


def _i(aspect: str, text: str, target: str | int, unit: str) -> IndicatorSpec:
    return IndicatorSpec(aspect, text, Decimal(str(target)), unit)


def _r(text: str, *indicators: IndicatorSpec, kind: str = "utama") -> RhkSpec:
    return RhkSpec(kind, text, indicators)


def _t(text: str, *indicators: IndicatorSpec) -> RhkSpec:
    return _r(text, *indicators, kind="tambahan")


# Indicators that recur across agencies.
_LAPORAN_TW = _i("kuantitas", "Jumlah laporan yang disusun", 4, "laporan")
_TEPAT_WAKTU = _i("waktu", "Waktu penyampaian laporan setelah akhir triwulan", 10, "hari")


def _guru(mapel: str, kkm: int) -> tuple[RhkSpec, ...]:
    return (
        _r(f"Terlaksananya pembelajaran {mapel} yang berpusat pada peserta didik",
           _i("kuantitas", "Jumlah rombongan belajar yang diampu", 6, "rombel"),
           _i("kualitas", f"Persentase peserta didik yang mencapai KKTP {mapel}", kkm, "%"),
           _i("kuantitas", "Jumlah jam tatap muka per minggu", 24, "jam")),
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
           _i("kuantitas", "Jumlah dokumen perencanaan dan pelaporan kinerja yang diselesaikan",
              6, "dokumen"),
           _i("kualitas", "Nilai SAKIP perangkat daerah", 70, "nilai"),
           _i("waktu", "Waktu penyelesaian dokumen perencanaan dan pelaporan", 12, "bulan")),
        _r("Meningkatnya akuntabilitas pengelolaan keuangan perangkat daerah",
           _i("kualitas", "Persentase temuan BPK yang telah ditindaklanjuti", 100, "%"),
           _i("kuantitas", "Persentase realisasi anggaran", 95, "%")),
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
           _i("kualitas", "Indeks Reformasi Birokrasi Provinsi Jambi", 70, "nilai"),
           _i("kualitas", "Nilai SAKIP Pemerintah Provinsi Jambi", 72, "nilai")),
        _r("Meningkatnya kinerja perangkat daerah",
           _i("kuantitas", "Persentase perangkat daerah dengan predikat kinerja minimal Baik",
              90, "%")),
    ),
    "setda.karo_pem": (
        _r("Meningkatnya kualitas penyelenggaraan otonomi daerah dan kerja sama",
           _i("kuantitas", "Jumlah naskah kerja sama daerah yang ditandatangani", 12, "naskah"),
           _i("kualitas", "Nilai EKPPD Provinsi Jambi", 3.2, "skor")),
    ),
    "setda.kabag_otda": (
        _r("Tersusunnya laporan penyelenggaraan pemerintahan daerah (LPPD) yang berkualitas",
           _i("kuantitas", "Jumlah dokumen LPPD yang disusun", 1, "dokumen"),
           _i("kualitas", "Persentase indikator kinerja kunci yang didukung data valid", 95, "%"),
           _i("waktu", "Waktu penyusunan LPPD sejak akhir tahun anggaran", 3, "bulan")),
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
           _i("kuantitas", "Jumlah perangkat daerah yang dievaluasi kelembagaannya", 10,
              "perangkat daerah"),
           _i("kualitas", "Rata-rata nilai Indeks Kelembagaan perangkat daerah", 80, "nilai")),
    ),
    "setda.kabag_kelembagaan": (
        _r("Tersusunnya analisis jabatan dan analisis beban kerja perangkat daerah",
           _i("kuantitas", "Jumlah dokumen anjab-ABK yang diverifikasi", 48, "dokumen"),
           _i("kualitas", "Persentase dokumen sesuai pedoman KemenPANRB", 95, "%")),
    ),
    "setda.analis_jabatan": (
        _r("Terverifikasinya peta jabatan dan kebutuhan pegawai",
           _i("kuantitas", "Jumlah peta jabatan yang diverifikasi", 16, "peta jabatan"),
           _i("kualitas", "Persentase formasi yang sesuai hasil ABK", 95, "%"),
           _i("waktu", "Rata-rata waktu verifikasi per perangkat daerah", 5, "hari")),
    ),
    "setda.karo_umum": (
        _r("Terselenggaranya layanan keprotokolan dan tata usaha pimpinan yang prima",
           _i("kuantitas", "Jumlah agenda pimpinan yang terlayani", 600, "agenda"),
           _i("kualitas", "Indeks kepuasan pimpinan terhadap layanan tata usaha", 85, "nilai")),
    ),
    "setda.kabag_tu": (
        _r("Terkelolanya naskah dinas dan agenda Gubernur dan Sekretaris Daerah",
           _i("kuantitas", "Jumlah naskah dinas pimpinan yang diproses", 2400, "naskah"),
           _i("kualitas", "Persentase naskah sesuai tata naskah dinas", 98, "%"),
           _i("waktu", "Rata-rata waktu pemrosesan naskah", 2, "hari")),
    ),
    # --- Dinas Kependudukan dan Pencatatan Sipil ----------------------------------------------
    "dukcapil.kadis": (
        _r("Meningkatnya kualitas pelayanan administrasi kependudukan di Provinsi Jambi",
           _i("kuantitas", "Persentase penduduk wajib KTP yang telah memiliki KTP-el", 99, "%"),
           _i("kualitas", "Indeks Kepuasan Masyarakat layanan administrasi kependudukan", 85,
              "nilai")),
        _r("Meningkatnya pemanfaatan data kependudukan oleh perangkat daerah",
           _i("kuantitas", "Jumlah lembaga pengguna yang memanfaatkan data kependudukan", 25,
              "lembaga")),
    ),
    "dukcapil.kabid_dafduk": (
        _r("Meningkatnya cakupan kepemilikan dokumen pendaftaran penduduk",
           _i("kuantitas", "Persentase anak yang memiliki Kartu Identitas Anak (KIA)", 60, "%"),
           _i("kuantitas", "Persentase penduduk wajib KTP yang telah merekam KTP-el", 99.5, "%"),
           _i("waktu", "Rata-rata waktu penyelesaian dokumen pendaftaran penduduk", 1, "hari")),
    ),
    "dukcapil.kasi_identitas": (
        _r("Terlaksananya penerbitan dokumen identitas penduduk tepat waktu",
           _i("kuantitas", "Jumlah KTP-el, KIA dan IKD yang diterbitkan", 5000, "dokumen"),
           _i("kualitas", "Persentase data tanpa koreksi", 98, "%"),
           _i("waktu", "Rata-rata waktu penyelesaian", 1, "hari")),
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
           _i("kualitas", "Nilai IKM unsur perilaku pelaksana", 85, "nilai")),
    ),
    "dukcapil.ktp_cetak": (
        _r("Tercetaknya blangko KTP-el sesuai permohonan yang terverifikasi",
           _i("kuantitas", "Jumlah KTP-el yang dicetak", 1200, "keping"),
           _i("kualitas", "Persentase blangko rusak saat pencetakan", 1, "%"),
           _i("waktu", "Rata-rata waktu pencetakan sejak verifikasi", 1, "hari")),
        _t("Terlaksananya pemeliharaan perangkat perekaman dan pencetakan KTP-el",
           _i("kuantitas", "Jumlah laporan pemeliharaan perangkat", 12, "laporan")),
    ),
    "dukcapil.kia": (
        _r("Meningkatnya kepemilikan Kartu Identitas Anak",
           _i("kuantitas", "Jumlah KIA yang diterbitkan", 2000, "dokumen"),
           _i("kualitas", "Persentase data KIA sesuai kartu keluarga", 99, "%"),
           _i("waktu", "Rata-rata waktu penyelesaian", 1, "hari")),
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
        _r("Terprosesnya permohonan pindah datang antar kabupaten/kota dan provinsi",
           _i("kuantitas", "Jumlah permohonan pindah datang yang diproses", 800, "berkas"),
           _i("waktu", "Rata-rata waktu penyelesaian", 1, "hari")),
    ),
    "dukcapil.kabid_capil": (
        _r("Meningkatnya cakupan kepemilikan akta pencatatan sipil",
           _i("kuantitas", "Persentase anak 0-18 tahun yang memiliki akta kelahiran", 97, "%"),
           _i("kuantitas", "Persentase kematian yang tercatat dengan akta kematian", 70, "%")),
    ),
    "dukcapil.kasi_lahir": (
        _r("Terlaksananya pencatatan kelahiran dan kematian tepat waktu",
           _i("kuantitas", "Jumlah akta kelahiran dan kematian yang diterbitkan", 3000,
              "dokumen"),
           _i("kualitas", "Persentase akta tanpa pembetulan", 99, "%"),
           _i("waktu", "Rata-rata waktu penyelesaian", 1, "hari")),
    ),
    "dukcapil.akta": (
        _r("Terlaksananya penerbitan akta kelahiran tepat waktu",
           _i("kuantitas", "Jumlah akta kelahiran yang diterbitkan", 1800, "dokumen"),
           _i("kualitas", "Persentase akta tanpa pembetulan", 99, "%"),
           _i("waktu", "Rata-rata waktu penyelesaian", 1, "hari")),
        _t("Terlaksananya sosialisasi akta kelahiran di posyandu",
           _i("kuantitas", "Jumlah posyandu yang dikunjungi", 10, "posyandu")),
    ),
    "dukcapil.akta_verifikasi": (
        _r("Terverifikasinya berkas permohonan akta pencatatan sipil",
           _i("kuantitas", "Jumlah berkas permohonan yang diverifikasi", 2500, "berkas"),
           _i("kualitas", "Persentase berkas yang lolos verifikasi tanpa pengembalian", 95, "%")),
    ),
    # --- Dinas Pendidikan ---------------------------------------------------------------------
    "disdik.kadis": (
        _r("Meningkatnya mutu dan pemerataan pendidikan menengah dan khusus",
           _i("kuantitas", "Angka Partisipasi Kasar SMA/SMK/SLB", 92, "%"),
           _i("kualitas", "Persentase satuan pendidikan dengan Rapor Pendidikan kategori baik",
              60, "%")),
    ),
    "disdik.kabid_sma": (
        _r("Meningkatnya mutu pembelajaran SMA",
           _i("kualitas", "Persentase SMA dengan capaian literasi di atas kompetensi minimum",
              70, "%"),
           _i("kuantitas", "Jumlah SMA yang mengikuti pendampingan Kurikulum Merdeka", 100,
              "sekolah")),
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
           _i("kualitas", "Persentase data peserta didik tanpa residu", 98, "%"),
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
           _i("kuantitas", "Persentase lulusan SMK yang bekerja, melanjutkan atau berwirausaha",
              70, "%"),
           _i("kuantitas", "Jumlah kerja sama SMK dengan dunia usaha dan industri", 60,
              "naskah")),
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
           _i("kuantitas", "Prevalensi stunting pada balita", 14, "%"),
           _i("kualitas", "Persentase puskesmas terakreditasi paripurna", 40, "%")),
    ),
    "dinkes.kabid_kesmas": (
        _r("Menurunnya masalah gizi dan kematian ibu dan anak",
           _i("kuantitas", "Cakupan balita yang ditimbang di posyandu", 85, "%"),
           _i("kuantitas", "Cakupan ibu hamil mendapat pelayanan antenatal K6", 80, "%")),
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
           _i("kuantitas", "Cakupan imunisasi dasar lengkap", 95, "%"),
           _i("kualitas", "Angka keberhasilan pengobatan TBC", 90, "%")),
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
           _i("kualitas", "Kelengkapan laporan SKDR puskesmas", 90, "%"),
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
           _i("kuantitas", "Persentase puskesmas terakreditasi", 100, "%"),
           _i("kualitas", "Persentase rumah sakit yang melaporkan indikator nasional mutu", 95,
              "%")),
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
           _i("kualitas", "Indeks Profesionalitas ASN", 75, "nilai"),
           _i("kualitas", "Nilai Indeks Sistem Merit", 300, "nilai")),
    ),
    "bkd.kabid_pengadaan": (
        _r("Terlaksananya pengadaan dan pemberhentian ASN yang tertib",
           _i("kuantitas", "Persentase usulan pensiun yang terbit SK tepat waktu", 100, "%"),
           _i("kualitas", "Persentase data ASN di SIASN yang mutakhir", 95, "%")),
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
           _i("kualitas", "Ketersediaan layanan (uptime) aplikasi kepegawaian", 99, "%"),
           _i("waktu", "Rata-rata waktu penyelesaian tiket", 8, "jam")),
    ),
    "bkd.arsip": (
        _r("Tertatanya arsip kepegawaian digital",
           _i("kuantitas", "Jumlah berkas kepegawaian yang dialihmediakan", 3000, "berkas"),
           _i("kualitas", "Persentase berkas terindeks dengan benar", 99, "%")),
    ),
    "bkd.kabid_pka": (
        _r("Meningkatnya kualitas penilaian kinerja ASN",
           _i("kuantitas", "Persentase ASN yang menyelesaikan SKP tepat waktu", 95, "%"),
           _i("kualitas", "Persentase perangkat daerah yang melaksanakan kalibrasi kinerja", 100,
              "%")),
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
           _i("kualitas", "Level kapabilitas APIP", 3, "level"),
           _i("kualitas", "Level maturitas SPIP", 3, "level")),
    ),
    "inspektorat.irban": (
        _r("Terlaksananya pengawasan atas perangkat daerah di wilayah binaan",
           _i("kuantitas", "Jumlah laporan hasil pemeriksaan yang diterbitkan", 12, "LHP"),
           _i("kualitas", "Persentase rekomendasi yang ditindaklanjuti", 85, "%"),
           _i("waktu", "Waktu penerbitan LHP setelah pemeriksaan berakhir", 14, "hari")),
        _t("Anggota Tim Penilai Kinerja PNS Pemerintah Provinsi Jambi",
           _i("kuantitas", "Jumlah sidang kalibrasi yang diikuti", 4, "sidang")),
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

    jitter in [0, 1) varies the figure between employees with the same rating.
    """
    factor = {ABOVE: 1.06 + 0.08 * jitter, BELOW: 0.86 + 0.08 * jitter}.get(
        rating_hasil_kerja, 1.0 + 0.02 * jitter)
    lower = lower_is_better(indicator)
    if lower:
        factor = 2 - factor
    value = indicator.target * Decimal(str(round(factor, 4)))
    if indicator.unit == "%" and not lower:
        value = min(value, Decimal(100))
    counts = (indicator.target == indicator.target.to_integral_value()
              and indicator.aspect not in LOWER_IS_BETTER and indicator.unit not in _SCALES)
    quantum = Decimal(1) if counts else Decimal("0.01")
    return max(value.quantize(quantum, rounding=ROUND_HALF_UP), quantum)


EVIDENCE = {
    "kuantitas": "Rekapitulasi Januari-November 2026 dari aplikasi dan laporan bulanan; "
                 "bukti dukung terlampir.",
    "kualitas": "Hasil verifikasi mutu oleh atasan langsung dan catatan pemeriksaan.",
    "waktu": "Dihitung dari tanggal permohonan sampai tanggal penyelesaian menurut log aplikasi.",
    "biaya": "Berdasarkan realisasi anggaran pada SIPD.",
}
