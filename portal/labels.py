"""User-facing names of workflow states, actions, ratings and refusals (translatable, Indonesian)."""
from functools import cache

from babel.dates import get_month_names
from flask_babel import get_locale
from portal.i18n import gettext as _  # flask_babel's, faster (see portal.i18n)
from portal.i18n import lazy_gettext as _l  # flask_babel's, faster (see portal.i18n)

STATE_LABELS = {
    "draft_targets": _l("Penyusunan SKP"),
    "targets_submitted": _l("SKP diajukan"),
    "targets_approved": _l("SKP ditetapkan"),
    "self_assessed": _l("Penilaian mandiri diajukan"),
    "reviewed": _l("Dinilai atasan"),
    "calibrated": _l("Dikalibrasi"),
    "approved": _l("Disetujui"),
}

# What the step asks of whom, shown under the stepper.
STATE_HINTS = {
    "draft_targets": _l("Pegawai menyusun Rencana Hasil Kerja, indikator dan target."),
    "targets_submitted": _l("Pejabat penilai memeriksa SKP lalu menetapkan atau mengembalikannya."),
    "targets_approved": _l("Pegawai mencatat realisasi setiap indikator lalu mengajukan penilaian mandiri."),
    "self_assessed": _l("Pejabat penilai memberi rating hasil kerja dan rating perilaku kerja."),
    "reviewed": _l("Tim penilai kinerja mengalibrasi penilaian."),
    "calibrated": _l("Pimpinan instansi menyetujui penilaian."),
    "approved": _l("Penilaian final."),
}

ACTION_LABELS = {
    "submit_targets": _l("Ajukan SKP"),
    "approve_targets": _l("Tetapkan SKP"),
    "return_targets": _l("Kembalikan SKP"),
    "submit_self_assessment": _l("Ajukan penilaian mandiri"),
    "submit_review": _l("Kirim penilaian"),
    "return_self_assessment": _l("Kembalikan penilaian mandiri"),
    "calibrate": _l("Selesaikan kalibrasi"),
    "return_review": _l("Kembalikan ke pejabat penilai"),
    "approve": _l("Setujui"),
    "return_calibration": _l("Kembalikan ke tim penilai kinerja"),
    "adjust_ratings": _l("Ubah rating (kalibrasi)"),
    "reopen_to_draft_targets": _l("Buka kembali ke Penyusunan SKP"),
    "reopen_to_targets_approved": _l("Buka kembali ke SKP ditetapkan"),
    "reopen_to_self_assessed": _l("Buka kembali ke Penilaian mandiri diajukan"),
    "reopen_to_reviewed": _l("Buka kembali ke Dinilai atasan"),
    "reopen_to_calibrated": _l("Buka kembali ke Dikalibrasi"),
    "decide_objection": _l("Keputusan atas keberatan"),
    "assessor_changed": _l("Pejabat penilai berganti (mutasi)"),
    "periodic_rating": _l("Evaluasi kinerja periodik"),
}

# What an audit event changed besides the state (AuditEvent.changes): each field's name, and the
# labels of its values.
AUDIT_FIELD_LABELS = {
    "rating_hasil_kerja": _l("Rating hasil kerja"),
    "rating_perilaku": _l("Rating perilaku kerja"),
    "predikat": _l("Predikat"),
    "assessor": _l("Pejabat penilai kinerja"),
}

BLOCKED_HINTS = {
    "has_complete_targets": _l("Tambahkan minimal satu RHK; setiap RHK harus punya indikator dengan target dan, bila atasan Anda satu instansi, RHK atasan yang diintervensi."),
    "has_all_realisations": _l("Isi realisasi tahunan untuk setiap indikator."),
    "has_both_ratings": _l("Simpan rating hasil kerja dan rating perilaku kerja beserta justifikasinya terlebih dahulu."),
    "refused": _l("Tindakan ini belum dapat dilakukan."),
}

# One item that blocks an action (workflows.assessment.Blocker), by its code; %(rhk)s is the
# RHK's name as the SKP numbers it ("RHK 2", "RHK tambahan 1"), %(subject)s its text or the
# indicator's.
BLOCKER_TEXTS = {
    "no_rhk": _l("Belum ada Rencana Hasil Kerja: tambahkan minimal satu RHK."),
    "rhk_without_parent": _l("%(rhk)s “%(subject)s” belum mengintervensi RHK pimpinan: pilih RHK atasan yang didukungnya."),
    "rhk_without_indicator": _l("%(rhk)s “%(subject)s” belum punya indikator."),
    "indicator_without_target": _l("Indikator “%(subject)s” pada %(rhk)s belum punya target."),
    "no_indicator": _l("SKP belum punya indikator."),
    "realisation_missing": _l("Realisasi tahunan indikator “%(subject)s” (%(rhk)s) belum diisi."),
    "realisation_not_computed": _l("Realisasi tahunan indikator “%(subject)s” (%(rhk)s) belum dihitung dari sumber datanya; hubungi admin BKD."),
    "rating_hasil_kerja_missing": _l("Rating hasil kerja belum disimpan."),
    "hasil_kerja_note_missing": _l("Justifikasi rating hasil kerja belum disimpan."),
    "rating_perilaku_missing": _l("Rating perilaku kerja belum disimpan."),
    "perilaku_note_missing": _l("Justifikasi rating perilaku kerja belum disimpan."),
}

