"""The Penetapan Angka Kredit of an employee in a functional post: the conversions of their
evaluations in the current jenjang, the total, and what is left to the next pangkat and jenjang
(portal.services.careers.angka_kredit)."""
from __future__ import annotations

from babel.dates import get_month_names

from portal.documents.service import DEFAULT_INSTANCE, DEFAULT_PLACE, LOCALE, local_date, long_date
from portal.models import Employee
from portal.models.base import utcnow
from portal.services.careers.angka_kredit import Standing


def angka_kredit_document(employee: Employee, standing: Standing, place: str = DEFAULT_PLACE,
                          instance: str = DEFAULT_INSTANCE) -> dict:
    """The context of templates/documents/angka_kredit.html."""
    return {
        "employee": employee, "ak": standing, "instance": instance, "place": place,
        "month": get_month_names("wide", locale=LOCALE).get,  # 1 -> Januari
        "signed_on": long_date(local_date(utcnow())),
        # A periodic conversion is provisional until the year's annual evaluation is approved.
        "final": all(c.annual for c in standing.in_jenjang),
    }
