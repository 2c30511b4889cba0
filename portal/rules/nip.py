"""Validation of the 18-digit NIP of a civil servant (PNS), per shared domain.md section 10."""
import datetime as dt
import re


def nip_problem(nip: str) -> str | None:
    """Return why nip is not a valid PNS NIP (a short English key), or None when it is valid.

    The NIP is YYYYMMDD birth date, YYYYMM appointment (TMT CPNS), 1/2 for sex, a 3-digit serial.
    The appointment must be a real month at least 17 years after birth.
    """
    if not re.fullmatch(r"[0-9]{18}", nip):  # ASCII only: str.isdigit() accepts '１' and '²'
        return "length"
    try:
        born = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return "birth_date"
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        return "appointment"
    if (year, month) < (born.year + 17, born.month):
        return "appointment"
    if nip[14] not in "12":
        return "sex"
    return None


def format_nip(nip: str) -> str:
    """The NIP grouped as printed on official documents: 19860926 201505 1 001."""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" if len(nip) == 18 else nip