RHK_NAMES = {"utama": _l("RHK %(no)s"), "tambahan": _l("RHK tambahan %(no)s")}

# What follows an action, shown before it is taken (the confirmation) and after (the success
# message). %(next)s names who acts next, %(employee)s the assessed employee, %(stage)s the
# stage an admin reopens to, %(date)s the last day of the objection window.
CONFIRM_TEXTS = {
    "submit_targets": _l("SKP akan dikirim ke %(next)s untuk ditetapkan. Selama menunggu, SKP tidak dapat Anda ubah."),
    "approve_targets": _l("SKP %(employee)s akan ditetapkan dan tidak dapat diubah lagi; %(next)s lalu mencatat realisasinya."),
    "return_targets": _l("SKP akan dikembalikan ke %(next)s untuk diperbaiki, dengan alasan Anda."),
    "submit_self_assessment": _l("Penilaian mandiri akan dikirim ke %(next)s untuk dinilai. Realisasi tidak dapat Anda ubah lagi kecuali penilaian dikembalikan."),
    "submit_review": _l("Rating akan dikirim ke tim penilai kinerja (%(next)s) untuk dikalibrasi dan tidak dapat Anda ubah lagi kecuali dikembalikan."),
    "return_self_assessment": _l("Penilaian mandiri akan dikembalikan ke %(next)s, dengan alasan Anda."),
    "calibrate": _l("Kalibrasi penilaian %(employee)s akan diselesaikan dan penilaiannya dikirim ke %(next)s untuk disetujui."),
    "return_review": _l("Penilaian akan dikembalikan, dengan alasan Anda, ke pejabat penilai %(next)s untuk dinilai ulang."),
    "approve": _l("Penilaian %(employee)s akan disetujui dan menjadi final; sejak itu masa keberatan berjalan."),
    "return_calibration": _l("Penilaian akan dikembalikan ke tim penilai kinerja (%(next)s), dengan alasan Anda."),
    "reopen": _l("Penilaian yang final akan dibuka kembali ke tahap %(stage)s; %(next)s melanjutkan dari sana."),
}

DONE_TEXTS = {
    "submit_targets": _l("SKP diajukan. %(next)s akan menetapkannya; Anda diberi tahu bila SKP ditetapkan atau dikembalikan."),
    "approve_targets": _l("SKP %(employee)s ditetapkan. %(next)s kini mencatat realisasinya."),
    "return_targets": _l("SKP dikembalikan ke %(next)s untuk diperbaiki. Anda diberi tahu bila SKP diajukan lagi."),
    "submit_self_assessment": _l("Penilaian mandiri diajukan. %(next)s akan memberi rating; Anda diberi tahu bila sudah dinilai atau dikembalikan."),
    "submit_review": _l("Penilaian dikirim. Tim penilai kinerja (%(next)s) akan mengalibrasinya; Anda diberi tahu bila dikembalikan."),
    "return_self_assessment": _l("Penilaian mandiri dikembalikan ke %(next)s untuk dilengkapi; Anda diberi tahu bila diajukan lagi."),
    "calibrate": _l("Kalibrasi selesai. %(next)s akan menyetujui penilaian ini."),
    "return_review": _l("Penilaian dikembalikan ke pejabat penilai %(next)s untuk dinilai ulang."),
    "approve": _l("Penilaian %(employee)s disetujui dan final. Keberatan dapat diajukan sampai %(date)s."),
    "return_calibration": _l("Penilaian dikembalikan ke tim penilai kinerja (%(next)s) untuk dikalibrasi ulang."),
    "reopen": _l("Penilaian dibuka kembali ke tahap %(stage)s; %(next)s melanjutkan dari sana."),
}

# Who acts next when the portal knows nobody for the role (no account, no member yet).
NOBODY_FOR = {
    "employee": _l("pegawai yang dinilai (belum punya akun portal)"),
    "assessor": _l("pejabat penilai (belum ditentukan atau belum punya akun portal)"),
    "committee": _l("tim penilai kinerja instansi (belum ada anggotanya di portal)"),
    "approver": _l("pimpinan instansi (belum ada di portal)"),
}

RATING_LABELS = {
    "above": _l("Di Atas Ekspektasi"),
    "meets": _l("Sesuai Ekspektasi"),
    "below": _l("Di Bawah Ekspektasi"),
}

PREDIKAT_LABELS = {
    "sangat_baik": _l("Sangat Baik"),
    "baik": _l("Baik"),
    "butuh_perbaikan": _l("Butuh Perbaikan"),
    "kurang": _l("Kurang/Misconduct"),
    "sangat_kurang": _l("Sangat Kurang"),
}

AUDIT_VALUE_LABELS = {
    "rating_hasil_kerja": RATING_LABELS,
    "rating_perilaku": RATING_LABELS,
    "predikat": PREDIKAT_LABELS,
}

ASPECT_LABELS = {
    "kuantitas": _l("Kuantitas"),
    "kualitas": _l("Kualitas"),
    "waktu": _l("Waktu"),
    "biaya": _l("Biaya"),
}

KIND_LABELS = {"utama": _l("Utama"), "tambahan": _l("Tambahan")}

