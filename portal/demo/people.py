"""The demo civil servants: a valid NIP and a golongan fitting the jabatan for every post holder.

Built deterministically (random.Random(2026)) at import, without a database, so the demo logins
are known constants. NIP layout (shared domain.md section 10, portal.rules.nip): YYYYMMDD birth
date, YYYYMM TMT CPNS at least 17 years later, 1 male / 2 female, a 3-digit serial.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from portal.demo.org import (
    ADMIN, AGENCIES, JPT, JPT_MADYA, KEPSEK, PENGAWAS, STAFF, AgencySpec, Post,
)

# level -> (earliest, latest birth year, golongan allowed)
LEVELS: dict[str, tuple[int, int, tuple[str, ...]]] = {
    JPT_MADYA: (1967, 1970, ("IV/d",)),
    JPT: (1968, 1975, ("IV/c", "IV/d")),
    ADMIN: (1971, 1980, ("IV/a", "IV/b")),
    KEPSEK: (1972, 1978, ("IV/a", "IV/b")),
    PENGAWAS: (1977, 1986, ("III/c", "III/d")),
    STAFF: (1986, 1998, ()),  # by jenis jabatan, below
}
STAFF_GOLONGAN = {
    "Fungsional Ahli Pertama": ("III/a", "III/b"),
    "Fungsional Terampil": ("II/c", "II/d"),
}
# A Pelaksana's golongan follows the diploma in the name: a bachelor (", S.Kom.") is in III/a or
# III/b, anyone else (A.Md., or no degree) in II/c or II/d.
_BACHELOR, _PELAKSANA_S1, _PELAKSANA_OTHER = ", S.", ("III/a", "III/b"), ("II/c", "II/d")
# A second grade of a ruang (II/d, III/b) needs years of service since the first.
_SECOND_GRADES = {"II/d", "III/b"}
_LATEST_TMT_YEAR = 2024


@dataclass(frozen=True)
class Person:
    """A post holder as the demo creates them."""

    post: Post
    agency: AgencySpec
    nip: str
    golongan: str


def _person(rng: random.Random, agency: AgencySpec, post: Post, serial: int) -> Person:
    first_year, last_year, golongan_choices = LEVELS[post.level]
    if not golongan_choices:
        golongan_choices = STAFF_GOLONGAN.get(post.jenis) or (
            _PELAKSANA_S1 if _BACHELOR in post.name else _PELAKSANA_OTHER)
    golongan = rng.choice(golongan_choices)
    born = dt.date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))
    latest = _LATEST_TMT_YEAR - (4 if golongan in _SECOND_GRADES else 0)
    tmt_year = min(born.year + rng.randint(22, 28), latest)
    tmt_month = rng.randint(1, 12)
    nip = f"{born:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{post.sex}{serial:03d}"
    return Person(post=post, agency=agency, nip=nip, golongan=golongan)


def _roster() -> tuple[Person, ...]:
    rng = random.Random(2026)
    slots = [(agency, post) for agency in AGENCIES for post in agency.posts]
    serials = rng.sample(range(1, 400), len(slots))
    return tuple(_person(rng, agency, post, serial)
                 for (agency, post), serial in zip(slots, serials))


ROSTER: tuple[Person, ...] = _roster()
BY_POST: dict[str, Person] = {person.post.key: person for person in ROSTER}
