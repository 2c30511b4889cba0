"""Indeks Kepuasan Masyarakat (IKM) from citizen-survey (SKM) answers, PermenPANRB 14/2017.

Nine elements, each answered 1-4; the IKM is the mean of the element averages (equal weights
1/9), converted to 25-100 by multiplying by 25 and graded A-D (shared domain.md section 9).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

# The nine unsur pelayanan, in the order of the form and of SurveyResponse.u1..u9.
ELEMENTS = (
    "Persyaratan",
    "Sistem, Mekanisme, dan Prosedur",
    "Waktu Penyelesaian",
    "Biaya/Tarif",
    "Produk Spesifikasi Jenis Pelayanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Penanganan Pengaduan, Saran dan Masukan",
    "Sarana dan Prasarana",
)
# Every element is answered on the same 1-4 scale; only the words of the answers differ per
# element (portal.labels.SKM_ANSWER_LABELS: "tidak mudah … sangat mudah" for the procedure,
# "sangat mahal … gratis" for the cost).
SCALE = (1, 2, 3, 4)

# The optional respondent profile of the regulation's questionnaire, as the codes stored in
# SurveyResponse (same names). Used for the IKM by group of respondents, never to identify
# anyone; the choices follow the sample questionnaire of PermenPANRB 14/2017 [verify against
# the annex]; their words are in portal.labels.SKM_PROFILE_CHOICES.
PROFILE = {
    "age_band": ("u20", "20_29", "30_39", "40_49", "50_59", "60up"),
    "sex": ("m", "f"),
    "education": ("sd", "smp", "sma", "diploma", "s1", "s2up"),
    "occupation": ("pns", "tni_polri", "swasta", "wirausaha", "pelajar", "lainnya"),
}
CONVERSION = Decimal(25)

# (lowest converted value in the grade, letter, key), best first. The table's intervals are given
# to two decimals, so the converted value is rounded to two decimals before it is graded.
GRADES = (
    (Decimal("88.31"), "A", "sangat_baik"),
    (Decimal("76.61"), "B", "baik"),
    (Decimal("65.00"), "C", "kurang_baik"),
    (Decimal("25.00"), "D", "tidak_baik"),
)

TWO_PLACES = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Ikm:
    """An IKM result: the index (1-4), its converted value (25-100), grade and respondents."""

    index: Decimal
    converted: Decimal
    grade: str        # A, B, C or D
    grade_key: str    # sangat_baik, baik, kurang_baik, tidak_baik (see portal.labels)
    respondents: int
    element_averages: tuple[Decimal | None, ...]


def grade(converted: Decimal) -> tuple[str, str]:
    """The (letter, key) of a converted IKM value (25-100), rounded to two decimals first."""
    rounded = converted.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    for lowest, letter, key in GRADES:
        if rounded >= lowest:
            return letter, key
    raise ValueError(f"converted IKM below 25: {converted}")


def from_averages(averages: Sequence[Decimal | None], respondents: int) -> Ikm | None:
    """The IKM of element averages (None for an element nobody answered).

    Args:
        averages: the nine element averages, in ELEMENTS order.
        respondents: how many responses the averages rest on (shown beside the result).

    Elements nobody answered are left out and the others weighed equally; with no answered
    element there is no IKM (None).
    """
    answered = [a for a in averages if a is not None]
    if not answered:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        index = sum(answered, Decimal(0)) / len(answered)
        converted = (index * CONVERSION).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    letter, key = grade(converted)
    return Ikm(index=index.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP), converted=converted,
               grade=letter, grade_key=key, respondents=respondents,
               element_averages=tuple(averages))


def from_totals(sums: Mapping[int, int | None], counts: Mapping[int, int],
                respondents: int) -> Ikm | None:
    """The IKM from per-element answer sums and answer counts, as a GROUP BY query returns them.

    Args:
        sums: element number (1-9) -> sum of the answers to it.
        counts: element number (1-9) -> how many respondents answered it.
        respondents: the number of responses.
    """
    averages = []
    for element in range(1, len(ELEMENTS) + 1):
        count = counts.get(element) or 0
        averages.append(Decimal(sums[element]) / count if count else None)
    return from_averages(averages, respondents)


def from_answers(answers: Sequence[Sequence[int | None]]) -> Ikm | None:
    """The IKM of individual responses, each the nine answers (None where not answered)."""
    sums = {n: 0 for n in range(1, len(ELEMENTS) + 1)}
    counts = dict.fromkeys(sums, 0)
    for response in answers:
        for element, answer in enumerate(response, start=1):
            if answer is not None:
                sums[element] += answer
                counts[element] += 1
    return from_totals(sums, counts, len(answers))
