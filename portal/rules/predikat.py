"""The predikat kinerja pegawai, derived from the two ratings (PermenPANRB 6/2022 matrix).

The predikat is never typed by anyone: it is looked up here from rating hasil kerja and rating
perilaku kerja (see shared domain.md section 4).
"""
ABOVE, MEETS, BELOW = "above", "meets", "below"
RATINGS = (ABOVE, MEETS, BELOW)  # Di Atas / Sesuai / Di Bawah Ekspektasi

SANGAT_BAIK = "sangat_baik"
BAIK = "baik"
BUTUH_PERBAIKAN = "butuh_perbaikan"
KURANG = "kurang"  # Kurang/Misconduct
SANGAT_KURANG = "sangat_kurang"
PREDIKAT_ORDER = (SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)  # best first

# (rating hasil kerja, rating perilaku kerja) -> predikat
MATRIX = {
    (ABOVE, BELOW): KURANG, (ABOVE, MEETS): BAIK, (ABOVE, ABOVE): SANGAT_BAIK,
    (MEETS, BELOW): KURANG, (MEETS, MEETS): BAIK, (MEETS, ABOVE): BAIK,
    (BELOW, BELOW): SANGAT_KURANG, (BELOW, MEETS): BUTUH_PERBAIKAN, (BELOW, ABOVE): BUTUH_PERBAIKAN,
}


def predikat(rating_hasil_kerja: str | None, rating_perilaku: str | None) -> str | None:
    """Return the predikat for the two ratings, or None while either is missing.

    Args:
        rating_hasil_kerja: one of RATINGS, the supervisor's rating of work results.
        rating_perilaku: one of RATINGS, the rating of the seven BerAKHLAK behaviours.
    """
    if rating_hasil_kerja is None or rating_perilaku is None:
        return None
    return MATRIX[(rating_hasil_kerja, rating_perilaku)]
