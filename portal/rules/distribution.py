"""The allowed spread of employee predikat for an organisation's predikat (shared domain.md §5).

The spread is guidance: the portal shows each rule as met or broken and asks for a written
justification when one is broken; it never blocks. The percentages come from a circular whose
number is unverified, so the rules are data (stored in the database, editable by the admin);
DEFAULT_RULES is what a new installation starts with.

Small units: a percentage is turned into a whole number of employees before comparing, so the
page can say "at most 0 of 3" instead of "10 %": a cap rounds down, a minimum rounds up.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from portal.rules.predikat import BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_BAIK, SANGAT_KURANG

ISTIMEWA = "istimewa"
ORG_PREDIKAT = (ISTIMEWA, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)  # best first

AT_MOST = "at_most"          # the share of these predikat is at most percent
AT_LEAST = "at_least"        # the share of these predikat is at least percent
SOME = "some"                # at least one employee has one of these predikat
KINDS = (AT_MOST, AT_LEAST, SOME)


@dataclass(frozen=True)
class Rule:
    """One rule of the spread: kind over the employee predikat in `predikat`, with a percent."""

    org_predikat: str
    kind: str
    predikat: tuple[str, ...]
    percent: Decimal = Decimal(0)


@dataclass(frozen=True)
class Verdict:
    """How a unit's spread stands against one rule: the limit in people, the actual count."""

    rule: Rule
    count: int
    limit: int
    met: bool


DEFAULT_RULES = (
    Rule(ISTIMEWA, AT_MOST, (SANGAT_BAIK,), Decimal(70)),
    Rule(BAIK, AT_MOST, (BAIK,), Decimal(70)),
    Rule(BAIK, SOME, (BUTUH_PERBAIKAN, KURANG)),
    Rule(BUTUH_PERBAIKAN, AT_LEAST, (BUTUH_PERBAIKAN,), Decimal(60)),
    Rule(BUTUH_PERBAIKAN, AT_MOST, (SANGAT_BAIK,), Decimal(10)),
    Rule(KURANG, AT_LEAST, (KURANG,), Decimal(60)),
    Rule(KURANG, AT_LEAST, (BUTUH_PERBAIKAN,), Decimal(10)),
    Rule(KURANG, AT_MOST, (SANGAT_BAIK,), Decimal(10)),
    Rule(SANGAT_KURANG, AT_LEAST, (SANGAT_KURANG,), Decimal(60)),
    Rule(SANGAT_KURANG, AT_LEAST, (KURANG, BUTUH_PERBAIKAN), Decimal(10)),
    Rule(SANGAT_KURANG, AT_MOST, (SANGAT_BAIK,), Decimal(0)),
)


def limit(rule: Rule, total: int) -> int:
    """The rule's percent as a number of employees out of total (caps down, minimums up)."""
    if rule.kind == SOME:
        return 1
    exact = Decimal(total) * rule.percent / 100
    return math.floor(exact) if rule.kind == AT_MOST else math.ceil(exact)


def evaluate(rules: list[Rule] | tuple[Rule, ...], counts: dict[str, int]) -> list[Verdict]:
    """Judge a spread of employee predikat (predikat -> number of employees) against rules.

    An empty unit meets every rule: there is nothing to spread.
    """
    total = sum(counts.values())
    verdicts = []
    for rule in rules:
        count = sum(counts.get(p, 0) for p in rule.predikat)
        needed = limit(rule, total)
        if total == 0:
            met = True
        elif rule.kind == AT_MOST:
            met = count <= needed
        else:
            met = count >= needed
        verdicts.append(Verdict(rule, count, needed, met))
    return verdicts


def rules_for(org_predikat: str, rules: list[Rule] | tuple[Rule, ...]) -> list[Rule]:
    """The rules that apply to an organisation with org_predikat."""
    return [rule for rule in rules if rule.org_predikat == org_predikat]
