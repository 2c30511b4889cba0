"""An indicator's target (portal.templating.indicator_target, written by the indicator cards, the
SKP's rows, the objective evidence panel and the library) is the HTML the template it replaced
wrote: a success measure, a range or a number with its unit, "makin kecil makin baik" where
lower is better, every value escaped; in both languages."""
from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from flask import session

from portal.templating import indicator_target

# assessments/_target.html as it was, included by each card and row
TEMPLATE = """
{%- if ind.target_text and ind.target_value is none -%}
{{ ind.target_text }}
{%- elif ind.target_max is not none -%}
{{ ind.target_value | number }}–{{ ind.target_max | number }} {{ ind.target_unit }}
{%- else -%}
{{ ind.target_value | number }} {{ ind.target_unit }}{% if ind.lower_is_better %} <small>({{ _("makin kecil makin baik") }})</small>{% endif %}
{%- endif -%}
"""


def indicator(value=None, most=None, unit="", lower=False, text=None):
    return SimpleNamespace(target_value=value, target_max=most, target_unit=unit,
                           lower_is_better=lower, target_text=text)


INDICATORS = [
    indicator(Decimal("2000"), unit="dokumen"),
    indicator(Decimal("99.50"), unit="%"),
    indicator(Decimal("1"), unit="hari", lower=True),
    indicator(Decimal("12.25"), Decimal("1500"), unit="<b>m²</b> & \"x\""),
    indicator(Decimal("3"), Decimal("4"), unit="jam", lower=True),
    indicator(text='Laporan <diterima> & "tepat waktu"'),
    indicator(Decimal("5"), unit="laporan", text="Tercapai"),
    indicator(None, unit="dokumen"),
    indicator(None),
    indicator(Decimal("0"), unit="kali", lower=True, text=""),
    indicator(7, unit="unit"),
]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_target_is_written_as_its_template_wrote_it(app, lang):
    with app.test_request_context():
        session["lang"] = lang
        template = app.jinja_env.from_string(TEMPLATE)
        for ind in INDICATORS:
            assert indicator_target(ind) == template.render(ind=ind), ind
