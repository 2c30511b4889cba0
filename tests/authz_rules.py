"""Who may use every route of the portal: the table the authorisation matrix test checks.

Each endpoint (and method) names who may use it. A set of personas (see tests/conftest.py `org`)
speaks of the Dukcapil side ("ours": the ASN's assessment, the Dukcapil agency, unit, employee...)
and is carried over to the Dinas Kesehatan side ("theirs") by MIRROR: there the outsider is the
owner, the Dinkes committee the committee, the admin the admin; the ASN's supervisor, peer, head
and the Dukcapil committee are from another agency. A dict {"ours": ..., "theirs": ...} says both
sides outright. A route whose URL has no object is asked once per persona.

Objects the test organisation does not hold (an objection, a peer review, an import, a bundle...)
are ABSENT: their URL points at no row, so only the refusal of the wrong personas is checked there
(the allowed ones may answer 404).
"""
from __future__ import annotations

PERSONAS = ("anonymous", "asn", "supervisor", "peer", "head", "committee", "outsider",
            "other_committee", "admin")
SIGNED_IN = frozenset(PERSONAS) - {"anonymous"}
PUBLIC = frozenset(PERSONAS)
ADMIN = frozenset({"admin"})
WITH_A_POST = frozenset({"asn", "supervisor", "peer", "head", "committee", "outsider"})
# The ASN's assessment is seen by the ASN, their assessor, the approver and the calibration
# committee of the agency, and the BKD admin (domain.md §6); never by a peer or another agency.
ASSESSMENT = frozenset({"asn", "supervisor", "head", "committee", "admin"})
# Agency-wide oversight pages: the head and the committee of an agency, and the BKD admin.
OVERSIGHT = frozenset({"head", "committee", "other_committee", "admin"})
COMMITTEES = frozenset({"committee", "other_committee"})

MIRROR = {"asn": "outsider", "committee": "other_committee", "admin": "admin",
          "anonymous": "anonymous"}


