"""What a notification says and where it leads: titles, message templates and their rendering.

Shared by the in-app list (portal.services.messaging.notifications) and e-mail
(portal.services.messaging.mail), which both build on this module and never on each other's texts.
"""
from __future__ import annotations

import datetime as dt

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from portal.labels import PREDIKAT_LABELS, RATING_LABELS, STATE_LABELS

# A short title per kind: the heading of the entry and the e-mail's subject.
TITLES = {
    "targets_submitted": _l("SKP diajukan untuk ditetapkan"),
    "targets_approved": _l("SKP ditetapkan"),
    "targets_returned": _l("SKP dikembalikan"),
    "self_assessment_submitted": _l("Penilaian mandiri diajukan"),
    "self_assessment_returned": _l("Penilaian mandiri dikembalikan"),
    "rated": _l("Kinerja Anda telah dinilai"),
    "review_ready": _l("Penilaian siap dikalibrasi"),
    "review_returned": _l("Penilaian dikembalikan tim penilai kinerja"),
    "calibrated": _l("Penilaian menunggu persetujuan"),
    "calibration_returned": _l("Kalibrasi dikembalikan"),
    "approved": _l("Penilaian kinerja disetujui"),
    "reopened": _l("Penilaian dibuka kembali"),
    "rating_calibrated": _l("Rating diubah dalam kalibrasi"),
    "feedback_given": _l("Umpan balik baru"),
    "objection_filed": _l("Keberatan diajukan"),
    "objection_explanations_requested": _l("Keterangan atas keberatan diminta"),
    "objection_statement": _l("Keterangan baru pada keberatan"),
    "objection_decided": _l("Keberatan telah diputus"),
    "reminder_due": _l("Pengingat tenggat SKP"),
    "reminder_overdue": _l("Tenggat SKP terlewati"),
    "reminder_escalation": _l("Tenggat SKP pegawai terlewati"),
    "peer_asked": _l("Permintaan umpan balik rekan"),
    "peer_proposed": _l("Usulan rekan pemberi umpan balik"),
    "peer_proposal_approved": _l("Usulan rekan disetujui"),
    "peer_proposal_declined": _l("Usulan rekan ditolak"),
    "reminder_peer": _l("Pengingat umpan balik rekan"),
    "reminder_peer_expired": _l("Umpan balik rekan tidak dijawab"),
    "org_predikat_requested": _l("Tetapkan predikat kinerja organisasi"),
    "assessor_assigned": _l("Anda kini pejabat penilai"),
    "plan_opened": _l("Rencana pengembangan menunggu persetujuan Anda"),
    "plan_agreed_by_employee": _l("Pegawai menyetujui rencana pengembangan"),
    "plan_agreed_by_assessor": _l("Pejabat penilai menyetujui rencana pengembangan"),
    "plan_agreed": _l("Rencana pengembangan disepakati"),
    "plan_checkin": _l("Pertemuan pemantauan rencana pengembangan dicatat"),
    "plan_closed": _l("Rencana pengembangan ditutup"),
    "followup_outcome": _l("Hasil tindak lanjut dicatat"),
}

