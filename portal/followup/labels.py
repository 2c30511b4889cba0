"""User-facing names of the follow-up's kinds, statuses, tracks, outcomes, supports and
judgements, and of its refusals (translatable, Indonesian)."""
from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "recognition": _l("Penghargaan: prioritas pengembangan kompetensi dan penghargaan"),
    "development_plan": _l("Pembinaan: rencana pengembangan"),
    "regular": _l("Pengembangan kompetensi reguler"),
}
KIND_SHORT = {
    "recognition": _l("Penghargaan"),
    "development_plan": _l("Rencana pengembangan"),
    "regular": _l("Reguler"),
}
STATUS_LABELS = {
    "proposed": _l("Diusulkan"),
    "accepted": _l("Diterima"),
    "changed": _l("Diubah"),
    "refused": _l("Ditolak"),
}
DECISION_LABELS = {"accept": _l("Terima"), "change": _l("Ubah"), "refuse": _l("Tolak")}
TRACK_LABELS = {
    "training": _l("Pelatihan"),
    "seminar": _l("Seminar"),
    "workshop": _l("Lokakarya"),
    "award": _l("Penghargaan"),
}
OUTCOME_LABELS = {
    "attended": _l("Mengikuti"),
    "awarded": _l("Menerima penghargaan"),
    "declined": _l("Menolak / tidak mengikuti"),
}
SUPPORT_LABELS = {
    "coaching": _l("Coaching"),
    "mentoring": _l("Mentoring"),
    "counselling": _l("Konseling"),
    "training": _l("Pelatihan"),
}
PLAN_STATE_LABELS = {
    "draft": _l("Disusun"),
    "agreed": _l("Disepakati, berjalan"),
    "closed": _l("Ditutup"),
}
JUDGEMENT_LABELS = {
    "achieved": _l("Tercapai"),
    "partly_achieved": _l("Tercapai sebagian"),
    "not_achieved": _l("Tidak tercapai"),
}
NEED_LABELS = {
    "hasil_kerja": _l("Hasil kerja di bawah ekspektasi"),
    "perilaku": _l("Perilaku kerja di bawah ekspektasi"),
}
EVENT_LABELS = {
    "proposed": _l("Diusulkan portal"),
    "proposed_again": _l("Diusulkan ulang (predikat berubah)"),
    "accept": _l("Usulan diterima"),
    "change": _l("Usulan diubah"),
    "refuse": _l("Usulan ditolak"),
    "outcome": _l("Hasil dicatat"),
    "plan_item_added": _l("Butir rencana ditambah"),
    "plan_item_removed": _l("Butir rencana dihapus"),
    "plan_dates": _l("Tanggal rencana diubah"),
    "plan_agreed_by_employee": _l("Disetujui pegawai"),
    "plan_agreed_by_assessor": _l("Disetujui pejabat penilai"),
    "plan_checkin": _l("Pertemuan pemantauan dicatat"),
    "plan_closed": _l("Rencana ditutup"),
}
ROLE_LABELS = {
    "employee": _l("pegawai"),
    "assessor": _l("pejabat penilai"),
    "superior": _l("atasan pejabat penilai"),
    "head": _l("pimpinan instansi"),
    "admin": _l("admin BKD"),
}
REFUSALS = {
    "followup_not_yours": _l("Hanya admin BKD dan pimpinan instansi pegawai yang dapat "
                             "memutuskan tindak lanjut ini."),
    "followup_settled": _l("Tindak lanjut ini sudah berjalan (rencana disepakati atau hasil "
                           "dicatat) dan tidak dapat diputuskan ulang."),
    "followup_decision_unknown": _l("Pilih terima, ubah atau tolak."),
    "followup_kind_unknown": _l("Pilih jenis tindak lanjut."),
    "followup_track_unknown": _l("Pilih pengembangan atau penghargaan yang diusulkan "
                                 "(hanya untuk penghargaan)."),
    "followup_change_nothing": _l("Perubahan harus memilih tindak lanjut yang berbeda dari "
                                  "yang sekarang."),
    "followup_reason_required": _l("Tulis alasan bila usulan diubah atau ditolak."),
    "followup_note_required": _l("Catatan wajib diisi."),
    "followup_goal_required": _l("Sasaran wajib diisi."),
    "followup_action_required": _l("Langkah wajib diisi."),
    "followup_text_invalid": _l("Teks terlalu panjang (paling banyak %(max)s karakter) atau "
                                "memuat karakter yang tidak diizinkan."),
    "followup_no_shortlist": _l("Hasil hanya dicatat untuk usulan penghargaan yang diterima."),
    "followup_outcome_unknown": _l("Pilih hasilnya."),
    "plan_not_yours": _l("Rencana pengembangan hanya dapat dilihat pegawai, pejabat penilainya, "
                         "atasannya, pimpinan instansi dan admin BKD."),
    "plan_not_your_step": _l("Langkah ini bukan bagian Anda pada rencana ini."),
    "plan_not_draft": _l("Rencana sudah disepakati; isinya tidak dapat diubah lagi."),
    "plan_not_agreed": _l("Rencana belum disepakati kedua pihak atau sudah ditutup."),
    "plan_empty": _l("Tambahkan paling sedikit satu butir rencana sebelum menyetujui."),
    "plan_support_unknown": _l("Pilih bentuk dukungan."),
    "plan_due_outside": _l("Tanggal target harus di antara awal dan akhir rencana."),
    "plan_dates_invalid": _l("Tanggal akhir harus sesudah tanggal mulai, paling lama dua "
                             "tahun."),
    "plan_item_unknown": _l("Butir rencana itu tidak ada."),
    "plan_checkin_date": _l("Tanggal pertemuan tidak boleh di masa depan atau sebelum rencana "
                            "dimulai."),
    "plan_judgement_unknown": _l("Pilih penilaian akhir rencana."),
}

