"""The unit picker shared by the calibration and monitoring pages (portal/services/people/units.py):
what a typed text settles on, in a tree of UnitOptions; no app, no database."""
from portal.services.people.units import PICKER_MATCHES, UnitOption, find_units, pick_unit

ROOT = UnitOption(1, "Dinas Dukcapil", 0, "Dinas Dukcapil")
BIDANG = UnitOption(2, "Bidang Pelayanan", 1, "Dinas Dukcapil › Bidang Pelayanan")
SEKSI = UnitOption(3, "Seksi Identitas", 2, "Dinas Dukcapil › Bidang Pelayanan › Seksi Identitas")
UMUM = [UnitOption(10 + i, f"Seksi Umum {i}", 1, f"Dinas Dukcapil › Seksi Umum {i}")
        for i in range(PICKER_MATCHES + 2)]
TREE = [ROOT, BIDANG, SEKSI, *UMUM]


def test_no_text_keeps_the_unit_shown_and_a_blank_one_means_the_whole_agency():
    assert pick_unit(None, TREE, SEKSI).unit == SEKSI and not pick_unit(None, TREE, SEKSI).settled
    blank = pick_unit("  ", TREE, SEKSI)
    assert blank.unit is None and blank.settled and blank.text == ""


def test_a_text_naming_one_unit_settles_on_it_whatever_its_case_and_spaces():
    picked = pick_unit("  identitas ", TREE, None)
    assert picked.unit == SEKSI and picked.settled and not picked.refused
    assert picked.text == SEKSI.path  # the field then shows the unit found, by its path
    assert pick_unit("bidang pelayanan", TREE, None).unit == BIDANG  # its name, not its seksi


def test_a_text_naming_several_offers_at_most_a_dozen_and_keeps_the_unit_shown():
    picked = pick_unit("seksi umum", TREE, BIDANG)
    assert picked.unit == BIDANG and picked.unresolved and not picked.refused
    assert len(picked.matches) == PICKER_MATCHES and picked.more and picked.text == "seksi umum"


def test_a_text_naming_no_unit_is_refused_and_kept():
    picked = pick_unit("Bidang Tak Ada", TREE, SEKSI)
    assert picked.refused and picked.unit == SEKSI and picked.text == "Bidang Tak Ada"
    assert find_units("Bidang Tak Ada", TREE) == []