REFUSALS = {
    "admin_only": _l("Hanya admin BKD yang dapat melakukan ini."),
    # Assessors outside the portal (the Sekretaris Daerah's SKP, fixed by the Governor)
    "assessor_in_portal": _l("Penilaian ini dinilai oleh pejabat di portal; keputusan pejabat di luar portal hanya dapat dicatat untuk pegawai yang jabatannya di puncak struktur tanpa pejabat penilai di portal."),
    "unknown_outside_step": _l("Pilih keputusan yang akan dicatat."),
    "official_required": _l("Isi nama dan jabatan pejabat yang memutuskan."),
    "signed_on_required": _l("Isi tanggal dokumen yang ditandatangani."),
    "signed_on_future": _l("Tanggal dokumen tidak boleh setelah hari ini."),
    "scan_type": _l("Pindaian dokumen harus berupa PDF atau gambar (PNG, JPEG)."),
    # Zips of a unit's documents
    "bundle_out_of_scope": _l("Unit ini di luar instansi yang menjadi wewenang Anda."),
    "bundle_unit_required": _l("Pilih unit kerja."),
    "bundle_period_required": _l("Pilih periode yang sudah dibuka."),
    "bundle_kind_required": _l("Pilih jenis dokumen."),
    "bundle_empty": _l("Belum ada penilaian di unit ini (dan unit di bawahnya) yang dokumennya dapat diunduh untuk periode dan jenis dokumen ini."),
    "employee_inactive": _l("Pegawai ini sudah tidak aktif."),
    "move_kind_required": _l("Pilih jenis perpindahan."),
    "move_date_required": _l("Isi tanggal mulai berlaku dengan benar."),
    "move_position_required": _l("Pilih jabatan tujuan."),
    "move_same_position": _l("Pegawai sudah memegang jabatan ini."),
    "position_taken": _l("Jabatan ini sudah dipegang %(holder)s: pindahkan atau nonaktifkan pemegangnya terlebih dahulu, atau catat sebagai Plt/Plh."),
    "posting_not_open": _l("Penugasan ini sudah berakhir atau bukan jabatan Plt/Plh."),
    "not_yours": _l("Anda tidak berhak melihat atau mengubah penilaian ini."),
    "not_your_step": _l("Tindakan ini bukan wewenang Anda pada penilaian ini."),
    "wrong_state": _l("Tindakan ini tidak dapat dilakukan pada tahap sekarang."),
    "not_ready": _l("Tindakan belum dapat dilakukan: data belum lengkap. Yang masih kurang tercantum di bagian Tindakan, masing-masing dengan tautan ke tempat melengkapinya."),
    "not_editable": _l("Bagian ini tidak dapat diubah pada tahap sekarang."),
    "stale": _l("Penilaian ini baru saja diubah oleh orang lain. Data terbaru ditampilkan; periksa lalu ulangi bila perlu."),
    "reason_required": _l("Alasan wajib diisi."),
    "justification_required": _l("Justifikasi penilaian wajib diisi."),
    "rating_required": _l("Pilih rating hasil kerja dan rating perilaku kerja."),
    "unknown_action": _l("Tindakan tidak dikenal."),
    "unknown_rhk": _l("RHK tidak ditemukan pada SKP ini."),
    "unknown_indicator": _l("Indikator tidak ditemukan pada SKP ini."),
    "unknown_evaluation_period": _l("Periode evaluasi tidak dikenal untuk tahun ini."),
    "ratings_unchanged": _l("Rating tidak berubah; pilih rating lain atau selesaikan kalibrasi."),
    # Planning (perencanaan)
    "unknown_approach": _l("Pilih pendekatan SKP: kuantitatif atau kualitatif."),
    "unknown_kind": _l("Pilih jenis RHK: utama atau tambahan."),
    "unknown_aspect": _l("Pilih aspek indikator: kuantitas, kualitas, waktu atau biaya."),
    "rhk_text_required": _l("Isi rencana hasil kerja."),
    "indicator_text_required": _l("Isi indikator kinerja."),
    "target_required": _l("Isi target berupa angka."),
    "target_negative": _l("Target tidak boleh bernilai negatif."),
    "unit_required": _l("Isi satuan target, misalnya dokumen atau %."),
    "range_inverted": _l("Batas bawah rentang target tidak boleh melebihi batas atasnya."),
    "range_lower_is_better": _l("Pilih salah satu: target berupa rentang, atau makin kecil makin baik."),
    "success_measure_required": _l("Isi ukuran keberhasilan (target kualitatif)."),
    "perspective_required": _l("Pilih perspektif indikator."),
    "parent_required": _l("Pilih RHK pimpinan yang diintervensi: setiap RHK harus mendukung satu RHK pada SKP atasan langsung yang telah ditetapkan, dan SKP tidak dapat diajukan tanpanya."),
    "parent_not_in_supervisor_skp": _l("RHK pimpinan yang dipilih tidak ada pada SKP atasan langsung yang telah ditetapkan. Pilih RHK dari daftar."),
    "unknown_lampiran_kind": _l("Bagian Lampiran SKP tidak dikenal."),
    "lampiran_text_required": _l("Isi teks baris lampiran."),
    "unknown_lampiran_line": _l("Baris lampiran tidak ditemukan pada SKP ini."),
    "unknown_value": _l("Nilai BerAKHLAK tidak dikenal."),
    # Execution (pelaksanaan): realisations, evidence, feedback, periodic evaluation
    "evidence_empty": _l("Pilih berkas bukti dukung yang akan diunggah."),
    "evidence_too_large": _l("Berkas melebihi batas ukuran bukti dukung."),
    "evidence_type": _l("Jenis berkas tidak diizinkan. Unggah PDF, gambar (PNG, JPEG) atau dokumen Office (Word, Excel, PowerPoint)."),
    "evidence_extension": _l("Isi berkas tidak sesuai dengan ekstensi nama berkasnya. Periksa kembali berkas Anda."),
    "evidence_link_invalid": _l("Tautan harus berupa alamat web lengkap yang diawali http:// atau https://."),
    "unknown_evidence": _l("Bukti dukung tidak ditemukan pada penilaian ini."),
    "evidence_not_yours": _l("Anda hanya dapat menghapus bukti dukung yang Anda unggah sendiri."),
    "qualitative_description_required": _l("Pada pendekatan kualitatif, realisasi diisi berupa uraian, bukan angka."),
    "feedback_required": _l("Tulis umpan balik terlebih dahulu."),
    "feedback_target_required": _l("Pilih realisasi atau nilai BerAKHLAK yang diberi umpan balik."),
    "unknown_realisation": _l("Realisasi tidak ditemukan pada periode ini."),
    "periodic_needs_period": _l("Evaluasi periodik diberikan untuk satu bulan atau triwulan, bukan untuk tahunan."),
    "unknown_frequency": _l("Pilih frekuensi evaluasi: bulanan atau triwulanan."),
    "period_closed": _l("Periode yang sudah ditutup tidak dapat diubah."),
    "no_agency_chosen": _l("Pilih sekurangnya satu instansi."),
    "opening_running": _l("Periode ini sedang dibuka; tunggu sampai selesai sebelum membukanya lagi."),
    "frequency_locked": _l("Frekuensi evaluasi tidak dapat diubah: sudah ada realisasi, umpan balik atau evaluasi periodik pada periode ini."),
    # Calibration (kalibrasi): the organisation predikat, the spread rules, finishing a unit
    "not_committee": _l("Hanya anggota tim penilai kinerja instansi ini yang dapat melakukannya."),
    "not_approver": _l("Hanya pimpinan instansi ini yang dapat menetapkan predikat kinerja organisasi."),
    "unknown_org_predikat": _l("Pilih predikat kinerja organisasi: Istimewa, Baik, Butuh Perbaikan, Kurang atau Sangat Kurang."),
    "org_predikat_basis_required": _l("Isi dasar penetapan predikat kinerja organisasi."),
    "no_open_period": _l("Tidak ada periode penilaian yang sedang berjalan."),
    "org_predikat_no_head": _l("Instansi ini belum punya pimpinan (pejabat yang menyetujui) di portal; minta admin BKD mendaftarkannya."),
    "period_not_open": _l("Periode ini sudah ditutup: kalibrasi dan predikat organisasinya tidak dapat diubah lagi."),
    "nothing_to_calibrate": _l("Tidak ada penilaian berstatus Dinilai atasan di unit ini; tidak ada yang perlu dikalibrasi."),
    "unit_changed": _l("Data unit ini berubah sejak halaman dibuka. Sebaran terbaru ditampilkan; periksa lalu ulangi."),
    "not_calibratable": _l("Kalibrasi unit tidak diselesaikan: Anda tidak dapat mengalibrasi penilaian %(names)s karena Anda pegawai yang dinilai atau pejabat penilainya. Tidak ada penilaian yang diubah; minta anggota tim lain menyelesaikan kalibrasi unit ini."),
    "calibration_justification_required": _l("Sebaran predikat unit ini melanggar %(count)s aturan distribusi. Tulis justifikasi untuk menyelesaikan kalibrasi unit; tidak ada penilaian yang diubah."),
    "unknown_distribution_kind": _l("Pilih jenis aturan: paling banyak, paling sedikit, atau harus ada."),
    "distribution_predikat_required": _l("Pilih minimal satu predikat pegawai yang dikenal."),
    "percent_out_of_range": _l("Persentase harus antara 0 dan 100."),
    "unknown_rule": _l("Aturan distribusi tidak ditemukan."),
    "unknown_unit": _l("Unit tidak ditemukan pada instansi ini."),
    # Keberatan (objections)
    "objection_employee_only": _l("Hanya pegawai yang dinilai yang dapat mengajukan keberatan."),
    "objection_not_final": _l("Keberatan hanya dapat diajukan atas penilaian yang telah disetujui."),
    "objection_window_closed": _l("Masa keberatan berakhir pada %(date)s."),
    "objection_exists": _l("Keberatan atas hasil penilaian ini sudah diajukan."),
    "objection_reasons_required": _l("Alasan keberatan wajib diisi."),
    "objection_no_decider": _l("Atasan pejabat penilai kinerja tidak dapat ditentukan dari struktur jabatan, sehingga keberatan belum dapat diajukan melalui portal. Hubungi admin BKD."),
    "objection_decider_only": _l("Hanya atasan pejabat penilai kinerja yang dapat meminta keterangan dan memutus keberatan ini."),
    "objection_decided": _l("Keberatan ini sudah diputus; keputusannya final."),
    "objection_superseded": _l("Penilaian telah dibuka kembali setelah keberatan ini diajukan; keberatan ini tidak dapat diproses lagi."),
    "objection_wrong_state": _l("Tindakan ini tidak dapat dilakukan pada tahap keberatan sekarang."),
    "objection_stale": _l("Keberatan ini baru saja diubah oleh orang lain. Data terbaru ditampilkan; periksa lalu ulangi bila perlu."),
    "objection_not_party": _l("Hanya pegawai, pejabat penilai dan atasan pejabat penilai kinerja yang dapat memberi keterangan."),
    "objection_statement_required": _l("Tulis keterangan terlebih dahulu."),
    "objection_decision_required": _l("Pilih keputusan: hasil penilaian dikuatkan atau diubah."),
    "objection_decision_text_required": _l("Keputusan tertulis wajib diisi."),
    "objection_ratings_unchanged": _l("Rating yang dipilih sama dengan rating sekarang; pilih \"dikuatkan\" atau ubah ratingnya."),
    # --- peer feedback (360)
    "peer_not_party": _l("Hanya pejabat penilai dan pegawai yang dinilai yang dapat memilih rekan pemberi umpan balik."),
    "peer_assessor_only": _l("Hanya pejabat penilai kinerja pegawai ini yang dapat meminta umpan balik rekan dan memutus usulan rekan."),
    "peer_employee_only": _l("Hanya pegawai yang dinilai yang dapat mengusulkan rekan pemberi umpan balik."),
    "peer_no_assessor": _l("Pejabat penilai kinerja belum ditentukan, sehingga usulan rekan belum dapat diajukan."),
    "peer_wrong_state": _l("Umpan balik rekan hanya dapat diminta selama pelaksanaan SKP, sebelum pejabat penilai memberi penilaian."),
    "peer_deadline_required": _l("Isi batas waktu umpan balik."),
    "peer_deadline_past": _l("Batas waktu umpan balik tidak boleh sebelum hari ini."),
    "peer_reviewers_required": _l("Pilih minimal satu rekan."),
    "peer_self": _l("Pegawai yang dinilai tidak dapat memberi umpan balik untuk dirinya sendiri."),
    "peer_is_assessor": _l("Pejabat penilai kinerja tidak dapat dipilih sebagai rekan: ia memberi penilaian sendiri."),
    "peer_not_colleague": _l("Rekan harus pegawai aktif pada instansi yang sama dan memiliki akun portal."),
    "peer_already_asked": _l("Sudah diminta memberi umpan balik untuk periode ini: %(names)s."),
    "peer_proposal_decided": _l("Usulan ini sudah diputus."),
    "peer_proposal_expired": _l("Batas waktu usulan ini (%(date)s) telah lewat; tolak usulan ini lalu minta rekan dengan batas waktu baru."),
    "peer_not_asked": _l("Anda tidak diminta memberi umpan balik ini."),
    "peer_not_approved": _l("Permintaan umpan balik ini masih menunggu persetujuan pejabat penilai."),
    "peer_already_answered": _l("Anda sudah memberi umpan balik ini; jawaban tidak dapat diubah."),
    "peer_deadline_passed": _l("Batas waktu umpan balik ini telah lewat (%(date)s); jawaban tidak dapat dikirim lagi."),
    "peer_closed": _l("Pegawai ini sudah dinilai pejabat penilai; umpan balik tidak diterima lagi."),
    "text_nul": _l("Isian memuat karakter NUL (kode 0) yang tidak dapat disimpan; hapus karakter itu (biasanya terbawa saat menyalin dari berkas lain), lalu kirim lagi."),
    "text_too_long": _l("Teks terlalu panjang: paling banyak %(max)s karakter, isian ini %(length)s karakter. Tidak ada yang disimpan; persingkat teksnya."),
    "realisation_negative": _l("Realisasi tidak boleh negatif."),
    "realisation_too_large": _l("Realisasi %(value)s tidak wajar: paling banyak %(max)s %(unit)s (100 kali target). Periksa angka yang diketik."),
    "peer_round_closed": _l("Putaran umpan balik rekan periode ini sudah ditutup dan ringkasannya final; rekan tidak dapat ditambahkan lagi."),
    "peer_scores_required": _l("Pilih penilaian untuk setiap nilai BerAKHLAK."),
    "peer_comment_too_long": _l("Komentar paling panjang 2.000 karakter."),
    "peer_threshold_range": _l("Ambang anonimitas harus antara 1 dan 20 jawaban."),
    # --- public survey and service catalogue
    "survey_incomplete": _l("Mohon jawab kesembilan pertanyaan sebelum mengirim."),
    "survey_answer_invalid": _l("Pilih salah satu jawaban yang tersedia (1 sampai 4)."),
    "survey_comment_too_long": _l("Saran atau komentar paling banyak 1.000 karakter."),
    "survey_form_expired": _l("Formulir kedaluwarsa. Jawaban Anda masih ada di formulir ini; periksa lalu kirim kembali."),
    "survey_form_missing": _l("Formulir ini tidak lengkap (kode formulir hilang). Jawaban Anda masih ada di formulir ini; periksa lalu kirim kembali."),
    "survey_form_forged": _l("Formulir ini tidak dikeluarkan oleh portal untuk layanan ini, sehingga penilaian tidak disimpan. Jawaban Anda masih ada di formulir baru ini; periksa lalu kirim kembali."),
    "survey_profile_invalid": _l("Pilih jawaban tentang diri Anda dari daftar yang tersedia, atau biarkan \"Tidak diisi\"."),
    "service_name_required": _l("Isi nama layanan."),
    "service_name_taken": _l("Unit ini sudah memiliki layanan dengan nama tersebut."),
    "service_unit_unknown": _l("Pilih unit pemberi layanan dari daftar."),
    "service_standard_invalid": _l("Standar waktu layanan harus lebih dari nol."),
    "officer_not_in_agency": _l("Pilih pegawai aktif dari instansi unit layanan ini."),
    "officer_exists": _l("Pegawai ini sudah menjadi petugas layanan ini."),
    "officer_unknown": _l("Petugas tidak ditemukan pada layanan ini."),
    # --- service-record imports
    "import_empty": _l("Pilih berkas CSV atau Excel (.xlsx) yang akan diimpor; berkas kosong tidak dapat diimpor."),
    "import_too_large": _l("Berkas terlalu besar: batasnya %(limit)s. Bagi data menjadi beberapa berkas lalu unggah satu per satu."),
    "import_type": _l("Jenis berkas tidak didukung. Unggah CSV (teks UTF-8, pemisah koma atau titik koma) atau Excel Workbook (.xlsx)."),
    "import_xls": _l("Berkas Excel lama (.xls) tidak didukung. Simpan ulang sebagai Excel Workbook (.xlsx) atau CSV UTF-8, lalu unggah lagi."),
    "import_encoding": _l("Berkas CSV harus berenkode UTF-8. Di Excel pilih Simpan Sebagai \"CSV UTF-8\", lalu unggah lagi."),
    "import_unreadable": _l("Berkas tidak dapat dibaca: rusak, kosong, atau tanpa baris judul. Tidak ada baris yang diimpor."),
    "import_too_many_rows": _l("Berkas memuat %(rows)s baris data; batasnya %(limit)s baris per berkas. Bagi data menjadi beberapa berkas lalu unggah satu per satu. Tidak ada baris yang diimpor."),
    "import_row_limit": _l("Impor dihentikan: berkas memuat lebih dari %(limit)s baris data, batas per berkas. %(written)s baris sebelum batas itu sudah tersimpan; baris sesudahnya tidak dibaca. Bagi data menjadi beberapa berkas lalu unggah satu per satu."),
    "import_unknown_mode": _l("Pilih cara impor: semua atau tidak sama sekali, atau hanya baris yang valid."),
    "import_missing_columns": _l("Berkas ditolak: baris judul (baris 1) tidak memuat semua kolom wajib (layanan, nip, diterima, selesai, koreksi). Tidak ada baris yang dibaca."),
    "import_rejected": _l("Tidak ada baris yang diimpor: %(count)s baris bermasalah, dan cara impor \"Semua atau tidak sama sekali\" hanya mengimpor bila semua baris valid. Perbaiki berkas lalu unggah lagi, atau pilih \"Hanya baris yang valid\"."),
    "import_failed": _l("Impor terhenti karena kesalahan di server. %(written)s baris sudah tersimpan sebelum berhenti; baris lainnya belum. Mengunggah berkas yang sama lagi aman: data tidak akan tercatat ganda."),
    # --- objective indicators
    "unknown_data_source": _l("Pilih sumber data realisasi dari daftar."),
    "source_needs_quantitative": _l("Hanya indikator kuantitatif (target berupa angka) yang dapat dihitung dari sumber data objektif."),
    "source_service_required": _l("Pilih layanan yang IKM-nya menjadi realisasi indikator ini."),
    "source_service_not_in_agency": _l("Layanan yang dipilih tidak ada pada daftar layanan aktif instansi Anda. Pilih layanan dari daftar."),
    "realisation_computed": _l("Realisasi indikator ini dihitung otomatis dari sumber datanya dan tidak dapat diisi atau diubah; Anda tetap dapat menulis keterangan dan melampirkan bukti dukung."),
    # --- organisation and employee imports
    "import_unknown_kind": _l("Pilih jenis berkas: organisasi atau pegawai."),
    "import_agency_required": _l("Pilih instansi yang pegawainya tercantum di berkas."),
    "import_not_dry_run": _l("Hanya uji coba yang selesai yang dapat diimpor dari laporannya."),
    "import_file_gone": _l("Berkas uji coba ini tidak disimpan lagi (sudah diimpor, atau lebih dari sehari). Unggah berkasnya lagi."),
    # --- angka kredit data (admin BKD)
    "ak_unknown_jenjang": _l("Jenjang ini tidak ada dalam data angka kredit."),
    "ak_unknown_predikat": _l("Predikat ini tidak ada dalam data angka kredit."),
    "koefisien_out_of_range": _l("Koefisien harus berupa angka lebih dari 0."),
    "target_out_of_range": _l("Angka kredit kumulatif tidak boleh kurang dari 0."),
    "target_jenjang_below_pangkat": _l("Angka kredit untuk kenaikan jenjang tidak boleh lebih kecil dari angka kredit untuk kenaikan pangkat."),
    "ak_percent_out_of_range": _l("Persentase harus antara 0 dan 200."),
    "angka_kredit_unchanged": _l("Tidak ada yang berubah."),
    "ak_not_yours": _l("Angka kredit ini hanya untuk pegawai yang bersangkutan, atasannya, tim penilai kinerja dan pimpinan instansinya, dan admin BKD."),
    "ak_not_functional": _l("Jabatan pegawai ini bukan jabatan fungsional: tidak ada angka kredit."),
}