TEMPLATE_GLOBALS = {
    "FOLLOWUP_KIND_LABELS": KIND_LABELS, "FOLLOWUP_KIND_SHORT": KIND_SHORT,
    "FOLLOWUP_STATUS_LABELS": STATUS_LABELS, "FOLLOWUP_TRACK_LABELS": TRACK_LABELS,
    "FOLLOWUP_OUTCOME_LABELS": OUTCOME_LABELS, "PLAN_STATE_LABELS": PLAN_STATE_LABELS,
    "PLAN_SUPPORT_LABELS": SUPPORT_LABELS, "PLAN_JUDGEMENT_LABELS": JUDGEMENT_LABELS,
    "FOLLOWUP_NEED_LABELS": NEED_LABELS, "FOLLOWUP_EVENT_LABELS": EVENT_LABELS,
    "FOLLOWUP_DECISION_LABELS": DECISION_LABELS,
}


def need_label(code: str):
    """A development need's name: a BerAKHLAK value's own name, else NEED_LABELS."""
    from portal.rules.berakhlak import BY_CODE

    return BY_CODE[code].name if code in BY_CODE else NEED_LABELS.get(code, code)


FIELD_LABELS = {
    "kind": _l("Tindak lanjut"), "track": _l("Diusulkan untuk"), "outcome": _l("Hasil"),
    "predikat": _l("Predikat"), "item": _l("Butir rencana"), "checkin": _l("Pertemuan"),
    "start_on": _l("Mulai"), "end_on": _l("Selesai"), "judgement": _l("Penilaian akhir"),
}


def value_label(value):
    """A stored code of the follow-up's audit as read (a status, kind, outcome...), else as is."""
    from portal.labels import PREDIKAT_LABELS

    for table in (STATUS_LABELS, PLAN_STATE_LABELS, KIND_SHORT, TRACK_LABELS, OUTCOME_LABELS,
                  JUDGEMENT_LABELS, PREDIKAT_LABELS):
        if value in table:
            return table[value]
    return value
