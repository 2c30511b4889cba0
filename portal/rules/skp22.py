"""The final result in the fields of SIASN's SKP22 record (domain.md 12), as data.

One row per approved assessment; the fields in the order agencies' integrations send them.
The codes are those of domain.md 4 and are marked [unverified] there: they live here alone,
listed in the README ("Ekspor SKP22"), so a correction is one edit.
"""
from __future__ import annotations

from dataclasses import dataclass

from portal.rules.predikat import (
    ABOVE, BAIK, BELOW, BUTUH_PERBAIKAN, KURANG, MEETS, SANGAT_BAIK, SANGAT_KURANG,
)

FIELDS = (
    "tahun",                # the period's year
    "pnsDinilaiOrang",      # the employee assessed, by NIP
    "hasilKinerjaNilai",    # rating hasil kerja, RATING_CODES
    "perilakuKerjaNilai",   # rating perilaku kerja, RATING_CODES
    "kuadranKinerjaNilai",  # predikat kinerja pegawai, PREDIKAT_CODES
    "penilaiNipNrp",        # the assessor who gave the annual rating: NIP
    "penilaiNama",          # name with degrees
    "penilaiJabatan",       # post title
    "penilaiGolongan",      # golongan as the reference list writes it (III/a)
    "penilaiUnorNama",      # unit (unit organisasi) of the post
    "statusPenilai",        # ASN, or NON ASN for an assessor outside the civil service
)

# Di Atas / Sesuai / Di Bawah Ekspektasi.
RATING_CODES = {ABOVE: 1, MEETS: 2, BELOW: 3}
# The predikat (kuadran), best first.
PREDIKAT_CODES = {SANGAT_BAIK: 1, BAIK: 2, BUTUH_PERBAIKAN: 3, KURANG: 4, SANGAT_KURANG: 5}
ASN, NON_ASN = "ASN", "NON ASN"


@dataclass(frozen=True)
class Assessor:
    """The assessor as SKP22 names them; None in the record means they are not in the portal
    (the Governor assessing the Sekda: NON ASN, the other fields empty)."""

    nip: str
    name: str
    post: str | None
    golongan: str | None
    unit: str | None


def record(year: int, nip: str, hasil_kerja: str, perilaku: str, predikat: str,
           assessor: Assessor | None) -> tuple:
    """One SKP22 row, its values in FIELDS' order.

    Args:
        year: the period's year.
        nip: the assessed employee's NIP (18 digits, no spaces).
        hasil_kerja, perilaku: the final ratings, each one of predikat.RATINGS.
        predikat: the predikat kinerja pegawai (one of predikat.PREDIKAT_ORDER).
        assessor: who gave the annual rating, or None when they are outside the portal.
    """
    who = (assessor.nip, assessor.name, assessor.post, assessor.golongan, assessor.unit, ASN
           ) if assessor else (None, None, None, None, None, NON_ASN)
    return (year, nip, RATING_CODES[hasil_kerja], RATING_CODES[perilaku],
            PREDIKAT_CODES[predikat], *who)