CAPAIAN_BANDS = {
    "sangat_baik": _l("Sangat Baik"),
    "baik": _l("Baik"),
    "cukup": _l("Cukup"),
    "kurang": _l("Kurang"),
    "sangat_kurang": _l("Sangat Kurang"),
}

# Planning (perencanaan): the SKP's approach, qualitative perspectives, the Lampiran's lists.
APPROACH_LABELS = {"kuantitatif": _l("Kuantitatif"), "kualitatif": _l("Kualitatif")}

# Perspectives of a qualitative indicator (the balanced-scorecard view of the JPT's SKP).
PERSPECTIVE_LABELS = {
    "penerima_layanan": _l("Perspektif Penerima Layanan"),
    "proses_bisnis": _l("Perspektif Proses Bisnis"),
    "penguatan_internal": _l("Perspektif Penguatan Internal"),
    "anggaran": _l("Perspektif Anggaran"),
}

LAMPIRAN_LABELS = {
    "dukungan_sumber_daya": _l("Dukungan Sumber Daya"),
    "skema_pertanggungjawaban": _l("Skema Pertanggungjawaban"),
    "konsekuensi": _l("Konsekuensi"),
}

# Periods: their status, and why an opening run stopped (services.planning.periods).
PERIOD_STATUS_LABELS = {"draft": _l("Draf"), "open": _l("Dibuka"), "closed": _l("Ditutup")}
OPENING_MESSAGES = {
    "opening_failed": _l("Terjadi kesalahan saat membuat penilaian. Instansi yang sudah selesai tetap tersimpan; buka lagi untuk melanjutkan: tidak ada penilaian ganda."),
}

