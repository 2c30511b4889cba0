"""The indicator library's first content, and the demo agencies' sectors.

The templates are the demo's own work profiles (portal.demo.skp): each RHK of a profile of the
population-registry, education and health agencies, and of the general-administration posts
every agency has, becomes a template named after the post that plans it (portal.demo.org), with
its indicators as the profile writes them (objective sources included: the employee binds the
service when copying). `flask seed-library` (run by `make migrate`) and the demo's seed load it
into an empty library; an admin's library is never overwritten.
"""
from __future__ import annotations

import sqlalchemy as sa

from portal.demo.org import AGENCIES, DINKES, DISDIK, DUKCAPIL
from portal.demo.skp import PROFILES, IndicatorSpec, lower_is_better
from portal.extensions import db
from portal.models import Agency, AgencySector
from portal.services import library

# Profile key prefixes (or whole keys) -> sector.
SECTOR_OF_PROFILES = {
    "dukcapil.": "kependudukan",
    "disdik.": "pendidikan",
    "guru.": "pendidikan",
    "dinkes.": "kesehatan",
    "sekretaris": "umum",
    "kasubbag_umum": "umum",
    "umum.staff": "umum",
    "keuangan.staff": "umum",
}
AGENCY_SECTORS = {DUKCAPIL.code: "kependudukan", DISDIK.code: "pendidikan",
                  DINKES.code: "kesehatan"}


def _sector(profile: str) -> str | None:
    return next((sector for prefix, sector in SECTOR_OF_PROFILES.items()
                 if profile == prefix or (prefix.endswith(".") and profile.startswith(prefix))),
                None)


def _indicator(spec: IndicatorSpec) -> dict:
    return {"aspect": spec.aspect, "text": spec.text, "target_value": spec.target,
            "target_max": spec.target_max, "target_unit": spec.unit,
            "lower_is_better": not spec.qualitative and spec.target_max is None
            and lower_is_better(spec),
            "target_text": spec.target_text, "perspective": spec.perspective,
            "data_source": spec.source}


def specs() -> list[dict]:
    """The templates, one per distinct RHK of the chosen profiles, in the profiles' order."""
    titles: dict[str, str] = {}
    for agency in AGENCIES:
        for post in agency.posts:
            titles.setdefault(post.work, post.title)
    seen, result = set(), []
    for profile, rhks in PROFILES.items():
        sector = _sector(profile)
        if sector is None or profile not in titles:
            continue
        for rhk in rhks:
            if (sector, rhk.text) in seen:  # the teachers' shared RHK, once
                continue
            seen.add((sector, rhk.text))
            result.append({
                "sector": sector, "post": titles[profile], "kind": rhk.kind, "text": rhk.text,
                "approach": "kualitatif" if rhk.indicators[0].qualitative else "kuantitatif",
                "indicators": [_indicator(i) for i in rhk.indicators]})
    return result


def seed() -> bool:
    """Load the library into an empty one, and give the demo agencies without a sector theirs;
    False when nothing was missing."""
    added = library.seed(specs()) > 0
    mapped = set(db.session.scalars(sa.select(AgencySector.agency_id)))
    for agency_id, code in db.session.execute(
            sa.select(Agency.id, Agency.code).where(Agency.code.in_(AGENCY_SECTORS))):
        if agency_id not in mapped:
            db.session.add(AgencySector(agency_id=agency_id, sector=AGENCY_SECTORS[code]))
            added = True
    db.session.commit()
    return added
