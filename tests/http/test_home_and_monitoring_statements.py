"""The home and monitoring pages ask a small, fixed number of SQL statements: the home page
gathers the user's queues in one statement (services.messaging.queues._home_statement) and
monitoring runs statements built once per process (services.review.monitoring). The counts
are pinned, so a statement added back shows here; what each page shows is checked with them."""
from __future__ import annotations

import pytest

from portal.extensions import db
from portal.models import OrgPredikat
from portal.models.base import utcnow
from tests.http.helpers import counting_queries, set_state


def _statements(client, url: str) -> tuple[int, str]:
    client.get(url)  # templates compiled, the stored monitoring figures computed
    with counting_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements), response.get_data(as_text=True)


# The user (loader), the open periods, their queues (one statement, which also tells whether
# objections, results open to objection or development plans may wait for an employee: none
# here, so those lists are not asked); the BKD admin (no post, no agency role) reads no queue.
@pytest.mark.parametrize("who, expected", [
    ("asn", 3), ("supervisor", 3), ("head", 3), ("committee", 3), ("other_committee", 3),
    ("admin", 2),
])
def test_the_home_page_asks_one_statement_for_all_the_users_queues(org, login_as, who,
                                                                   expected):
    count, _html = _statements(login_as(getattr(org, who)), "/")

    assert count == expected


def test_the_home_page_asks_for_the_objectable_results_only_when_one_may_be(org, login_as):
    set_state(org.assessment_id(org.asn), "approved", finalised_at=utcnow())

    count, html = _statements(login_as(org.asn), "/")

    assert count == 4  # and the results still open to objection
    assert 'data-task="objection-file"' in html


def test_the_home_page_of_an_approver_shows_each_queue_of_that_one_statement(org, login_as):
    set_state(org.assessment_id(org.asn), "calibrated")
    set_state(org.assessment_id(org.peer), "reviewed")
    client = login_as(org.head)

    _count, html = _statements(client, "/")

    assert 'data-task="own"' in html and 'data-task="team"' in html
    assert "1 pegawai yang Anda nilai." in html
    assert ("Persetujuan Dinas Kependudukan dan Pencatatan Sipil</a>:\n      "
            "1 penilaian terkalibrasi menunggu persetujuan Anda.") in html
    assert ("Tetapkan predikat kinerja organisasi Dinas Kependudukan dan Pencatatan Sipil"
            in html)

    db.session.add(OrgPredikat(agency_id=org.agency_id, period_id=org.period_id,
                               predikat="baik", basis="Capaian kinerja instansi",
                               set_by_id=org.head.user_id))
    db.session.commit()
    _count, html = _statements(client, "/")

    assert 'data-task="org-predikat"' not in html
    assert 'data-task="approval"' in html


def test_the_home_page_of_a_committee_member_counts_the_calibration_queue(org, login_as):
    set_state(org.assessment_id(org.asn), "reviewed")
    set_state(org.assessment_id(org.peer), "reviewed")

    _count, html = _statements(login_as(org.committee), "/")

    assert ("Kalibrasi Dinas Kependudukan dan Pencatatan Sipil</a>:\n      "
            "2 penilaian menunggu kalibrasi.") in html
    assert 'data-task="approval"' not in html and 'data-task="org-predikat"' not in html


# The user, the agencies they may watch, the periods, the counts by agency and state, a page of
# the list; across agencies the stored figures (exceptions, completion) and the counts this
# process counted on the first view, less than COUNTS_MAX_AGE ago (5), for one agency the
# exceptions and the completion counted live (7: the committee member watches one), and with an
# agency asked for, its units for the unit picker (8), whatever the other filters.
@pytest.mark.parametrize("who, query, expected", [
    ("admin", "", 5),
    ("admin", "?agency={agency}", 8),
    ("admin", "?agency={agency}&state=reviewed&overdue=1&page=2", 8),
    ("committee", "", 7),
    ("head", "?agency={agency}&unit_q=Bidang", 8),
])
def test_the_monitoring_page_asks_the_same_few_statements_whatever_its_filters(
        org, login_as, who, query, expected):
    count, html = _statements(login_as(getattr(org, who)),
                              "/monitoring/" + query.format(agency=org.agency_id))

    assert 'id="monitoring-figures"' in html
    assert count == expected