MESSAGES = {
    "targets_submitted": _l("%(employee)s mengajukan SKP %(year)s untuk Anda tetapkan."),
    "targets_approved": _l("%(actor)s menetapkan SKP %(year)s Anda. Anda dapat mulai mencatat "
                           "realisasi."),
    "targets_returned": _l("%(actor)s mengembalikan SKP %(year)s Anda untuk diperbaiki. "
                           "Alasan: %(reason)s"),
    "self_assessment_submitted": _l("%(employee)s mengajukan penilaian mandiri SKP %(year)s "
                                    "untuk Anda nilai."),
    "self_assessment_returned": _l("%(actor)s mengembalikan penilaian mandiri SKP %(year)s Anda. "
                                   "Alasan: %(reason)s"),
    "rated": _l("%(actor)s telah menilai kinerja Anda pada SKP %(year)s dengan predikat "
                "%(predikat)s. Penilaian menjadi final setelah dikalibrasi dan disetujui."),
    "review_ready": _l("Penilaian SKP %(year)s %(employee)s telah dikirim pejabat penilai dan "
                       "siap dikalibrasi."),
    "review_returned": _l("Tim penilai kinerja mengembalikan penilaian SKP %(year)s %(employee)s "
                          "kepada Anda. Alasan: %(reason)s"),
    "calibrated": _l("Penilaian SKP %(year)s %(employee)s telah dikalibrasi dan menunggu "
                     "persetujuan Anda."),
    "calibration_returned": _l("%(actor)s mengembalikan penilaian SKP %(year)s %(employee)s ke "
                               "tim penilai kinerja. Alasan: %(reason)s"),
    "approved": _l("Penilaian SKP %(year)s %(employee)s telah disetujui dengan predikat "
                   "%(predikat)s."),
    "reopened": _l("Admin membuka kembali penilaian SKP %(year)s %(employee)s ke tahap "
                   "%(stage)s. Alasan: %(reason)s"),
    # No full stop straight after a name: names often end in a title such as "S.H.".
    "rating_calibrated": _l("Tim penilai kinerja mengubah rating SKP %(year)s %(employee)s; "
                            "rating hasil kerja: %(hasil_kerja_before)s → %(hasil_kerja_after)s; "
                            "rating perilaku kerja: %(perilaku_before)s → %(perilaku_after)s. "
                            "Alasan: %(reason)s"),
    "feedback_given": _l("%(actor)s memberi umpan balik pada SKP %(year)s Anda: %(text)s"),
    "objection_filed": _l("%(employee)s mengajukan keberatan atas hasil penilaian SKP "
                          "%(year)s."),
    "objection_explanations_requested": _l("%(actor)s meminta keterangan atas keberatan "
                                           "%(employee)s terhadap penilaian SKP %(year)s."),
    "objection_statement": _l("%(actor)s memberikan keterangan pada keberatan %(employee)s "
                              "terhadap penilaian SKP %(year)s."),
    "objection_decided": _l("%(actor)s telah memutus keberatan %(employee)s terhadap penilaian "
                            "SKP %(year)s: rating %(decision)s. Keputusan ini final."),
    "reminder_due": _l("Tahap «%(stage)s» SKP %(year)s %(employee)s jatuh tempo pada %(due)s. "
                       "Mohon selesaikan langkah Anda."),
    "reminder_overdue": _l("Tenggat tahap «%(stage)s» SKP %(year)s %(employee)s telah lewat "
                           "(%(due)s). Mohon segera selesaikan langkah Anda."),
    "reminder_escalation": _l("SKP %(year)s %(employee)s tertahan pada tahap «%(stage)s»: "
                              "tenggatnya %(due)s telah lewat. Langkah ini menunggu "
                              "%(waiting_for)s."),
    # A colleague asked may not open the assessment: their texts point to "Umpan balik rekan".
    "peer_asked": _l("%(actor)s meminta umpan balik Anda tentang perilaku kerja %(employee)s "
                     "(SKP %(year)s) paling lambat %(due)s. Isi melalui menu Umpan balik rekan."),
    "peer_proposed": _l("%(employee)s mengusulkan %(reviewer)s sebagai rekan pemberi umpan "
                        "balik SKP %(year)s. Setujui atau tolak usulan ini pada halaman "
                        "penilaiannya."),
    "peer_proposal_approved": _l("%(actor)s menyetujui usulan Anda: %(reviewer)s diminta memberi "
                                 "umpan balik atas SKP %(year)s Anda."),
    "peer_proposal_declined": _l("%(actor)s menolak usulan Anda agar %(reviewer)s memberi umpan "
                                 "balik atas SKP %(year)s Anda."),
    "reminder_peer": _l("Umpan balik Anda tentang perilaku kerja %(employee)s (SKP %(year)s) "
                        "ditunggu paling lambat %(due)s. Isi melalui menu Umpan balik rekan."),
    "reminder_peer_expired": _l("Ada rekan yang tidak memberi umpan balik atas SKP %(year)s "
                                "%(employee)s sampai batas waktu %(due)s. Anda dapat meminta "
                                "rekan lain sebelum memberi penilaian."),
    "org_predikat_requested": _l("%(actor)s (tim penilai kinerja) meminta Anda menetapkan "
                                 "predikat kinerja organisasi %(agency)s untuk SKP %(year)s; "
                                 "kalibrasi menilai sebaran predikat pegawai terhadapnya."),
    "assessor_assigned": _l("Setelah perpindahan jabatan, penilaian SKP %(year)s %(employee)s "
                            "kini menunggu Anda sebagai pejabat penilai (sebelumnya: "
                            "%(previous)s). Tahapnya sekarang «%(stage)s»."),
    "plan_opened": _l("%(actor)s membuka rencana pengembangan %(employee)s sebagai tindak "
                      "lanjut SKP %(year)s. Periksa sasaran, langkah dan tanggalnya, lalu "
                      "setujui rencana ini."),
    "plan_agreed_by_employee": _l("%(employee)s menyetujui rencana pengembangan tindak lanjut "
                                  "SKP %(year)s. Rencana ini menunggu persetujuan Anda."),
    "plan_agreed_by_assessor": _l("%(actor)s menyetujui rencana pengembangan Anda (tindak "
                                  "lanjut SKP %(year)s). Rencana ini menunggu persetujuan Anda."),
    "plan_agreed": _l("Rencana pengembangan %(employee)s (tindak lanjut SKP %(year)s) telah "
                      "disetujui kedua pihak; jadwal pertemuan pemantauan telah dibuat."),
    "plan_checkin": _l("%(actor)s mencatat pertemuan pemantauan rencana pengembangan Anda "
                       "(tindak lanjut SKP %(year)s)."),
    "plan_closed": _l("%(actor)s menutup rencana pengembangan Anda (tindak lanjut SKP "
                      "%(year)s) dengan penilaian: %(judgement)s."),
    "followup_outcome": _l("Hasil tindak lanjut SKP %(year)s Anda (%(track)s) dicatat: "
                           "%(outcome)s."),
}

