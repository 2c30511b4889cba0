"""Form fields shared by the blueprints: numbers typed the way the user's locale writes them."""
from __future__ import annotations

from decimal import Decimal

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import Field, SelectChoice
from wtforms.widgets import TextInput


# Targets and realisations are stored as NUMERIC(14, 2).
PLACES = 2


def parse_local_decimal(text: str) -> Decimal:
    """Parse a number written in the current locale ("1.234,5" in Indonesian).

    Strict parsing refuses ambiguous input such as "12.5" in Indonesian (twelve and a half, or
    a hundred and twenty-five?) instead of guessing; the error names the accepted form.

    Raises:
        ValueError: with a user-facing message.
    """
    try:
        value = parse_decimal(text.strip(), locale=str(get_locale()), strict=True)
    except NumberFormatError:
        example = format_decimal(Decimal("1234.5"), locale=str(get_locale()))
        raise ValueError(_l("Isi angka, misalnya %(example)s.", example=example)) from None
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise ValueError(_l("Angka di luar batas."))
    if value.as_tuple().exponent < -PLACES:  # stored with two decimals: never round silently
        raise ValueError(_l("Paling banyak %(places)s angka di belakang koma.", places=PLACES))
    return value


class LocalDecimalField(Field):
    """A decimal field that accepts and shows numbers in the user's locale."""

    widget = TextInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]  # keep exactly what the user typed
        if self.data is not None:
            return format_decimal(self.data, locale=str(get_locale()))
        return ""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            try:
                self.data = parse_local_decimal(valuelist[0])
            except ValueError as error:
                raise ValueError(str(error)) from None


def choices(labels: dict) -> list[SelectChoice]:
    """Select/radio choices from a code -> label mapping (labels stay lazy, so translated late)."""
    return [SelectChoice(value, label) for value, label in labels.items()]
