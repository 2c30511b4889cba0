"""The allowed spread of employee predikat per organisation predikat (shared domain.md section 5).

Every rule of DEFAULT_RULES is met by one spread and broken by another, for each organisation
predikat; small units turn percentages into whole people (caps down, minimums up).
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from portal.rules.distribution import (
    AT_LEAST, AT_MOST, DEFAULT_RULES, ISTIMEWA, ORG_PREDIKAT, SOME, Rule, evaluate, limit,
    rules_for,
)
from portal.rules.predikat import BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_BAIK, SANGAT_KURANG

SB, B, BP, K, SK = SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG


def broken(org: str, **counts: int) -> set[tuple[str, tuple[str, ...]]]:
    """The rules of org's spread that counts (sb=, b=, bp=, k=, sk=) breaks, as (kind, predikat)."""
    names = {"sb": SB, "b": B, "bp": BP, "k": K, "sk": SK}
    spread = {names[key]: n for key, n in counts.items()}
    return {(v.rule.kind, v.rule.predikat) for v in evaluate(rules_for(org, DEFAULT_RULES), spread)
            if not v.met}


# (organisation predikat, spread, the rules it breaks)
CASES = [
    # Istimewa: Sangat Baik at most 70 %; the rest anything.
    ("istimewa meets the cap exactly", ISTIMEWA, dict(sb=7, b=3), set()),
    ("istimewa with many Sangat Kurang is fine", ISTIMEWA, dict(sb=1, sk=9), set()),
    ("istimewa over the Sangat Baik cap", ISTIMEWA, dict(sb=8, b=2), {(AT_MOST, (SB,))}),
    # Baik: Baik at most 70 %; some Butuh Perbaikan and/or Kurang; the rest SB or SK.
    ("baik meets both rules", BAIK, dict(b=7, bp=2, sb=1), set()),
    ("baik with Kurang alone as the 'some'", BAIK, dict(b=5, k=1, sb=4), set()),
    ("baik with Butuh Perbaikan alone as the 'some'", BAIK, dict(b=5, bp=1, sk=4), set()),
    ("baik over the Baik cap", BAIK, dict(b=8, k=1, sb=1), {(AT_MOST, (B,))}),
    ("baik without any Butuh Perbaikan or Kurang", BAIK, dict(b=6, sb=4),
     {(SOME, (BP, K))}),
    ("baik breaking both", BAIK, dict(b=10), {(AT_MOST, (B,)), (SOME, (BP, K))}),
    # Butuh Perbaikan: BP at least 60 %; SB at most 10 %; the rest B, K, SK.
    ("butuh perbaikan meets both", BP, dict(bp=6, sb=1, b=3), set()),
    ("butuh perbaikan under the BP minimum", BP, dict(bp=5, b=4, sb=1), {(AT_LEAST, (BP,))}),
    ("butuh perbaikan over the SB cap", BP, dict(bp=6, sb=2, b=2), {(AT_MOST, (SB,))}),
    # Kurang: K at least 60 %; BP at least 10 %; SB at most 10 %; the rest B or SK.
    ("kurang meets all three", K, dict(k=6, bp=1, sb=1, b=2), set()),
    ("kurang under the K minimum", K, dict(k=5, bp=2, sb=1, b=2), {(AT_LEAST, (K,))}),
    ("kurang without Butuh Perbaikan", K, dict(k=7, b=2, sb=1), {(AT_LEAST, (BP,))}),
    ("kurang over the SB cap", K, dict(k=6, bp=1, sb=2, b=1), {(AT_MOST, (SB,))}),
    # Sangat Kurang: SK at least 60 %; K and/or BP at least 10 %; the rest Baik; no SB.
    ("sangat kurang meets all three", SK, dict(sk=6, k=1, b=3), set()),
    ("sangat kurang counts BP towards 'K and/or BP'", SK, dict(sk=6, bp=1, b=3), set()),
    ("sangat kurang under the SK minimum", SK, dict(sk=5, k=2, b=3), {(AT_LEAST, (SK,))}),
    ("sangat kurang without K or BP", SK, dict(sk=7, b=3), {(AT_LEAST, (K, BP))}),
    ("sangat kurang with one Sangat Baik", SK, dict(sk=6, k=1, b=2, sb=1), {(AT_MOST, (SB,))}),
]


