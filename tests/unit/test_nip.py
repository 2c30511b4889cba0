"""NIP validation and the golongan/pangkat reference (domain.md section 10)."""
import pytest

from portal.rules.nip import nip_problem
from portal.rules.reference import GOLONGAN, pangkat


@pytest.mark.parametrize(
    "nip",
    [
        pytest.param("198609262015051001", id="male"),
        pytest.param("199103152019032002", id="female"),
        pytest.param("198802292010011005", id="born-on-a-leap-day"),
        pytest.param("198609262003091001", id="appointed-in-the-month-of-the-17th-birthday"),
        pytest.param("196512311990121999", id="end-of-year-dates"),
    ],
)
def test_it_accepts_a_valid_nip(nip):
    assert nip_problem(nip) is None


@pytest.mark.parametrize(
    ("nip", "key"),
    [
        # wrong length
        pytest.param("", "length", id="empty"),
        pytest.param("19860926201505100", "length", id="17-digits"),
        pytest.param("1986092620150510011", "length", id="19-digits"),
        pytest.param("19860926 201505 1 001", "length", id="spaced-as-printed"),
        # not digits
        pytest.param("19860926201505100a", "length", id="a-letter"),
        pytest.param("1986-09-2620150510", "length", id="dashes"),
        pytest.param("19860926201505100 ", "length", id="trailing-space"),
        pytest.param("+98609262015051001", "length", id="a-sign"),
        # impossible birth date
        pytest.param("198602312015051001", "birth_date", id="31-february"),
        pytest.param("198702292015051001", "birth_date", id="29-february-not-leap"),
        pytest.param("198613012015051001", "birth_date", id="month-13"),
        pytest.param("198600102015051001", "birth_date", id="month-00"),
        pytest.param("198609002015051001", "birth_date", id="day-00"),
        pytest.param("000009262015051001", "birth_date", id="year-0000"),
        # impossible appointment month
        pytest.param("198609262015131001", "appointment", id="month-13"),
        pytest.param("198609262015001001", "appointment", id="month-00"),
        # appointment before birth + 17 years
        pytest.param("198609262003081001", "appointment_too_young", id="a-month-short-of-17-years"),
        pytest.param("198609262000011001", "appointment_too_young", id="at-13"),
        pytest.param("198609261980011001", "appointment_before_birth", id="before-birth"),
        pytest.param("198609261986081001", "appointment_before_birth", id="a-month-before-birth"),
        # digit 15 is not 1 (male) or 2 (female)
        pytest.param("198609262015050001", "sex", id="sex-digit-0"),
        pytest.param("198609262015053001", "sex", id="sex-digit-3"),
        pytest.param("198609262015059001", "sex", id="sex-digit-9"),
    ],
)
def test_it_refuses_an_invalid_nip_with_its_reason(nip, key):
    assert nip_problem(nip) == key


def test_a_pppk_number_may_carry_the_pppk_mark_in_place_of_the_month():
    assert nip_problem("199203152022212001", pppk=True) is None
    assert nip_problem("199203152022212001") == "appointment"  # not for a PNS
    assert nip_problem("199203152005212001", pppk=True) == "appointment_too_young"
    assert nip_problem("199203152022051001", pppk=True) is None  # a real month still passes


@pytest.mark.parametrize(
    "nip",
    [
        # Python's str.isdigit() and int() accept other scripts' digits; a NIP is ASCII digits.
        pytest.param("１９８６０９２６２０１５０５" "1" "００１", id="fullwidth-with-ascii-sex-digit"),
        pytest.param("١٩٨٦٠٩٢٦٢٠١٥٠٥" "2" "٠٠١", id="arabic-indic-with-ascii-sex-digit"),
        pytest.param("１９８６０９２６２０１５０５１００１", id="all-fullwidth"),
        pytest.param("19860926201505100\u00b2", id="superscript-two-in-the-serial"),
    ],
)
def test_it_refuses_digits_other_than_ascii_as_non_digits(nip):
    assert nip_problem(nip) == "length"


# domain.md section 10, written out.
GOLONGAN_FROM_DOMAIN = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}


def test_it_prints_pangkat_with_golongan_as_on_documents():
    assert pangkat("III/a") == "Penata Muda, III/a"


def test_all_seventeen_golongan_are_present_in_rank_order():
    assert len(GOLONGAN) == 17
    assert list(GOLONGAN.items()) == list(GOLONGAN_FROM_DOMAIN.items())


@pytest.mark.parametrize(("golongan", "name"), GOLONGAN_FROM_DOMAIN.items())
def test_it_names_every_golongan(golongan, name):
    assert pangkat(golongan) == f"{name}, {golongan}"
