"""The English catalogue covers every user-facing string of the current source and stays usable.

The UI is written in Indonesian (the msgids); translations/en/LC_MESSAGES/messages.po holds the
English. These tests re-extract the messages from portal/ and templates/ exactly as
`make translations-update` does, so a new or changed string without an English translation fails
here instead of silently showing Indonesian to English readers.
"""
from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
EN_PO = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"

# %(name)s, %(count)d, %(value).1f ... : the named placeholders Flask-Babel fills in.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")

HOW_TO_FIX = ("Run `make translations-update`, then translate the new entries in "
              f"{EN_PO.relative_to(ROOT)} (no empty msgstr, no fuzzy flag).")


def _ids(message) -> tuple[str, ...]:
    """A message's id(s) as a tuple (plural messages have two)."""
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.fixture(scope="module")
def english():
    with EN_PO.open("rb") as f:
        return read_po(f, locale="en")


def _extract(pot: Path) -> None:
    # Same options as `make translations-update`. The input path must be "." with the project
    # root as cwd: babel.cfg's patterns (portal/**.py, templates/**.html) are relative to the
    # input directory. Hidden directories (.venv, .git) are pruned by the default ignore list,
    # which --ignore-dirs replaces, so it is repeated here alongside the big untracked folders.
    done = subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract",
         "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
         "--ignore-dirs", ".* ._ node_modules test-artifacts instance __pycache__",
         "-o", str(pot), "--no-location", "--sort-output", "--project", "Kinerja", "."],
        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"pybabel extract failed:\n{done.stderr}"


def test_every_message_in_the_source_has_an_english_translation(tmp_path, english):
    pot = tmp_path / "messages.pot"
    _extract(pot)
    with pot.open("rb") as f:
        template = read_po(f)
    extracted = [m for m in template if m.id]
    assert len(extracted) > 100, "extraction found almost nothing: babel.cfg patterns broken?"

    missing = []
    for message in extracted:
        translated = english.get(message.id, message.context)
        if (translated is None or translated.fuzzy
                or not all(s.strip() for s in _strings(translated))):
            missing.append(" / ".join(_ids(message)))
    assert not missing, (
        f"{len(missing)} message(s) without an English translation:\n  "
        + "\n  ".join(missing) + "\n" + HOW_TO_FIX)


def test_catalogue_has_no_fuzzy_or_empty_entries(english):
    assert not english.fuzzy, "the catalogue header is marked fuzzy; remove the flag"
    bad = [" / ".join(_ids(m)) for m in english
           if m.id and (m.fuzzy or not all(s.strip() for s in _strings(m)))]
    assert not bad, "fuzzy or empty entries:\n  " + "\n  ".join(bad) + "\n" + HOW_TO_FIX


def test_translations_keep_the_placeholders_of_their_msgid(english):
    wrong = []
    for message in english:
        if not message.id:
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(_ids(message))))
        for string in _strings(message):
            if string and set(PLACEHOLDER.findall(string)) != wanted:
                wrong.append(f"{_ids(message)[0]!r} -> {string!r} (expected {sorted(wanted)})")
    # Babel's own checks (python-format compatibility and the like).
    wrong += [f"{m.id!r}: {'; '.join(map(str, errors))}" for m, errors in english.check()]
    assert not wrong, "placeholders changed in translation:\n  " + "\n  ".join(wrong)


def test_catalogue_compiles(english):
    buffer = io.BytesIO()
    write_mo(buffer, english)
    assert len(buffer.getvalue()) > 100