# Execution (pelaksanaan): how often the periodic evaluation runs (chosen per period by the admin).
FREQUENCY_LABELS = {"quarterly": _l("Triwulanan"), "monthly": _l("Bulanan")}
QUARTER_NUMERALS = ("I", "II", "III", "IV")  # quarters are numbered in Roman, never title-cased


def evaluation_period_label(frequency: str, number: int, *, full: bool = False) -> str:
    """The name of evaluation period number of an SKP year in the current locale.

    0 is the year ("Tahunan"); a quarter is "Triwulan I" .. "Triwulan IV"; a month its name
    ("Januari"), or with full "Bulan Januari" where the name stands alone (document titles,
    download links). Every page, document and message names periods through this one function.
    """
    if number == 0:
        return _("Tahunan")
    if frequency == "quarterly":
        return _("Triwulan %(number)s", number=QUARTER_NUMERALS[number - 1])
    month = _month_names(str(get_locale()))[number]
    return _("Bulan %(month)s", month=month) if full else month


@cache
def _month_names(locale: str):
    """Babel's stand-alone month names of locale (parsing the locale is most of the cost)."""
    return get_month_names("wide", context="stand-alone", locale=locale)

# Calibration (kalibrasi): the predikat kinerja organisasi and the kinds of spread rule.
ORG_PREDIKAT_LABELS = {
    "istimewa": _l("Istimewa"),
    "baik": _l("Baik"),
    "butuh_perbaikan": _l("Butuh Perbaikan"),
    "kurang": _l("Kurang"),
    "sangat_kurang": _l("Sangat Kurang"),
}

