"""The texts of the help pages that are data: the roles the guides are written for, the help
on each step of the assessment, the glossary and the practice's refusals (translatable)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# The guides, in the order they are listed to someone who holds none of the roles
# (domain.md §6); each has its template help/guides/_<role>.html.
ROLES = {
    "employee": _l("Pegawai"),
    "supervisor": _l("Pejabat Penilai Kinerja"),
    "atasan": _l("Atasan Pejabat Penilai Kinerja"),
    "committee": _l("Tim Penilai Kinerja"),
    "head": _l("Pimpinan instansi"),
    "admin": _l("Admin BKD"),
}

ROLE_SUMMARIES = {
    "employee": _l("Menyusun SKP, mencatat realisasi dan bukti dukung, mengajukan penilaian mandiri, dan dapat mengajukan keberatan."),
    "supervisor": _l("Atasan langsung: menetapkan SKP, menulis ekspektasi, memberi umpan balik dan rating."),
    "atasan": _l("Atasan dari pejabat penilai: memutus keberatan pegawai."),
    "committee": _l("Anggota tim yang ditunjuk per instansi: memeriksa sebaran predikat dan mengalibrasi penilaian."),
    "head": _l("Pejabat yang berwenang: menetapkan predikat kinerja organisasi dan menyetujui penilaian."),
    "admin": _l("Badan Kepegawaian Daerah: organisasi, pegawai, periode, laporan."),
}


def roles_of(actor, has_team: bool) -> list[str]:
    """The guides of the roles the user holds, in ROLES order (an assessor is usually also
    the atasan of someone's assessor, so both guides come with a team)."""
    held = {
        "employee": actor.employee_id is not None,
        "supervisor": has_team,
        "atasan": has_team,
        "committee": bool(actor.committee_agencies),
        "head": bool(actor.approver_agencies),
        "admin": actor.is_admin,
    }
    return [role for role in ROLES if held[role]]


# The help on each step of the assessment page: what the step is, who acts, what comes next;
# the guide that says more about it.
STEP_HELP = {
    "draft_targets": {
        "what": _l("Perencanaan kinerja: SKP disusun untuk satu tahun (1 Januari–31 Desember)."),
        "who": _l("Pegawai menulis Rencana Hasil Kerja (RHK), indikator kinerja individu (IKI) dan target; pejabat penilai boleh menulis ekspektasi khusus per nilai BerAKHLAK."),
        "next": _l("Pilih RHK atasan yang diintervensi, beri setiap RHK minimal satu indikator dengan target, lalu tekan “Ajukan SKP”."),
        "guide": "employee",
    },
    "targets_submitted": {
        "what": _l("SKP sudah diajukan dan menunggu ditetapkan."),
        "who": _l("Pejabat penilai kinerja memeriksa setiap RHK dan indikatornya."),
        "next": _l("Pejabat penilai menetapkan SKP, atau mengembalikannya dengan alasan tertulis supaya pegawai memperbaikinya."),
        "guide": "supervisor",
    },
    "targets_approved": {
        "what": _l("Pelaksanaan: tahun berjalan, SKP sudah ditetapkan."),
        "who": _l("Pegawai mencatat realisasi setiap indikator dengan bukti dukung; pejabat penilai memberi umpan balik berkelanjutan dan evaluasi periodik."),
        "next": _l("Setelah semua indikator punya realisasi tahunan, pegawai mengajukan penilaian mandiri."),
        "guide": "employee",
    },
    "self_assessed": {
        "what": _l("Penilaian: penilaian mandiri pegawai sudah diajukan."),
        "who": _l("Pejabat penilai kinerja memberi rating hasil kerja dan rating perilaku kerja, masing-masing dengan justifikasi."),
        "next": _l("Predikat dihitung dari kedua rating; penilaian lalu dikirim ke tim penilai kinerja."),
        "guide": "supervisor",
    },
    "reviewed": {
        "what": _l("Kalibrasi: rating sudah diberikan."),
        "who": _l("Tim penilai kinerja membandingkan sebaran predikat unit dengan kurva distribusi dan dapat mengubah rating dengan alasan."),
        "next": _l("Tim menyelesaikan kalibrasi, atau mengembalikannya ke pejabat penilai."),
        "guide": "committee",
    },
    "calibrated": {
        "what": _l("Persetujuan: penilaian sudah dikalibrasi."),
        "who": _l("Pimpinan instansi (pejabat yang berwenang) menyetujui penilaian dan menandatangani penetapan predikat."),
        "next": _l("Setelah disetujui, predikat menjadi final dan pegawai dapat mengajukan keberatan dalam 14 hari."),
        "guide": "head",
    },
    "approved": {
        "what": _l("Penilaian final."),
        "who": _l("Pegawai membaca hasilnya; bila tidak setuju, pegawai mengajukan keberatan tertulis kepada atasan pejabat penilai."),
        "next": _l("Predikat ditindaklanjuti: penghargaan dan pengembangan kompetensi, atau rencana pembinaan. Hanya admin BKD yang dapat membuka kembali penilaian."),
        "guide": "atasan",
    },
}


@dataclass(frozen=True)
class Term:
    """One glossary entry: its anchor (/help/glossary#<anchor>), the term, what it stands for,
    a plain definition and the regulation it comes from."""

    anchor: str
    term: str
    expansion: object
    definition: object
    source: str


GLOSSARY = (
    Term("skp", "SKP", _l("Sasaran Kinerja Pegawai"),
         _l("Rencana kinerja satu pegawai untuk satu tahun: hasil kerja yang dijanjikan (RHK dengan indikator dan target), perilaku kerja yang diharapkan, dan lampirannya. Disusun pegawai, ditetapkan pejabat penilai."),
         "PermenPANRB 6/2022"),
    Term("rhk", "RHK", _l("Rencana Hasil Kerja"),
         _l("Hasil yang akan dicapai pegawai, misalnya “Dokumen kependudukan terbit tepat waktu”. Setiap RHK mengintervensi (menginduk pada) RHK atasan langsung; hanya RHK pimpinan instansi yang berasal dari tujuan organisasi."),
         "PermenPANRB 6/2022"),
    Term("rhk-utama-tambahan", "RHK utama / tambahan", _l("Hasil kerja A dan B"),
         _l("RHK utama adalah hasil kerja pokok jabatan; RHK tambahan adalah tugas lain di luar itu."),
         "PermenPANRB 6/2022"),
    Term("iki", "IKI", _l("Indikator Kinerja Individu"),
         _l("Ukuran keberhasilan satu RHK, dengan target. Biasanya satu indikator per aspek: kuantitas (2 dokumen), kualitas (100 %), waktu (12 bulan), biaya."),
         "PermenPANRB 6/2022"),
    Term("target", "Target", _l("Target indikator"),
         _l("Angka (atau ukuran keberhasilan kualitatif) yang hendak dicapai sebuah indikator dalam setahun, misalnya 1.200 dokumen atau 95 %."),
         "PermenPANRB 6/2022"),
    Term("pendekatan", "Pendekatan kuantitatif / kualitatif", _l("Cara menyusun SKP"),
         _l("Kuantitatif: indikator berupa angka dengan target (kebanyakan pegawai). Kualitatif: ukuran keberhasilan berupa uraian (pimpinan dan pejabat tinggi)."),
         "PermenPANRB 6/2022"),
    Term("berakhlak", "BerAKHLAK", _l("Nilai dasar ASN"),
         _l("Tujuh nilai perilaku kerja ASN: Berorientasi Pelayanan, Akuntabel, Kompeten, Harmonis, Loyal, Adaptif, Kolaboratif, masing-masing dengan tiga panduan perilaku."),
         "SE MenPANRB 20/2021"),
    Term("ekspektasi", "Ekspektasi khusus pimpinan", _l("Ekspektasi"),
         _l("Harapan yang ditulis pejabat penilai untuk pegawai tertentu pada setiap nilai BerAKHLAK, misalnya “Membalas pengaduan warga paling lama 2 hari kerja”."),
         "PermenPANRB 6/2022"),
    Term("lampiran", "Lampiran SKP", _l("Dukungan sumber daya, skema pertanggungjawaban, konsekuensi"),
         _l("Tiga daftar yang menyertai SKP: sumber daya yang disediakan, cara hasil dipertanggungjawabkan, dan akibat bila target tercapai atau tidak."),
         "PermenPANRB 6/2022"),
    Term("realisasi", "Realisasi", _l("Capaian nyata"),
         _l("Apa yang benar-benar dicapai untuk sebuah indikator dalam satu periode, misalnya 1.180 dari target 1.200 dokumen."),
         "PermenPANRB 6/2022"),
    Term("bukti-dukung", "Bukti dukung", _l("Bukti realisasi"),
         _l("Dokumen, tautan, foto atau data yang membuktikan realisasi, misalnya rekap SIAK bulanan atau tautan laporan."),
         "PermenPANRB 6/2022"),
    Term("capaian", "Capaian", _l("Persentase capaian"),
         _l("Realisasi dibanding target dalam persen (realisasi ÷ target × 100 %; untuk waktu dan biaya, makin kecil makin baik). Menjadi bahan pertimbangan pejabat penilai, bukan rating otomatis."),
         "PermenPANRB 8/2021 (pedoman)"),
    Term("umpan-balik", "Umpan balik berkelanjutan", _l("Umpan balik"),
         _l("Catatan pejabat penilai sepanjang tahun atas realisasi dan perilaku pegawai, berdasarkan bukti dukung, supaya pegawai dapat memperbaiki diri sebelum penilaian."),
         "PermenPANRB 6/2022"),
    Term("evaluasi-periodik", "Evaluasi periodik", _l("Penilaian bulanan atau triwulanan"),
         _l("Penilaian dalam tahun berjalan (bulanan atau triwulanan, pilihan instansi) di samping penilaian tahunan."),
         "PermenPANRB 6/2022"),
    Term("penilaian-mandiri", "Penilaian mandiri", _l("Pengajuan untuk dinilai"),
         _l("Pegawai menyerahkan realisasi tahunannya kepada pejabat penilai untuk dinilai."),
         "PermenPANRB 6/2022"),
    Term("rating-hasil-kerja", "Rating hasil kerja", _l("Penilaian hasil kerja"),
         _l("Penilaian pejabat penilai atas realisasi terhadap target, bukti dukung dan umpan balik: Di Atas, Sesuai, atau Di Bawah Ekspektasi, dengan justifikasi."),
         "PermenPANRB 6/2022"),
    Term("rating-perilaku", "Rating perilaku kerja", _l("Penilaian perilaku"),
         _l("Penilaian pejabat penilai atas tujuh nilai BerAKHLAK: Di Atas, Sesuai, atau Di Bawah Ekspektasi, dengan justifikasi."),
         "PermenPANRB 6/2022"),
    Term("predikat", "Predikat kinerja pegawai", _l("Predikat"),
         _l("Hasil akhir penilaian, tidak pernah diketik: diturunkan dari kedua rating (Sangat Baik, Baik, Butuh Perbaikan, Kurang/Misconduct, Sangat Kurang). Contoh: hasil kerja Di Atas dan perilaku Sesuai memberi Baik."),
         "PermenPANRB 6/2022"),
    Term("predikat-organisasi", "Predikat kinerja organisasi", _l("Predikat instansi"),
         _l("Predikat capaian kinerja instansi (Istimewa, Baik, Butuh Perbaikan, Kurang, Sangat Kurang) yang ditetapkan pimpinan instansi atasan dan menentukan kurva distribusi."),
         "PermenPANRB 6/2022"),
    Term("kurva-distribusi", "Kurva distribusi", _l("Sebaran predikat"),
         _l("Batas sebaran predikat pegawai dalam satu instansi menurut predikat organisasinya, misalnya Sangat Baik paling banyak 70 % bila organisasi Istimewa. Merupakan pedoman: portal memperingatkan dan meminta justifikasi, tidak memblokir."),
         "PermenPANRB 6/2022"),
    Term("kalibrasi", "Kalibrasi", _l("Penyesuaian oleh tim penilai kinerja"),
         _l("Pemeriksaan penilaian oleh tim penilai kinerja agar sebaran predikat adil dan sesuai kurva distribusi; rating boleh diubah dengan alasan tertulis."),
         "PermenPANRB 6/2022"),
    Term("tim-penilai", "Tim Penilai Kinerja", _l("Tim kalibrasi"),
         _l("Anggota yang ditunjuk per instansi (misalnya Sekda, Inspektorat, BKD) untuk memeriksa sebaran dan sengketa penilaian serta memberi saran kepada pimpinan."),
         "PP 30/2019"),
    Term("pejabat-penilai", "Pejabat Penilai Kinerja", _l("Atasan langsung"),
         _l("Atasan langsung pegawai (paling rendah pejabat pengawas, atau yang didelegasikan): menetapkan SKP, memberi umpan balik dan rating."),
         "PP 30/2019"),
    Term("atasan-pejabat-penilai", "Atasan Pejabat Penilai Kinerja", _l("Atasan dari atasan langsung"),
         _l("Atasan dari pejabat penilai kinerja; memutus keberatan pegawai."),
         "PP 30/2019"),
    Term("keberatan", "Keberatan", _l("Keberatan atas hasil penilaian"),
         _l("Pegawai yang tidak setuju dengan hasil penilaian dapat mengajukan keberatan tertulis dengan alasan kepada atasan pejabat penilai dalam 14 hari. Atasan meminta penjelasan kedua pihak lalu menguatkan atau mengubah hasilnya; keputusannya final."),
         "PP 30/2019 Pasal 59"),
    Term("penetapan", "Penetapan predikat kinerja", _l("Format Penetapan Predikat Kinerja"),
         _l("Dokumen yang ditandatangani pimpinan instansi berisi predikat organisasi dan sebaran predikat pegawai."),
         "PermenPANRB 6/2022"),
    Term("tindak-lanjut", "Tindak lanjut", _l("Tahap keempat pengelolaan kinerja"),
         _l("Apa yang dilakukan atas predikat: penghargaan bagi yang berkinerja baik (pengembangan kompetensi, karier, penghargaan, tunjangan kinerja) dan pembinaan bagi yang Butuh Perbaikan atau di bawahnya (pendampingan, rencana pengembangan dengan tindakan dan tanggal)."),
         "PermenPANRB 6/2022"),
    Term("angka-kredit", "Angka kredit (AK)", _l("Angka kredit konversi"),
         _l("Bagi pejabat fungsional, predikat dikonversi menjadi angka kredit: persentase predikat × koefisien jenjang × bulan dinilai ÷ 12. Contoh: Ahli Pertama, Sangat Baik setahun: 150 % × 12,5 = 18,75."),
         "PermenPANRB 1/2023"),
    Term("koefisien", "Koefisien", _l("Koefisien tahunan jenjang"),
         _l("Angka kredit tahunan satu jenjang jabatan fungsional, misalnya Ahli Pertama 12,5 dan Ahli Muda 25."),
         "PermenPANRB 1/2023"),
    Term("jenjang", "Jenjang", _l("Jenjang jabatan fungsional"),
         _l("Tingkat jabatan fungsional: keahlian (Ahli Pertama, Muda, Madya, Utama) atau keterampilan (Pemula, Terampil, Mahir, Penyelia). Angka kredit kumulatif menentukan kenaikan pangkat dan jenjang."),
         "UU 5/2014; PermenPANRB 1/2023"),
    Term("pak", "PAK", _l("Penetapan Angka Kredit"),
         _l("Dokumen penetapan angka kredit pejabat fungsional."),
         "PerBKN 3/2023"),
    Term("jenis-jabatan", "Jenis jabatan", _l("JPT, administrasi, fungsional"),
         _l("Jabatan Pimpinan Tinggi (Utama, Madya, Pratama); jabatan administrasi (Administrator, Pengawas, Pelaksana); jabatan fungsional (keahlian dan keterampilan)."),
         "UU 5/2014"),
    Term("golongan", "Golongan / pangkat", _l("Golongan ruang"),
         _l("Tingkat kepangkatan PNS dari I/a (Juru Muda) sampai IV/e (Pembina Utama), misalnya III/a Penata Muda."),
         "PP 99/2000 (kenaikan pangkat PNS)"),
    Term("nip", "NIP", _l("Nomor Induk Pegawai"),
         _l("Nomor 18 angka: tanggal lahir (8), bulan pengangkatan CPNS (6), jenis kelamin (1 laki-laki, 2 perempuan) dan nomor urut (3), misalnya 19860926 201505 1 001."),
         "BKN"),
    Term("asn", "ASN", _l("Aparatur Sipil Negara"),
         _l("Pegawai negeri sipil (PNS) dan pegawai pemerintah dengan perjanjian kerja (PPPK)."),
         "UU 5/2014"),
    Term("skm-ikm", "SKM / IKM", _l("Survei Kepuasan Masyarakat / Indeks Kepuasan Masyarakat"),
         _l("Survei sembilan unsur pelayanan dengan skala 1–4; IKM adalah rata-rata tertimbangnya, dikonversi × 25 menjadi nilai 25–100 dengan mutu A–D. Dapat menjadi data objektif indikator layanan."),
         "PermenPANRB 14/2017"),
    Term("siasn", "SIASN / e-Kinerja", _l("Sistem Informasi ASN"),
         _l("Basis data kepegawaian nasional BKN; e-Kinerja BKN mengirim hasil SKP ke SIASN. Portal ini dapat mengekspor rating, predikat dan identitas penilai dalam format SKP22 SIASN."),
         "BKN"),
    Term("bkd", "BKD", _l("Badan Kepegawaian Daerah"),
         _l("Instansi kepegawaian provinsi yang mengelola organisasi, pegawai, periode dan laporan di portal ini."),
         "—"),
)

# The texts of the practice's refusals (services.learning raises the keys; another user's
# practice is answered 404, with no text of its own).
REFUSALS = {
    "practice_stale": _l("Langkah ini sudah dijalankan; berikut keadaan latihan Anda sekarang."),
    "practice_not_now": _l("Langkah ini tidak tersedia pada tahap latihan sekarang."),
    "practice_reasons_required": _l("Alasan keberatan wajib diisi."),
}

# Who took each step of a practice, as its log names them.
PRACTICE_ACTORS = {
    "learner": _l("Anda"),
    "supervisor": _l("Pejabat penilai (simulasi)"),
    "committee": _l("Tim penilai kinerja (simulasi)"),
    "head": _l("Pimpinan instansi (simulasi)"),
    "atasan": _l("Atasan pejabat penilai (simulasi)"),
}

# The practice's own steps in its log; the workflow's steps use ACTION_LABELS.
PRACTICE_STEPS = {
    "start": _l("Latihan dimulai"),
    "file_objection": _l("Keberatan diajukan"),
    "decide": _l("Keberatan diputus"),
}