# endpoint -> {method: who} (who: a frozenset or {"ours": set, "theirs": set}); optional keys:
# "args" fixed URL arguments, "form" form fields filled with the side's object ids, "absent"
# names URL arguments that point at no row.
RULES: dict[str, dict] = {
    # public
    "home.healthz": {"GET": PUBLIC},
    "auth.login": {"GET": PUBLIC, "POST": PUBLIC},
    "auth.language": {"POST": PUBLIC, "args": {"code": "id"}},
    "survey.form": {"GET": PUBLIC, "POST": PUBLIC},
    "survey.thanks": {"GET": PUBLIC},
    # any signed-in user, about themself
    "home.index": {"GET": SIGNED_IN},
    "auth.logout": {"POST": SIGNED_IN, "ends_at_login": True},
    "auth.password": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "assessments.mine": {"GET": SIGNED_IN},
    "notifications.index": {"GET": SIGNED_IN},
    "notifications.badge": {"GET": SIGNED_IN},
    "notifications.read_all": {"POST": SIGNED_IN},
    "notifications.read": {"POST": frozenset({"asn"})},
    "objections.index": {"GET": SIGNED_IN},
    "peers.index": {"GET": SIGNED_IN},
    "team.index": {"GET": SIGNED_IN},
    # help: the guides, the glossary and one's own practice assessment (another's is not found)
    "help.index": {"GET": SIGNED_IN},
    "help.guide": {"GET": SIGNED_IN, "args": {"role": "employee"}},
    "help.glossary": {"GET": SIGNED_IN},
    "help.practice": {"GET": SIGNED_IN},
    "help.practice_start": {"POST": SIGNED_IN},
    "help.practice_act": {"POST": SIGNED_IN, "absent": {"run_id"}, "args": {"action": "simulate"}},
    "team.export": {"GET": WITH_A_POST},
    # objects the organisation does not hold: only the refusals are checked
    "peers.answer": {"GET": SIGNED_IN, "POST": SIGNED_IN, "absent": {"review_id"}},
    "peers.decide": {"POST": SIGNED_IN, "absent": {"review_id"}},
    "objections.decide": {"POST": SIGNED_IN, "absent": {"objection_id"}},
    "objections.request_explanations": {"POST": SIGNED_IN, "absent": {"objection_id"}},
    "objections.add_statement": {"POST": SIGNED_IN, "absent": {"objection_id"}},
    # one assessment
    **{endpoint: {method: ASSESSMENT} for endpoint, method in [
        ("assessments.show", "GET"), ("assessments.history", "GET"),
        ("assessments.timeline", "GET"), ("assessments.act", "POST"),
        ("assessments.set_approach", "POST"), ("assessments.calibrate_ratings", "POST"),
        ("assessments.upload_evidence", "POST"), ("assessments.add_evidence_link", "POST"),
        ("assessments.save_expectations", "POST"), ("assessments.add_feedback", "POST"),
        ("assessments.update_indicator", "POST"), ("assessments.delete_indicator", "POST"),
        ("assessments.save_periodic_rating", "POST"),
        ("assessments.save_ratings", "POST"), ("assessments.save_realisations", "POST"),
        ("assessments.add_rhk", "POST"), ("assessments.update_rhk", "POST"),
        ("assessments.comment_rhk", "POST"), ("assessments.delete_rhk", "POST"),
        ("assessments.add_indicator", "POST"), ("objections.file", "POST"),
        ("peers.propose_peers", "POST"), ("peers.request_peers", "POST"),
        ("documents.index", "GET"), ("documents.evaluasi", "GET"), ("documents.skp", "GET"),
        ("people.history_page", "GET"),
    ]},
    "assessments.add_lampiran_line": {"POST": ASSESSMENT, "args": {"kind": "konsekuensi"}},
    "assessments.download_evidence": {"GET": ASSESSMENT},
    "assessments.section": {"GET": ASSESSMENT, "args": {"name": "targets"}},
    "assessments.add_evidence_form": {"GET": ASSESSMENT},
    "assessments.delete_evidence": {"POST": ASSESSMENT},
    "assessments.delete_lampiran_line": {"POST": ASSESSMENT},
    # peers are chosen by the ASN and their assessor
    "peers.candidates": {"GET": frozenset({"asn", "supervisor"})},
    # the assessor search: whoever assesses or oversees others
    "search.index": {"GET": frozenset({"supervisor", "head", "committee", "other_committee",
                                       "admin"})},
    # approvals: the head of the unit's agency
    "approvals.index": {"GET": frozenset({"head"})},
    "approvals.approve_unit": {"POST": frozenset({"head"}), "form": {"unit_id": "unit_id"}},
    # calibration: the committees and the head (the BKD admin takes no part: domain.md §6)
    "calibration.index": {"GET": frozenset({"head"}) | COMMITTEES},
    "calibration.distribution": {"GET": frozenset({"head"}) | COMMITTEES},
    "calibration.unit_options": {"GET": frozenset({"head"}) | COMMITTEES},
    "calibration.export": {"GET": frozenset({"head"}) | COMMITTEES},
    "calibration.calibrate_ratings": {"POST": frozenset({"head", "committee"})},
    "calibration.rating_form": {"GET": frozenset({"head", "committee"})},
    "calibration.finish": {"POST": COMMITTEES},
    "calibration.ask_for_org_predikat": {"POST": COMMITTEES},
    "calibration.set_org_predikat": {"POST": frozenset({"head"})},
    # the fairness monitor: the agency's committee and the BKD admin (issue 13 item 4)
    "calibration.fairness": {"GET": COMMITTEES | ADMIN},
    # oversight of an agency
    **{endpoint: {"GET": OVERSIGHT} for endpoint in [
        "monitoring.index", "monitoring.chart", "monitoring.export", "monitoring.skp22_export",
        "monitoring.angka_kredit_export", "monitoring.unit_options",
        "reports.index", "documents.bundles"]},
    "monitoring.exceptions": {"GET": OVERSIGHT, "args": {"kind": "no_skp"}},
    "monitoring.remind": {"GET": OVERSIGHT, "POST": OVERSIGHT},
    "documents.ask_bundle": {"POST": OVERSIGHT},
    "documents.bundle": {"GET": OVERSIGHT, "absent": {"bundle_id"}},
    "documents.bundle_download": {"GET": OVERSIGHT, "absent": {"bundle_id"}},
    "documents.bundle_progress": {"GET": OVERSIGHT, "absent": {"bundle_id"}},
    "documents.penetapan": {"GET": frozenset({"head", "committee", "admin"}),
                            "args": {"year": 2026}},
    # the service catalogue: the BKD admin; the head reads the IKM and comments of their agency
    "catalogue.ikm": {"GET": frozenset({"head", "admin"})},
    "catalogue.comments": {"GET": frozenset({"head", "admin"})},
    "catalogue.qr": {"GET": ADMIN, "args": {"kind": "svg"}},
    **{endpoint: {"GET": ADMIN} for endpoint in [
        "catalogue.index", "catalogue.card", "catalogue.search_officers"]},
    "catalogue.show": {"GET": ADMIN, "POST": ADMIN},
    "catalogue.new_service": {"GET": ADMIN, "POST": ADMIN},
    "catalogue.add_officer": {"POST": ADMIN},
    "catalogue.remove_officer": {"POST": ADMIN},
    # angka kredit of an employee: whoever may read their history, when their post is
    # functional; the ASN's post is Pelaksana (404 to all), the outsider's Fungsional Terampil
    **{endpoint: {"GET": {"ours": frozenset(), "theirs": frozenset(
        {"outsider", "other_committee", "admin"})}}
       for endpoint in ("documents.angka_kredit", "people.angka_kredit_export")},
    # the indicator library: the BKD admin maintains it; the employee copies from it into
    # their own draft SKP (the assessor and the oversight may read the SKP, not edit it)
    **{endpoint: {"GET": ADMIN, "POST": ADMIN} for endpoint in ["library.new",
                                                               "library.sectors"]},
    "library.index": {"GET": ADMIN},
    "library.edit": {"GET": ADMIN, "POST": ADMIN, "absent": {"template_id"}},
    "library.retire": {"POST": ADMIN, "absent": {"template_id"}},
    "library.restore": {"POST": ADMIN, "absent": {"template_id"}},
    "library.choose": {"GET": frozenset({"asn"}), "POST": frozenset({"asn"})},
    # the BKD admin's pages
    "admin.distribution": {"GET": ADMIN},
    "admin.angka_kredit": {"GET": ADMIN},
    "admin.save_jenjang": {"POST": ADMIN, "absent": {"index"}},  # no seed in the test database
    "admin.save_percent": {"POST": ADMIN, "absent": {"index"}},
    "admin.add_rule": {"POST": ADMIN},
    "admin.edit_rule": {"POST": ADMIN, "absent": {"rule_id"}},
    "admin.delete_rule": {"POST": ADMIN, "absent": {"rule_id"}},
    "admin.outside_list": {"GET": ADMIN},
    # an assessment without an assessor in its agency (the outsider's): the admin records it
    "admin.outside_assessment": {"GET": {"ours": frozenset(), "theirs": ADMIN}},
    "admin.outside_record": {"POST": {"ours": frozenset(), "theirs": ADMIN}},
    "admin.outside_scan": {"GET": ADMIN, "absent": {"decision_id"}},
    "admin.periods": {"GET": ADMIN, "POST": ADMIN},
    "admin.period": {"GET": ADMIN},
    "admin.opening_progress": {"GET": ADMIN, "absent": {"opening_id"}},
    "admin.jobs_page": {"GET": ADMIN},
    **{endpoint: {"POST": ADMIN} for endpoint in [
        "admin.close", "admin.set_deadlines", "admin.set_frequency", "admin.open_",
        "admin.set_peer_threshold"]},
    **{endpoint: {"GET": ADMIN} for endpoint in [
        "people.index", "people.accounts", "people.account", "people.accounts_export",
        "people.agency", "people.agency_export", "people.agency_history", "people.employee",
        "people.imports"]},
    **{endpoint: {"POST": ADMIN} for endpoint in [
        "people.reset_password", "people.grant_role", "people.leave", "people.move",
        "people.delete_unit"]},
    "people.set_enabled": {"POST": ADMIN, "args": {"change": "disable"}},
    "people.withdraw_role": {"POST": ADMIN},
    **{endpoint: {"GET": ADMIN, "POST": ADMIN} for endpoint in [
        "people.edit_agency", "people.new_position", "people.new_unit", "people.new_agency",
        "people.edit_position", "people.edit_unit"]},
    "people.upload": {"GET": ADMIN, "POST": ADMIN, "args": {"kind": "employees"}},
    "people.template": {"GET": ADMIN, "args": {"kind": "employees"}},
    "people.show": {"GET": ADMIN, "absent": {"import_id"}},
    "people.apply": {"POST": ADMIN, "absent": {"import_id"}},
    "people.progress": {"GET": ADMIN, "absent": {"import_id"}},
    "people.report_csv": {"GET": ADMIN, "absent": {"import_id"}},
    "people.end_acting": {"POST": ADMIN, "absent": {"posting_id"}},
    # tindak lanjut: BKD and the agency heads decide; a plan is seen by its employee, their
    # assessor and the assessor's superior, the agency head and BKD (the rows are absent here:
    # tests/http/test_followup.py checks them with plans that exist)
    **{endpoint: {"GET": frozenset({"head", "admin"})} for endpoint in [
        "followup.index", "followup.export", "followup.overdue"]},
    "followup.for_assessment": {"GET": ASSESSMENT},
    "followup.show": {"GET": frozenset({"head", "admin"}), "absent": {"followup_id"}},
    "followup.decide": {"POST": frozenset({"head", "admin"}), "absent": {"followup_id"}},
    "followup.outcome": {"POST": frozenset({"head", "admin"}), "absent": {"followup_id"}},
    "followup.plan": {"GET": frozenset({"asn", "supervisor", "head", "admin"}),
                      "absent": {"plan_id"}},
    **{endpoint: {"POST": frozenset({"asn", "supervisor"}), "absent": {"plan_id"}}
       for endpoint in ["followup.add_item", "followup.set_dates", "followup.agree",
                        "followup.checkin", "followup.close"]},
    "followup.remove_item": {"POST": frozenset({"asn", "supervisor"}),
                             "absent": {"plan_id", "item_id"}},
    "records.index": {"GET": ADMIN},
    "records.template": {"GET": ADMIN},
    "records.upload": {"GET": ADMIN, "POST": ADMIN},
    "records.show": {"GET": ADMIN, "absent": {"import_id"}},
    "records.problems_csv": {"GET": ADMIN, "absent": {"import_id"}},
    "records.progress": {"GET": ADMIN, "absent": {"import_id"}},
}


def who_may(rule: dict, method: str, side: str) -> frozenset:
    """The personas allowed to use the endpoint with method on the side's object."""
    who = rule[method]
    if isinstance(who, dict):
        return who[side]
    if side == "ours" or who in (PUBLIC, SIGNED_IN):
        return who
    return frozenset(MIRROR[p] for p in who if p in MIRROR) | (who & {"outsider",
                                                                       "other_committee"})
