"""Capaian (achievement) of a quantitative indicator: evidence for the supervisor, never a rating.

Formulas carried over from the PermenPANRB 8/2021 guides (shared domain.md section 4):
normal indicators compare realisation with target; lower-is-better ones (time, cost) reward
coming in under target; a range target counts as fully met anywhere inside it.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)

# Bands of capaian, best first: (lowest capaian in the band, key).
BANDS = (
    (Decimal(101), "sangat_baik"),
    (Decimal(100), "baik"),
    (Decimal(80), "cukup"),
    (Decimal(60), "kurang"),
    (Decimal(0), "sangat_kurang"),
)


def capaian(target: Decimal, realisation: Decimal, *, target_max: Decimal | None = None,
            lower_is_better: bool = False) -> Decimal | None:
    """Capaian in percent, rounded to two decimals; None where it cannot be computed.

    Args:
        target: the target, or the lower bound of a range target.
        realisation: what was achieved.
        target_max: the upper bound of a range target (inside the range counts as 100 %;
            above it compares with the upper bound, below it with the lower bound).
        lower_is_better: for time and cost indicators:
            capaian = (1 + (1 - realisation / target)) x 100 %.
    """
    if target_max is not None:
        if target <= realisation <= target_max:
            return HUNDRED.quantize(Decimal("0.01"))
        bound = target_max if realisation > target_max else target
    else:
        bound = target
    if bound == 0:
        return None
    ratio = realisation / bound
    percent = (2 - ratio) * HUNDRED if lower_is_better else ratio * HUNDRED
    return max(percent, Decimal(0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# A realisation more than this many times its target is a typing error (zeros too many, a
# number pasted into the wrong field), not an achievement: it would print in the official
# document as it stands.
REALISATION_FACTOR = 100


def realisation_ceiling(target: Decimal | None, target_max: Decimal | None = None
                        ) -> Decimal | None:
    """The largest realisation accepted for a target: REALISATION_FACTOR times the target (the
    upper bound of a range); None for a target of 0 or none, which gives no scale."""
    top = target_max if target_max is not None else target
    if top is None or top <= 0:
        return None
    return top * REALISATION_FACTOR


def band(percent: Decimal | None) -> str | None:
    """The band of a capaian: sangat_baik (>= 101 %), baik (>= 100 %), cukup (>= 80 %),
    kurang (>= 60 %) or sangat_kurang; None when there is no capaian."""
    if percent is None:
        return None
    for floor, key in BANDS:
        if percent >= floor:
            return key
    return BANDS[-1][1]  # below 0 % (capaian() gives none): the lowest band
