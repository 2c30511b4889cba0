"""The fairness monitor's statistics: does a group's spread of predikat differ from the rest?

For each group (an assessor's ratings, a unit, a golongan, a jenis jabatan, a sex) two shares are
compared with the rest of the agency: the share rated at the top (Sangat Baik) and the share rated
at the bottom (Butuh Perbaikan or below). Each comparison is Fisher's exact test (two-sided) of
the 2 x 2 table group/rest x in/out of the category: the chance, if the ratings had been shared
out between the group and the rest at random, of a split at least as uneven as the one seen.
It is exact, so it stays right for the small groups (ten people, two expected at the top) where
the two-proportion z-test's normal approximation flags too often: on a generated agency of 5,000
people rated at random by 250 assessors, the z-test flagged one assessor, this test none.

Many groups mean many tests, so the p-values of one page are corrected together by Holm's
method: a difference is flagged only when the chance of any false flag on the whole page is
below FAMILY_ALPHA. Groups of fewer than MIN_GROUP people are never shown (nor tested), and
neither is a group whose hidden neighbours could otherwise be worked out by subtraction
(suppress).

Standard library only: the hypergeometric probabilities come from math.lgamma.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

from portal.rules.predikat import BUTUH_PERBAIKAN, KURANG, SANGAT_BAIK, SANGAT_KURANG

# Fewer people than this in a group: the group is not shown, so that no one's predikat can be
# read from a small table (and a share of a handful of people says little anyway).
MIN_GROUP = 10
# The chance, over the whole page, of flagging at least one group that differs only by chance.
FAMILY_ALPHA = 0.05

TOP = frozenset({SANGAT_BAIK})
BOTTOM = frozenset({BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG})


@dataclass(frozen=True)
class Test:
    """One comparison: share1 = x1/n1 (the group) against share2 = x2/n2 (the rest), and the
    two-sided p-value of Fisher's exact test."""

    share1: float
    share2: float
    p: float


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


# Tables whose probability is within this ratio of the observed one count as "as extreme":
# floating-point sums must not drop the observed table's mirror image (as R and SciPy do).
_TIE = 1 + 1e-7


def fisher_exact(x1: int, n1: int, x2: int, n2: int) -> Test:
    """Fisher's exact test (two-sided) of x1 of n1 against x2 of n2.

    With the margins fixed (n1, n2, and k = x1 + x2 in the category), the group's count follows
    the hypergeometric distribution; the p-value sums the probabilities of every possible count
    no more likely than x1.

    Raises:
        ValueError: n1 or n2 is not positive, or a count lies outside 0..n.
    """
    if n1 <= 0 or n2 <= 0 or not (0 <= x1 <= n1 and 0 <= x2 <= n2):
        raise ValueError("counts out of range")
    k, total = x1 + x2, n1 + n2
    base = _log_choose(total, k)

    def log_p(x: int) -> float:
        return _log_choose(n1, x) + _log_choose(n2, k - x) - base

    limit = log_p(x1) + math.log(_TIE)
    p = sum(math.exp(q) for q in map(log_p, range(max(0, k - n2), min(k, n1) + 1))
            if q <= limit)
    return Test(x1 / n1, x2 / n2, min(p, 1.0))


def holm(p_values: Sequence[float], alpha: float = FAMILY_ALPHA) -> list[bool]:
    """Which of the p-values Holm's step-down method rejects at family-wise level alpha.

    Sorted smallest first, the k-th (from 0) is rejected while p <= alpha / (m - k); the first
    that is not stops the procedure. The answer keeps the order of p_values.
    """
    m = len(p_values)
    rejected = [False] * m
    for k, index in enumerate(sorted(range(m), key=lambda i: p_values[i])):
        if p_values[index] > alpha / (m - k):
            break
        rejected[index] = True
    return rejected


def suppress(sizes: Mapping[Hashable, int], minimum: int = MIN_GROUP) -> set:
    """The groups (keys of sizes: group -> people) that may be shown.

    Groups under minimum are hidden. If the hidden ones then hold between 1 and minimum - 1
    people together, the total less the shown groups would reveal them; so the smallest shown
    group is hidden too, until the hidden ones hold none or at least minimum people.
    """
    shown = {key for key, n in sizes.items() if n >= minimum}
    hidden = sum(n for key, n in sizes.items() if key not in shown)
    while shown and 0 < hidden < minimum:
        smallest = min(shown, key=lambda key: (sizes[key], str(key)))
        shown.discard(smallest)
        hidden += sizes[smallest]
    return shown


@dataclass(frozen=True)
class Comparison:
    """One group against the rest: the top and the bottom share, each with its test."""

    n: int
    rest: int
    top: Test | None        # None when the rest is empty (the group is everyone)
    bottom: Test | None


def compare(counts: Mapping[str, int], totals: Mapping[str, int]) -> Comparison:
    """Compare a group's predikat counts with those of the rest of totals (which include it)."""
    n = sum(counts.values())
    rest = sum(totals.values()) - n
    top = sum(counts.get(p, 0) for p in TOP)
    bottom = sum(counts.get(p, 0) for p in BOTTOM)
    if n <= 0 or rest <= 0:
        return Comparison(n, max(rest, 0), None, None)
    top_all = sum(totals.get(p, 0) for p in TOP)
    bottom_all = sum(totals.get(p, 0) for p in BOTTOM)
    return Comparison(n, rest, fisher_exact(top, n, top_all - top, rest),
                      fisher_exact(bottom, n, bottom_all - bottom, rest))


LENIENT, SEVERE, MIXED = "lenient", "severe", "mixed"


def leaning(comparison: Comparison, top_flagged: bool, bottom_flagged: bool) -> str | None:
    """Which way a group leans given which of its two tests were flagged: lenient (more at the
    top or fewer at the bottom than the rest), severe (the opposite), mixed (both ways at once,
    e.g. more at the top and more at the bottom), or None when nothing is flagged."""
    ways = set()
    if top_flagged and comparison.top:
        ways.add(LENIENT if comparison.top.share1 > comparison.top.share2 else SEVERE)
    if bottom_flagged and comparison.bottom:
        ways.add(SEVERE if comparison.bottom.share1 > comparison.bottom.share2 else LENIENT)
    if not ways:
        return None
    return ways.pop() if len(ways) == 1 else MIXED
