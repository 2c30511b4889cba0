"""The predikat kinerja pegawai is looked up from the two ratings (domain.md section 4)."""
import pytest

from portal.rules.predikat import PREDIKAT_ORDER, RATINGS, predikat

# domain.md section 4, written out row by row:
#
#   Rating hasil kerja ↓ / perilaku kerja →  Di Bawah           Sesuai           Di Atas
#   Di Atas                                   Kurang/Misconduct  Baik             Sangat Baik
#   Sesuai                                    Kurang/Misconduct  Baik             Baik
#   Di Bawah                                  Sangat Kurang      Butuh Perbaikan  Butuh Perbaikan
MATRIX_FROM_DOMAIN = [
    # (hasil kerja, perilaku kerja, predikat)
    ("above", "below", "kurang"),
    ("above", "meets", "baik"),
    ("above", "above", "sangat_baik"),
    ("meets", "below", "kurang"),
    ("meets", "meets", "baik"),
    ("meets", "above", "baik"),
    ("below", "below", "sangat_kurang"),
    ("below", "meets", "butuh_perbaikan"),
    ("below", "above", "butuh_perbaikan"),
]


def test_the_literal_matrix_covers_all_nine_combinations():
    assert {(h, p) for h, p, _ in MATRIX_FROM_DOMAIN} == {(h, p) for h in RATINGS for p in RATINGS}


@pytest.mark.parametrize(("hasil_kerja", "perilaku", "expected"), MATRIX_FROM_DOMAIN)
def test_it_derives_the_predikat_from_both_ratings_as_the_regulation_says(
    hasil_kerja, perilaku, expected
):
    assert predikat(hasil_kerja, perilaku) == expected


@pytest.mark.parametrize(
    ("hasil_kerja", "perilaku"),
    [(None, None), (None, "above"), (None, "meets"), (None, "below"),
     ("above", None), ("meets", None), ("below", None)],
)
def test_it_gives_no_predikat_while_either_rating_is_missing(hasil_kerja, perilaku):
    assert predikat(hasil_kerja, perilaku) is None


def test_the_ratings_run_from_above_to_below_expectations():
    # SIASN codes 1 = Di Atas, 2 = Sesuai, 3 = Di Bawah follow this order.
    assert RATINGS == ("above", "meets", "below")


def test_the_predikat_are_ordered_best_first():
    assert PREDIKAT_ORDER == ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")


def test_every_predikat_of_the_matrix_is_in_the_order_and_each_is_reachable():
    assert {expected for _, _, expected in MATRIX_FROM_DOMAIN} == set(PREDIKAT_ORDER)


@pytest.mark.parametrize("perilaku", ["below", "meets", "above"])
def test_a_better_hasil_kerja_never_gives_a_worse_predikat(perilaku):
    ranks = [PREDIKAT_ORDER.index(predikat(h, perilaku)) for h in ("below", "meets", "above")]
    assert ranks == sorted(ranks, reverse=True)


@pytest.mark.parametrize("hasil_kerja", ["below", "meets", "above"])
def test_a_better_perilaku_never_gives_a_worse_predikat(hasil_kerja):
    ranks = [PREDIKAT_ORDER.index(predikat(hasil_kerja, p)) for p in ("below", "meets", "above")]
    assert ranks == sorted(ranks, reverse=True)
