"""Admin BKD: the spread rules of the calibration (domain.md section 5) as editable data."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.admin import bp
from portal.admin.routes import admin_required
from portal.extensions import db
from portal.fields import LocalDecimalField, choices
from portal.forms import PortalForm
from portal.labels import (
    DISTRIBUTION_KIND_LABELS, ORG_PREDIKAT_LABELS, PREDIKAT_LABELS, REFUSALS,
)
from portal.models import DistributionRule
from portal.rules.distribution import AT_MOST, KINDS, ORG_PREDIKAT, SOME
from portal.rules.predikat import PREDIKAT_ORDER
from portal.services.review import calibration as service
from portal.services.errors import Refused
from portal.web import refusal_text


class PredikatChoiceField(SelectMultipleField):
    """Employee predikat as checkboxes; unknown values are refused in Indonesian (see validate)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        pass  # DistributionRuleForm.validate_predikat says it in the user's language


class DistributionRuleForm(PortalForm):
    """One spread rule: for which organisation predikat, what kind, over which employee predikat."""

    org_predikat = SelectField(_l("Predikat kinerja organisasi"),
                               choices=choices(ORG_PREDIKAT_LABELS))
    kind = SelectField(_l("Jenis aturan"), choices=choices(DISTRIBUTION_KIND_LABELS))
    predikat = PredikatChoiceField(_l("Predikat pegawai"), choices=choices(PREDIKAT_LABELS))
    percent = LocalDecimalField(_l("Persentase"))

    def validate_predikat(self, field):
        if not field.data or any(p not in PREDIKAT_ORDER for p in field.data):
            raise ValidationError(str(REFUSALS["distribution_predikat_required"]))

    def validate_percent(self, field):
        if self.kind.data == SOME:
            return  # "there must be some" counts people, not a share
        if field.data is None or not 0 <= field.data <= 100:
            raise ValidationError(str(REFUSALS["percent_out_of_range"]))


def _edit_form(row: DistributionRule) -> DistributionRuleForm:
    rule = service.as_rule(row)
    return DistributionRuleForm(formdata=None, prefix=f"r{row.id}", org_predikat=rule.org_predikat,
                                kind=rule.kind, predikat=list(rule.predikat), percent=rule.percent)


def _page(status: int = 200, message: str | None = None, **overrides):
    """The rules grouped by organisation predikat, each with its edit form, and the add form."""
    rows = service.rule_rows()
    forms = {row.id: _edit_form(row) for row in rows}
    new_form = DistributionRuleForm(formdata=None, prefix="new", kind=AT_MOST)
    for name, form in overrides.items():
        if name == "new_form":
            new_form = form
        else:
            forms[int(name)] = form
    groups = [(org, [row for row in rows if row.org_predikat == org]) for org in ORG_PREDIKAT]
    return render_template(
        "admin/distribution.html", groups=groups, forms=forms, new_form=new_form,
        button_form=PortalForm(), message=message, rules={r.id: service.as_rule(r) for r in rows},
        ORG_PREDIKAT_LABELS=ORG_PREDIKAT_LABELS, DISTRIBUTION_KIND_LABELS=DISTRIBUTION_KIND_LABELS,
        KINDS=KINDS, AT_MOST=AT_MOST, SOME=SOME,
    ), status


def _save(rule_id: int | None, form: DistributionRuleForm, override: str):
    if not form.validate():
        return _page(422, _("Periksa isian aturan sebaran."), **{override: form})
    try:
        service.save_rule(rule_id, org_predikat=form.org_predikat.data, kind=form.kind.data,
                          predikat=form.predikat.data, percent=form.percent.data)
    except Refused as refusal:
        db.session.rollback()
        return _page(refusal.status, refusal_text(refusal),
                     **{override: form})
    flash(_("Aturan sebaran %(org)s disimpan.",
            org=ORG_PREDIKAT_LABELS[form.org_predikat.data]), "success")
    return redirect(url_for("admin.distribution"), code=303)


@bp.route("/distribution")
@admin_required
def distribution():
    """List the spread rules per organisation predikat, each editable, and a form to add one."""
    return _page()


@bp.route("/distribution", methods=["POST"])
@admin_required
def add_rule():
    """Add a spread rule."""
    return _save(None, DistributionRuleForm(prefix="new"), "new_form")


@bp.route("/distribution/<int:rule_id>", methods=["POST"])
@admin_required
def edit_rule(rule_id: int):
    """Change a spread rule (percent, kind, employee predikat)."""
    if db.session.get(DistributionRule, rule_id) is None:
        abort(404)
    return _save(rule_id, DistributionRuleForm(prefix=f"r{rule_id}"), str(rule_id))


@bp.route("/distribution/<int:rule_id>/delete", methods=["POST"])
@admin_required
def delete_rule(rule_id: int):
    """Delete a spread rule."""
    if not PortalForm().validate_on_submit():
        abort(400)
    try:
        service.delete_rule(rule_id)
    except Refused:
        abort(404)
    flash(_("Aturan sebaran dihapus."), "success")
    return redirect(url_for("admin.distribution"), code=303)
