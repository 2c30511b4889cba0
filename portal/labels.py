"""User-facing names of workflow states, actions, ratings and refusals (translatable, Indonesian)."""
from flask_babel import lazy_gettext as _l

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
}

BLOCKED_HINTS = {
    "has_complete_targets": _l("Tambahkan minimal satu RHK; setiap RHK harus punya indikator dengan target dan, bila atasan Anda satu instansi, RHK atasan yang diintervensi."),
    "has_all_realisations": _l("Isi realisasi tahunan untuk setiap indikator."),
    "has_both_ratings": _l("Simpan rating hasil kerja dan rating perilaku kerja beserta justifikasinya terlebih dahulu."),
    "refused": _l("Tindakan ini belum dapat dilakukan."),
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

ASPECT_LABELS = {
    "kuantitas": _l("Kuantitas"),
    "kualitas": _l("Kualitas"),
    "waktu": _l("Waktu"),
    "biaya": _l("Biaya"),
}

KIND_LABELS = {"utama": _l("Utama"), "tambahan": _l("Tambahan")}

REFUSALS = {
    "not_yours": _l("Anda tidak berhak melihat atau mengubah penilaian ini."),
    "not_your_step": _l("Tindakan ini bukan wewenang Anda pada penilaian ini."),
    "wrong_state": _l("Tindakan ini tidak dapat dilakukan pada tahap sekarang."),
    "not_ready": _l("Tindakan belum dapat dilakukan: data belum lengkap."),
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
}

CAPAIAN_BANDS = {
    "sangat_baik": _l("Sangat Baik"),
    "baik": _l("Baik"),
    "cukup": _l("Cukup"),
    "kurang": _l("Kurang"),
    "sangat_kurang": _l("Sangat Kurang"),
}
