"""Text typed by users, checked the same way by every service: refused, never cut.

A note longer than its limit used to be cut silently while the page said "saved"; a NUL
character is stored by SQLite but refused by PostgreSQL. Both are refused here with a message
the web layer shows on the field (Invalid details: field, max, length).
"""
from __future__ import annotations

from portal.services.errors import Invalid


def clean_text(value: str | None, *, max_length: int, field: str | None = None) -> str:
    """value stripped of surrounding blanks, refused when it holds a NUL or is too long.

    Raises:
        Invalid: text_nul, or text_too_long (details: max, length).
    """
    text = (value or "").strip()
    if "\x00" in text:
        raise Invalid("text_nul", field=field)
    if len(text) > max_length:
        raise Invalid("text_too_long", field=field, max=max_length, length=len(text))
    return text