DISTRIBUTION_KIND_LABELS = {
    "at_most": _l("Paling banyak"),
    "at_least": _l("Paling sedikit"),
    "some": _l("Harus ada"),
}

# Keberatan (objections): states, the parties' roles and the decision.
OBJECTION_STATE_LABELS = {
    "filed": _l("Diajukan"),
    "explaining": _l("Klarifikasi"),
    "decided": _l("Diputus"),
}

OBJECTION_ROLE_LABELS = {
    "employee": _l("Pegawai"),
    "assessor": _l("Pejabat penilai"),
    "decider": _l("Atasan pejabat penilai"),
}

OBJECTION_DECISION_LABELS = {
    "upheld": _l("Hasil penilaian dikuatkan"),
    "changed": _l("Hasil penilaian diubah"),
}

# Citizen satisfaction (SKM/IKM, PermenPANRB 14/2017): the nine elements, the answer scale and
# the grades. The element names follow portal.rules.ikm.ELEMENTS, in order.
SKM_ELEMENT_LABELS = (
    _l("Persyaratan"),
    _l("Sistem, Mekanisme, dan Prosedur"),
    _l("Waktu Penyelesaian"),
    _l("Biaya/Tarif"),
    _l("Produk Spesifikasi Jenis Pelayanan"),
    _l("Kompetensi Pelaksana"),
    _l("Perilaku Pelaksana"),
    _l("Penanganan Pengaduan, Saran dan Masukan"),
    _l("Sarana dan Prasarana"),
)

