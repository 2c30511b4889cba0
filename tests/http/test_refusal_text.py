"""A refusal's message reads whole in either language whatever it holds: its named details
filled in, and a literal "%" (a unit of measure, "… atau %.") kept, with details or without."""
from __future__ import annotations

from flask_babel import force_locale

from portal.services.errors import Invalid
from portal.web import fill, refusal_text


def test_a_message_with_a_literal_percent_is_shown_whole_when_the_refusal_carries_details(app):
    with app.test_request_context("/"):
        plain = refusal_text(Invalid("unit_required"))
        located = refusal_text(Invalid("unit_required", field="unit", row=2))
        with force_locale("en"):
            english = refusal_text(Invalid("unit_required", field="unit", row=2))

    assert plain == located == "Isi satuan target, misalnya dokumen atau %."
    assert english.endswith("%.")


def test_named_details_are_filled_and_a_percent_sign_or_a_missing_detail_kept():
    assert fill("%(name)s: 100% dari %(max)d, sisa %(left).1f %(gone)s",
                {"name": "Ana", "max": 5, "left": 2.25}) == "Ana: 100% dari 5, sisa 2.2 %(gone)s"
    assert fill("pasangan %(pair)s", {"pair": (1, 2)}) == "pasangan (1, 2)"
