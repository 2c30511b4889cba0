"""Validation of the 18-digit NIP of a civil servant (PNS or PPPK), per shared domain.md section 10."""
import datetime as dt
import re

# The keys nip_problem returns, in the order it checks them.
PROBLEMS = ("length", "birth_date", "appointment", "appointment_before_birth",
            "appointment_too_young", "sex")
# Youngest age at appointment (TMT CPNS) a NIP may show.
MIN_AGE = 17
# PPPK numbers carry this in place of the appointment month [unverified: domain.md 10 says
# their format is not confirmed; kept as data, and a real month is accepted too].
PPPK_MONTH_MARK = 21


def nip_problem(nip: str, pppk: bool = False) -> str | None:
    """Return why nip is not a valid NIP (a key of PROBLEMS), or None when it is valid.

    The NIP is YYYYMMDD birth date, YYYYMM appointment (TMT CPNS), 1/2 for sex, a 3-digit serial.
    The appointment must be a real month, after birth and at least MIN_AGE years after it.

    Args:
        nip: the number as stored, 18 ASCII digits without spaces.
        pppk: the number of a PPPK employee, whose appointment month may be PPPK_MONTH_MARK
            (then only the year is compared with the birth date).
    """
    if not re.fullmatch(r"[0-9]{18}", nip):  # ASCII only: str.isdigit() accepts '１' and '²'
        return "length"
    try:
        born = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return "birth_date"
    year, month = int(nip[8:12]), int(nip[12:14])
    if pppk and month == PPPK_MONTH_MARK:
        month = 12  # the latest the year allows: only the year is known
    elif not 1 <= month <= 12:
        return "appointment"
    if (year, month) < (born.year, born.month):
        return "appointment_before_birth"
    if (year, month) < (born.year + MIN_AGE, born.month):
        return "appointment_too_young"
    if nip[14] not in "12":
        return "sex"
    return None


def format_nip(nip: str) -> str:
    """The NIP grouped as printed on official documents: 19860926 201505 1 001."""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" if len(nip) == 18 else nip


# The NIP's 15th digit (index 14) is the holder's sex: 1 male, 2 female (domain.md section 10).
SEX_INDEX = 14
SEXES = {"1": "male", "2": "female"}