DECISION_LABELS = {"upheld": _l("dipertahankan"), "changed": _l("diubah")}

# Who a step waits for, when it is a role rather than a named person.
ROLE_LABELS = {
    "committee": _l("tim penilai kinerja"),
    "approver": _l("pimpinan instansi"),
}

# --- rendering -----------------------------------------------------------------------------

class _Params(dict):
    """Parameters for %-formatting; a parameter an older row lacks shows as a dash."""

    def __missing__(self, key):
        return "—"


def _shown(key: str, value) -> str:
    """A stored parameter as the reader sees it: keys become labels, dates local dates."""
    if value is None or value == "":
        return "—"
    if key == "stage":
        return str(STATE_LABELS.get(value, value))
    if key == "predikat":
        return str(PREDIKAT_LABELS.get(value, value))
    if key.endswith(("_before", "_after")):
        return str(RATING_LABELS.get(value, value))
    if key == "decision":
        return str(DECISION_LABELS.get(value, value))
    if key in ("judgement", "outcome", "track"):
        from portal.followup import labels  # a blueprint's labels: imported when first shown
        found = {"judgement": labels.JUDGEMENT_LABELS, "outcome": labels.OUTCOME_LABELS,
                 "track": labels.TRACK_LABELS}[key]
        return str(found.get(value, value))
    if key == "due":
        try:
            return format_date(dt.date.fromisoformat(value), "long")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def render(kind: str, params: dict | None) -> str:
    """The text of a notification in the current language."""
    params = dict(params or {})
    if "waiting_for" not in params and "waiting_role" in params:
        params["waiting_for"] = ROLE_LABELS.get(params["waiting_role"], params["waiting_role"])
    template = MESSAGES.get(kind)
    if template is None:
        return str(title(kind))
    return str(template) % _Params({key: _shown(key, value) for key, value in params.items()})


def title(kind: str) -> str:
    return str(TITLES.get(kind, _l("Pemberitahuan")))


# Notifications about no assessment the reader may open, and the page where they act on them.
_PAGES = {"peer_asked": "peers.index", "reminder_peer": "peers.index"}


def target(kind: str, assessment_id: int | None,
           params: dict | None = None) -> tuple[str, dict] | None:
    """(endpoint, its values) a notification leads to, for the list and for e-mail alike; None
    when it has nothing to open."""
    if assessment_id is not None:
        return "assessments.show", {"assessment_id": assessment_id}
    if kind == "org_predikat_requested" and params:  # the agency's calibration page
        return "calibration.index", {"agency": params.get("agency_id"),
                                     "period": params.get("period_id")}
    if kind.startswith("plan_") and params and params.get("plan_id"):
        return "followup.plan", {"plan_id": params["plan_id"]}
    if kind == "followup_outcome" and params and params.get("assessment_id"):
        return "followup.for_assessment", {"assessment_id": params["assessment_id"]}
    return (_PAGES[kind], {}) if kind in _PAGES else None
