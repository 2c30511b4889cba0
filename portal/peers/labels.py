"""Labels of peer feedback, registered for the templates by the blueprint."""
from flask_babel import lazy_gettext as _l

from portal.labels import PEER_SCORE_LABELS

# The status of one request as the assessor's panel and the colleague's list show it.
PEER_STATUS_LABELS = {
    "proposed": _l("Menunggu persetujuan"),
    "asked": _l("Diminta"),
    "open": _l("Menunggu jawaban Anda"),
    "answered": _l("Sudah dijawab"),
    "expired": _l("Kedaluwarsa"),
}

LABELS = {"PEER_STATUS_LABELS": PEER_STATUS_LABELS, "PEER_SCORE_LABELS": PEER_SCORE_LABELS}