# The words of the answers 1-4, per element (the regulation's sample questionnaire): cost is
# not "sesuai", it is cheap or free.
SKM_ANSWER_LABELS = (
    {1: _l("Tidak sesuai"), 2: _l("Kurang sesuai"), 3: _l("Sesuai"), 4: _l("Sangat sesuai")},
    {1: _l("Tidak mudah"), 2: _l("Kurang mudah"), 3: _l("Mudah"), 4: _l("Sangat mudah")},
    {1: _l("Tidak cepat"), 2: _l("Kurang cepat"), 3: _l("Cepat"), 4: _l("Sangat cepat")},
    {1: _l("Sangat mahal"), 2: _l("Cukup mahal"), 3: _l("Murah"), 4: _l("Gratis")},
    {1: _l("Tidak sesuai"), 2: _l("Kurang sesuai"), 3: _l("Sesuai"), 4: _l("Sangat sesuai")},
    {1: _l("Tidak kompeten"), 2: _l("Kurang kompeten"), 3: _l("Kompeten"),
     4: _l("Sangat kompeten")},
    {1: _l("Tidak sopan dan ramah"), 2: _l("Kurang sopan dan ramah"), 3: _l("Sopan dan ramah"),
     4: _l("Sangat sopan dan ramah")},
    {1: _l("Tidak ada"), 2: _l("Ada tetapi tidak berfungsi"), 3: _l("Berfungsi kurang maksimal"),
     4: _l("Dikelola dengan baik")},
    {1: _l("Buruk"), 2: _l("Cukup"), 3: _l("Baik"), 4: _l("Sangat baik")},
)