@pytest.mark.parametrize("org, counts, expected", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_it_judges_each_rule_of_each_organisation_predikat(org, counts, expected):
    assert broken(org, **counts) == expected


def test_every_organisation_predikat_has_default_rules():
    assert {rule.org_predikat for rule in DEFAULT_RULES} == set(ORG_PREDIKAT)


def test_every_default_rule_is_broken_by_some_case():
    """The cases above exercise every rule, so a rule whose judgement changes is noticed."""
    exercised = {(org, kind, predikat) for _, org, _, expected in CASES
                 for kind, predikat in expected}
    assert exercised == {(r.org_predikat, r.kind, r.predikat) for r in DEFAULT_RULES}


# --- small units: percentages in whole people ---------------------------------------------------

def test_a_ten_percent_cap_allows_nobody_in_a_unit_of_three():
    cap = Rule(BP, AT_MOST, (SB,), Decimal(10))

    assert limit(cap, 3) == 0
    assert broken(BP, bp=2, sb=1) == {(AT_MOST, (SB,))}


def test_a_sixty_percent_minimum_needs_two_of_three():
    minimum = Rule(BP, AT_LEAST, (BP,), Decimal(60))

    assert limit(minimum, 3) == 2
    assert broken(BP, bp=2, b=1) == set()
    assert broken(BP, bp=1, b=2) == {(AT_LEAST, (BP,))}


def test_a_seventy_percent_cap_allows_two_of_three():
    assert limit(Rule(ISTIMEWA, AT_MOST, (SB,), Decimal(70)), 3) == 2
    assert broken(ISTIMEWA, sb=2, b=1) == set()
    assert broken(ISTIMEWA, sb=3) == {(AT_MOST, (SB,))}


def test_a_unit_of_one_needs_its_one_employee_for_any_minimum():
    assert limit(Rule(K, AT_LEAST, (BP,), Decimal(10)), 1) == 1
    assert broken(K, k=1) == {(AT_LEAST, (BP,))}


def test_an_empty_unit_meets_every_rule():
    for org in ORG_PREDIKAT:
        verdicts = evaluate(rules_for(org, DEFAULT_RULES), {})
        assert verdicts and all(v.met and v.count == 0 for v in verdicts)


@pytest.mark.parametrize("kind, percent, total, expected", [
    (AT_MOST, 70, 10, 7),    # exact: no rounding at all
    (AT_MOST, 70, 3, 2),     # 2.1 rounds down for a cap
    (AT_MOST, 10, 19, 1),    # 1.9 rounds down for a cap
    (AT_MOST, 0, 50, 0),     # "no Sangat Baik"
    (AT_LEAST, 60, 10, 6),   # exact
    (AT_LEAST, 60, 3, 2),    # 1.8 rounds up for a minimum
    (AT_LEAST, 10, 11, 2),   # 1.1 rounds up for a minimum
    (AT_LEAST, 10, 0, 0),    # nobody to count
    (SOME, 0, 3, 1),         # "some" is at least one person whatever the size
    (SOME, 0, 100, 1),
])
def test_limit_rounds_caps_down_and_minimums_up(kind, percent, total, expected):
    assert limit(Rule(BAIK, kind, (BP,), Decimal(percent)), total) == expected


def test_a_verdict_reports_the_count_and_the_limit_in_people():
    baik_cap, some = evaluate(rules_for(BAIK, DEFAULT_RULES), {B: 3, SB: 0})

    assert (baik_cap.count, baik_cap.limit, baik_cap.met) == (3, 2, False)
    assert (some.count, some.limit, some.met) == (0, 1, False)


def test_rules_for_picks_only_the_organisations_rules():
    assert [r.kind for r in rules_for(SK, DEFAULT_RULES)] == [AT_LEAST, AT_LEAST, AT_MOST]
    assert rules_for("unknown", DEFAULT_RULES) == []
