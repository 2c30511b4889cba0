"""The download links of an assessment's documents (portal.templating.document_links, on the
assessment page, its documents list and the employee's history) are the HTML the macro they
replaced wrote, whitespace included: the SKP, the annual evaluation and each period's, by the
period's name in the reader's language."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from flask import session

from portal.documents.service import DocumentLink, EvaluationPeriod
from portal.templating import document_links

# _macros/documents.html as it was, imported by the page's list and the history
MACRO = """{% macro document_links(a, documents) -%}
<ul class="documents">
  {% for doc in documents %}
  {% if doc.kind == "skp" %}
  <li><a href="{{ url_for('documents.skp', assessment_id=a.id) }}" download>{{ _("Dokumen SKP") }}</a> <small>(PDF)</small></li>
  {% else %}
  <li><a href="{{ url_for('documents.evaluasi', assessment_id=a.id, number=doc.period.number) }}" download>{{ _("Dokumen Evaluasi Kinerja Pegawai %(period)s", period=doc.period.ui_label()) }}</a> <small>(PDF)</small></li>
  {% endif %}
  {% endfor %}
</ul>
{%- endmacro %}{{ document_links(a, documents) }}"""


def evaluation(number: int, frequency: str) -> DocumentLink:
    day = dt.date(2026, 1, 1)
    return DocumentLink("evaluasi", EvaluationPeriod(number, frequency, day, day))


LISTS = [
    [],
    [DocumentLink("skp")],
    [DocumentLink("skp"), evaluation(0, "annual")],
    [DocumentLink("skp"), evaluation(0, "annual"), *(evaluation(n, "quarterly")
                                                    for n in (1, 2, 3, 4))],
    [DocumentLink("skp"), *(evaluation(n, "monthly") for n in (1, 6, 12))],
]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_links_are_written_as_the_macro_wrote_them(app, lang):
    with app.test_request_context():
        session["lang"] = lang
        template = app.jinja_env.from_string(MACRO)
        for assessment_id in (7, 1234):
            a = SimpleNamespace(id=assessment_id)
            for documents in LISTS:
                assert document_links(a, documents) == template.render(a=a, documents=documents)


def test_a_period_is_named_in_the_readers_language(app):
    with app.test_request_context():
        session["lang"] = "en"
        written = document_links(SimpleNamespace(id=3), [evaluation(2, "quarterly")])
    assert "/documents/assessments/3/evaluasi-2.pdf" in written
    assert ">Employee performance evaluation document, " in written
    assert "Triwulan" not in written