# The optional respondent profile (codes in portal.rules.ikm.PROFILE): the question, and the
# words of each choice.
SKM_PROFILE_LABELS = {
    "age_band": _l("Usia"),
    "sex": _l("Jenis kelamin"),
    "education": _l("Pendidikan terakhir"),
    "occupation": _l("Pekerjaan utama"),
}
SKM_PROFILE_CHOICES = {
    "age_band": {"u20": _l("Di bawah 20 tahun"), "20_29": _l("20–29 tahun"),
                 "30_39": _l("30–39 tahun"), "40_49": _l("40–49 tahun"),
                 "50_59": _l("50–59 tahun"), "60up": _l("60 tahun ke atas")},
    "sex": {"m": _l("Laki-laki"), "f": _l("Perempuan")},
    "education": {"sd": _l("SD ke bawah"), "smp": _l("SMP"), "sma": _l("SMA/SMK"),
                  "diploma": _l("D1–D3"), "s1": _l("D4/S1"), "s2up": _l("S2 ke atas")},
    "occupation": {"pns": _l("PNS/PPPK"), "tni_polri": _l("TNI/Polri"),
                   "swasta": _l("Pegawai swasta"), "wirausaha": _l("Wirausaha"),
                   "pelajar": _l("Pelajar/mahasiswa"), "lainnya": _l("Lainnya")},
}

IKM_GRADE_LABELS = {
    "sangat_baik": _l("Sangat Baik"),
    "baik": _l("Baik"),
    "kurang_baik": _l("Kurang Baik"),
    "tidak_baik": _l("Tidak Baik"),
}

# Where an indicator's realisation comes from (portal.rules.sources), and how it is computed.
DATA_SOURCE_LABELS = {
    "manual": _l("Diisi pegawai"),
    "records_avg_hours": _l("Catatan layanan: rata-rata waktu penyelesaian"),
    "records_within_standard": _l("Catatan layanan: persentase selesai sesuai standar waktu"),
    "records_accuracy": _l("Catatan layanan: akurasi data (tanpa koreksi)"),
    "ikm_service": _l("Survei masyarakat: IKM layanan"),
    "ikm_officer": _l("Survei masyarakat: IKM petugas"),
}

DATA_SOURCE_FORMULAS = {
    "records_avg_hours": _l("Rata-rata (waktu selesai − waktu diterima), dalam jam"),
    "records_within_standard": _l("Catatan yang selesai dalam standar waktu layanan ÷ semua catatan × 100"),
    "records_accuracy": _l("Catatan tanpa koreksi data ÷ semua catatan × 100"),
    "ikm_service": _l("IKM = rata-rata nilai 9 unsur SKM × 25, dari semua responden layanan"),
    "ikm_officer": _l("IKM = rata-rata nilai 9 unsur SKM × 25, dari responden yang dilayani petugas"),
}

# Peer feedback (360): a colleague's view of each BerAKHLAK value against expectation.
PEER_SCORE_LABELS = {
    1: _l("Di bawah ekspektasi"),
    2: _l("Sesuai ekspektasi"),
    3: _l("Di atas ekspektasi"),
}


# The kinds of background job (portal.services.queue), as the admin's job page names them.
JOB_KIND_LABELS = {
    "people_import": _l("Impor organisasi/pegawai"),
    "service_import": _l("Impor catatan layanan"),
    "period_opening": _l("Pembukaan periode"),
    "document_bundle": _l("Berkas zip dokumen"),
    "reminders": _l("Pengingat harian"),
    "indicator_refresh": _l("Penghitungan ulang indikator"),
    "monitoring_figures": _l("Angka pemantauan seluruh instansi"),
}

# --- The indicator library (SKP templates per sector) -----------------------------------------
SECTOR_LABELS = {
    "kependudukan": _l("Administrasi kependudukan (Dukcapil)"),
    "pendidikan": _l("Pendidikan"),
    "kesehatan": _l("Kesehatan"),
    "umum": _l("Administrasi umum"),
}
ACTION_LABELS["apply_template"] = _l("RHK disalin dari pustaka indikator")
REFUSALS.update({
    "unknown_sector": _l("Pilih sektor dari daftar."),
    "template_post_required": _l("Isi jabatan yang cocok untuk templat ini."),
    "template_indicator_required": _l("Isi paling sedikit satu indikator."),
    "template_too_many_indicators": _l("Paling banyak %(max)s indikator per templat."),
    "template_retired": _l("Templat ini sudah tidak ditawarkan."),
    "template_active": _l("Templat ini masih ditawarkan."),
    "template_required": _l("Pilih paling sedikit satu templat."),
    "template_not_offered": _l("Templat yang dipilih tidak ditawarkan untuk SKP ini (sektor instansi, pendekatan, atau sudah tidak ditawarkan)."),
})
