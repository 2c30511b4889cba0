"""Angka kredit konversi of functional posts (domain.md 12; PermenPANRB 1/2023, PerBKN 3/2023).

AK = percentage for the predikat x the jenjang's yearly koefisien x months rated / 12.

Each figure is rounded once, half up, to 2 decimals (as a PAK prints it: 2/12 x 12.5 = 2.08);
a total is the sum of the rounded figures, so that it matches the lines printed above it.

The tables below are the seed of the data BKD edits (portal.models.careers); every figure is
marked [unverified] in domain.md and seeded as not yet verified. The fields of SIASN's
angka-kredit record are here too, beside the SKP22 ones (portal.rules.skp22), whose predikat
codes they share.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portal.rules.predikat import BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_BAIK, SANGAT_KURANG
from portal.rules.skp22 import PREDIKAT_CODES

CENT = Decimal("0.01")
MONTHS_IN_YEAR = 12

# Percentage of the yearly koefisien each predikat earns.
PERCENT = {SANGAT_BAIK: Decimal(150), BAIK: Decimal(100), BUTUH_PERBAIKAN: Decimal(75),
           KURANG: Decimal(50), SANGAT_KURANG: Decimal(25)}


@dataclass(frozen=True)
class Jenjang:
    """A jenjang's yearly koefisien and the cumulative AK it needs for the next pangkat and for
    the next jenjang (None: the top of its ladder, no next step)."""

    koefisien: Decimal
    target_pangkat: Decimal | None
    target_jenjang: Decimal | None


JENJANG = {
    "Ahli Utama": Jenjang(Decimal(50), Decimal(200), None),
    "Ahli Madya": Jenjang(Decimal("37.5"), Decimal(150), Decimal(450)),
    "Ahli Muda": Jenjang(Decimal(25), Decimal(100), Decimal(200)),
    "Ahli Pertama": Jenjang(Decimal("12.5"), Decimal(50), Decimal(100)),
    "Penyelia": Jenjang(Decimal(25), Decimal(100), None),
    "Mahir": Jenjang(Decimal("12.5"), Decimal(20), Decimal(60)),
    "Terampil": Jenjang(Decimal(5), Decimal(50), Decimal(100)),
    "Pemula": Jenjang(Decimal("3.75"), Decimal(15), Decimal(15)),
}


def credit(percent: Decimal, koefisien: Decimal, months: int) -> Decimal:
    """The angka kredit of one evaluation, rounded half up to 2 decimals.

    Args:
        percent: the predikat's percentage (150 for Sangat Baik under the seed).
        koefisien: the jenjang's yearly koefisien.
        months: the months the evaluation rates, 1 to 12.
    """
    if not 1 <= months <= MONTHS_IN_YEAR:
        raise ValueError(f"months must be 1-12, not {months}")
    exact = percent / 100 * koefisien * months / MONTHS_IN_YEAR
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


def months_of(period_no: int, evaluations: int) -> tuple[int, int]:
    """(first month, last month) an evaluation covers: period_no 0 is the annual one (1, 12);
    otherwise the period_no-th of the year's evaluations (4 quarters or 12 months)."""
    if period_no == 0:
        return 1, MONTHS_IN_YEAR
    length = MONTHS_IN_YEAR // evaluations
    return (period_no - 1) * length + 1, period_no * length


def left(total: Decimal, target: Decimal | None) -> Decimal | None:
    """What is still missing to reach target (0 once reached); None when there is no target."""
    if target is None:
        return None
    return max(target - total, Decimal(0)).quantize(CENT)


# SIASN's angka-kredit record (domain.md 12), in the order agencies' integrations send it.
FIELDS = (
    "nip",                    # the employee, by NIP
    "tahun",                  # the period's year
    "bulanMulaiPenilaian",    # first month rated, 1-12
    "bulanSelesaiPenilaian",  # last month rated, 1-12
    "kuadranKinerjaNilai",    # the predikat, skp22.PREDIKAT_CODES
    "koefisien",              # the jenjang's yearly koefisien
    "angkaKredit",            # the AK of the evaluation
)


def record(nip: str, year: int, first_month: int, last_month: int, predikat: str,
           koefisien: Decimal, angka_kredit: Decimal) -> tuple:
    """One SIASN angka-kredit row, its values in FIELDS' order."""
    return (nip, year, first_month, last_month, PREDIKAT_CODES[predikat], koefisien,
            angka_kredit)
